"""The text the regex and phrase rules read: look-alike characters folded, invisible ones removed.

A rule written as ``ignore (all )?previous instructions`` must not be passed by writing it with a zero-width
space inside a word ("ign<U+200B>ore") or in full-width letters ("ｉｇｎｏｒｅ"); nor by the Turkish dotless ı
("ıgnore": Python's case-insensitive ``re`` equates it with i, a case-sensitive pattern does not). So
the lexical rules search a view of the text where every character is NFKC-normalised on its own, the
dotted/dotless Turkish i become i/I, typographic apostrophes (’ ‘) the ASCII one, and format characters (Unicode
category Cf: zero-width spaces and joiners, the soft hyphen, the byte-order mark, direction marks) are dropped. Each character of the view
remembers the index of the original character it came from, so a hit's span, the verdict's quoted text,
exemptions and redactions all use the text as the user sent it. Text that is already NFKC with no format
character or Turkish i (nearly all text, curly quotes and accents included) is its own view, apostrophes folded.

Encoded payloads: "ignore all previous instructions" sent as base64, base32, Ascii85, hex or 8-bit binary passed every
rule. A run
of such an encoding that decodes to readable text (mostly letters and spaces, as a smuggled instruction is) is
decoded and its text appended to the view after a line break, so the same rules read it; each decoded character
remembers a position inside the encoded run, so a hit quotes the run the user sent. Tokens, digests and account
numbers decode to bytes that are not readable text and add nothing. The same holds for the text-level tricks of
garak's encoding probes that need no alphabet of their own (`obfuscation.py`): Morse code, Braille, NATO code words,
ROT13, leetspeak and text written backwards are decoded only when the decoded text reads as English and the sent text
does not; in a text with combining marks stacked on its letters ("Zalgo") the view drops those marks.
"""

from __future__ import annotations

import base64
import binascii
import re
import sys
import unicodedata

from .obfuscation import obfuscated_runs

_TURKISH_I = {"ı": "i", "İ": "I"}
# typographic apostrophes read as the ASCII one: "can’t go wrong" is the phrase "can't go wrong", and "doesn’t
# guarantee" a negation (issue #15, thirteenth answer pass); one character for one, so offsets are unchanged
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_FOLD = {**_TURKISH_I, "’": "'", "‘": "'"}
# every format character (category Cf), as one character class: most text has none, and checking for them
# with one regex search is far cheaper than a category lookup per character
_FORMAT = "".join(re.escape(chr(c)) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
_NEEDS_VIEW = re.compile(f"[{_FORMAT}ıİ]")
# "Zalgo" text: three or more combining marks stacked on a letter; in such a text the view drops every combining mark
# of these blocks (a single accent is composed by NFKC and kept; stacked ones only hide the letters from the rules)
_COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_ZALGO = re.compile(f"[{_COMBINING}]{{3,}}")
_COMBINING_MARK = re.compile(f"[{_COMBINING}]")

# runs long enough to carry an instruction (12+ bytes): base64, base32, Ascii85 (Adobe's <~ ~>), hex (optionally
# byte-separated), 8-bit binary
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :\-]?){11,}[0-9A-Fa-f]{2}(?![0-9A-Za-z])")
_BASE32 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Z2-7]{16,}={0,6}(?![A-Za-z0-9+/=])")
_ASCII85 = re.compile(r"<~[!-u\s]{15,}~>")
_BINARY = re.compile(r"(?<![01])(?:[01]{8}[ ]?){11,}[01]{8}(?![01])")
_READABLE = re.compile(r"[A-Za-z ,.'!?:;\-]")


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
        if kind == "base32":
            return _readable(base64.b32decode(run)) if len(run) % 8 == 0 else None
        if kind == "ascii85":
            return _readable(base64.a85decode(run, adobe=True))
        if kind == "base64":
            return _readable(base64.b64decode(run, validate=True)) if len(run) % 4 == 0 else None
        digits = re.sub(r"[ :\-]", "", run)
        if kind == "hex":
            return _readable(bytes.fromhex(digits))
        return _readable(bytes(int(digits[i : i + 8], 2) for i in range(0, len(digits), 8)))
    except (binascii.Error, ValueError):
        return None


def decoded_payloads(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded text) of each encoded run of ``text`` that decodes to readable text."""
    found: list[tuple[int, int, str]] = []
    kinds = [("binary", _BINARY), ("hex", _HEX), ("base32", _BASE32), ("base64", _BASE64)]
    if "<~" in text:
        kinds.insert(0, ("ascii85", _ASCII85))
    for kind, pattern in kinds:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e, _ in found):
                continue  # a binary run is also a hex/base64-looking run: the first reading wins
            decoded = _decode(kind, m.group(0).strip())
            if decoded:
                found.append((m.start(), m.end(), decoded))
    found.extend(run for run in obfuscated_runs(text) if not any(s <= run[0] < e for s, e, _ in found))
    return found


class LexicalView:
    __slots__ = ("text", "_origin")

    def __init__(self, text: str):
        payloads = decoded_payloads(text) if len(text) >= 16 else []
        zalgo = not text.isascii() and _ZALGO.search(text) is not None
        if (
            not payloads
            and not zalgo
            and (text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _NEEDS_VIEW.search(text)))
        ):
            # accents, dashes and double curly quotes are NFKC-stable: no view needed; apostrophes map one for one
            self.text, self._origin = text.translate(APOSTROPHES), None
            return
        chars: list[str] = []
        origin: list[int] = []
        for i, c in enumerate(text):
            if unicodedata.category(c) == "Cf" or (zalgo and _COMBINING_MARK.match(c)):
                continue
            folded = _FOLD.get(c) or unicodedata.normalize("NFKC", c)
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
