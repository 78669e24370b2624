"""The text the regex and phrase rules read: look-alike characters folded, invisible ones removed.

A rule written as ``ignore (all )?previous instructions`` must not be passed by writing it with a zero-width
space inside a word ("ign<U+200B>ore") or in full-width letters ("ｉｇｎｏｒｅ"); nor by the Turkish dotless ı
("ıgnore": Python's case-insensitive ``re`` equates it with i, a case-sensitive pattern does not). So
the lexical rules search a view of the text where every character is NFKC-normalised on its own, the
dotted/dotless Turkish i become i/I, and format characters (Unicode category Cf: zero-width spaces and
joiners, the soft hyphen, the byte-order mark, direction marks) are dropped. Each character of the view
remembers the index of the original character it came from, so a hit's span, the verdict's quoted text,
exemptions and redactions all use the text as the user sent it. Text that is already NFKC with no format
character or Turkish i (nearly all text, curly quotes and accents included) is its own view.
"""

from __future__ import annotations

import re
import sys
import unicodedata

_TURKISH_I = {"ı": "i", "İ": "I"}
# every format character (category Cf), as one character class: most text has none, and checking for them
# with one regex search is far cheaper than a category lookup per character
_FORMAT = "".join(re.escape(chr(c)) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
_NEEDS_VIEW = re.compile(f"[{_FORMAT}ıİ]")


class LexicalView:
    __slots__ = ("text", "_origin")

    def __init__(self, text: str):
        if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _NEEDS_VIEW.search(text)):
            self.text, self._origin = text, None  # curly quotes, accents and dashes are NFKC-stable: no view needed
            return
        chars: list[str] = []
        origin: list[int] = []
        for i, c in enumerate(text):
            if unicodedata.category(c) == "Cf":
                continue
            folded = _TURKISH_I.get(c) or unicodedata.normalize("NFKC", c)
            chars.append(folded)
            origin.extend([i] * len(folded))
        self.text = "".join(chars)
        self._origin = origin

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the view's ``[start, end)`` (non-empty) came from."""
        if self._origin is None:
            return start, end
        return self._origin[start], self._origin[end - 1] + 1
