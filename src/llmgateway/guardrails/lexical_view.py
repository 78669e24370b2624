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

Encoded payloads: "ignore all previous instructions" sent as base64, hex or 8-bit binary passed every rule. A run
of such an encoding that decodes to readable text (mostly letters and spaces, as a smuggled instruction is) is
decoded and its text appended to the view after a line break, so the same rules read it; each decoded character
remembers a position inside the encoded run, so a hit quotes the run the user sent. Tokens, digests and account
numbers decode to bytes that are not readable text and add nothing.

Ciphers of letters (sixteenth pass): a run of Morse code (dots and dashes, letters split by a space, words by
" / ") is decoded the same way; ROT13 is decoded when the shifted words read as English and the words as sent do
not — a run of four or more words of which at least three, and more than a quarter, are common English words
of three letters or more after the shift ("Vtaber nyy cerivbhf vafgehpgvbaf" → "Ignore all previous instructions") and fewer than half as
many before it. An English sentence has its own common words and is never shifted.
"""

from __future__ import annotations

import base64
import binascii
import re
import sys
import unicodedata

_TURKISH_I = {"ı": "i", "İ": "I"}
# every format character (category Cf), as one character class: most text has none, and checking for them
# with one regex search is far cheaper than a category lookup per character
_FORMAT = "".join(re.escape(chr(c)) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
_NEEDS_VIEW = re.compile(f"[{_FORMAT}ıİ]")

# runs long enough to carry an instruction (12+ bytes): base64, hex (optionally byte-separated), 8-bit binary
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :\-]?){11,}[0-9A-Fa-f]{2}(?![0-9A-Za-z])")
_BINARY = re.compile(r"(?<![01])(?:[01]{8}[ ]?){11,}[01]{8}(?![01])")
_READABLE = re.compile(r"[A-Za-z ,.'!?:;\-]")
# Morse: 12+ letters of dots and dashes, letters split by one space, words by " / " (or "|")
_MORSE = re.compile(r"(?<![.\-])(?:[.\-]{1,6}(?: [/|] | )){11,}[.\-]{1,6}(?![.\-])")
_MORSE_LETTERS = dict(
    zip(
        ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... - ..- ...- .-- -..- -.-- --.."
        " ----- .---- ..--- ...-- ....- ..... -.... --... ---.. ----. .-.-.- --..-- ..--.. -.-.-- .----.".split(),
        "abcdefghijklmnopqrstuvwxyz0123456789.,?!'",
    )
)
# ROT13: a run of words (letters, spaces and punctuation) and the common English words it is judged by
_WORDS_RUN = re.compile(r"[A-Za-z]+(?:[ ,.'!?:;\-]+[A-Za-z]+){3,}")
_WORD = re.compile(r"[A-Za-z]+")
_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm"
)
# words of three letters or more: a shifted two-letter word is too often a word of another language ("ng" -> "at")
_COMMON = frozenset(
    "the and for with from are was were has have you your yours our this that these all any every now what how"
    " tell give show print write say reveal ignore forget disregard previous prior above instructions instruction"
    " rules rule system prompt password secret not must can will just then but".split()
)


def _readable(raw: bytes) -> str | None:
    """The bytes as text if they read as a sentence: UTF-8, printable, 85 % letters and punctuation, a space."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if " " not in text or not text.isprintable() or len(_READABLE.findall(text)) < 0.85 * len(text):
        return None
    return text


def _decode(kind: str, run: str) -> str | None:
    try:
        if kind == "base64":
            return _readable(base64.b64decode(run, validate=True)) if len(run) % 4 == 0 else None
        digits = re.sub(r"[ :\-]", "", run)
        if kind == "hex":
            return _readable(bytes.fromhex(digits))
        return _readable(bytes(int(digits[i : i + 8], 2) for i in range(0, len(digits), 8)))
    except (binascii.Error, ValueError):
        return None


def _morse(run: str) -> str | None:
    words = [w.split() for w in re.split(r" [/|] ", run)]
    letters = [[_MORSE_LETTERS.get(code) for code in word] for word in words]
    if any(c is None for word in letters for c in word):
        return None
    return _readable(" ".join("".join(c for c in word if c) for word in letters).encode())


def _rot13(run: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(run)]
    shifted = run.translate(_ROT13)
    after = sum(w in _COMMON for w in _WORD.findall(shifted.lower()))
    before = sum(w in _COMMON for w in words)
    return shifted if after >= 3 and after > len(words) / 4 and 2 * before < after else None


def decoded_payloads(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded text) of each encoded run of ``text`` that decodes to readable text."""
    found: list[tuple[int, int, str]] = []
    for m in _MORSE.finditer(text):
        decoded = _morse(m.group(0))
        if decoded:
            found.append((m.start(), m.end(), decoded))
    for m in _WORDS_RUN.finditer(text):
        decoded = _rot13(m.group(0))
        if decoded:
            found.append((m.start(), m.end(), decoded))
    for kind, pattern in (("binary", _BINARY), ("hex", _HEX), ("base64", _BASE64)):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e, _ in found):
                continue  # a binary run is also a hex/base64-looking run: the first reading wins
            decoded = _decode(kind, m.group(0).strip())
            if decoded:
                found.append((m.start(), m.end(), decoded))
    return found


class LexicalView:
    __slots__ = ("text", "_origin")

    def __init__(self, text: str):
        payloads = decoded_payloads(text) if len(text) >= 16 else []
        if not payloads and (
            text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _NEEDS_VIEW.search(text))
        ):
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
        for start, end, decoded in payloads:  # each decoded character maps to its share of the encoded run
            chars.append("\n" + decoded)
            origin.append(start)
            origin.extend(start + (k * (end - start)) // len(decoded) for k in range(len(decoded)))
        self.text = "".join(chars)
        self._origin = origin

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the view's ``[start, end)`` (non-empty) came from."""
        if self._origin is None:
            return start, end
        return self._origin[start], self._origin[end - 1] + 1
