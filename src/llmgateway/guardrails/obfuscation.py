"""Text-level obfuscations an instruction is smuggled in: Morse code, Braille, the NATO alphabet, ROT13, text
written backwards, and leetspeak ("1gn0r3 4ll pr3v10u5 1n5truct10n5").

They need no alphabet of their own, so they cannot be found by the shape of a run as base64 or hex can. A segment
(a line, or a sentence of a line) is decoded only when the sent text does not read as English and its decoding
does, by two cheap measures: the share of its words that are among the most common English words, and how close
its letter frequencies are to English's. Ordinary English never qualifies (it reads as English already); other
languages, codes and identifiers do not read as English after a shift or a reversal either.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

# the most frequent English words (general text; no instruction words), for the word-share measure
_COMMON = frozenset(
    """the of and to a in is it you that he was for on are with as i his they be at one have this from or had by not
    but what some we can out other were all there when up use your how said an each she which do their time if will
    way about many then them write would like so these her long make thing see him two has look more day could go come
    did my no most who over know than call first may down side been now find any new work part take get made after
    back only me our under just into very also should well must before here through why much where tell say us off
    again please its own same give those show every both between never still while because""".split()
)
# English letter frequencies (per cent), a to z
_ENGLISH = (
    8.2,
    1.5,
    2.8,
    4.3,
    12.7,
    2.2,
    2.0,
    6.1,
    7.0,
    0.15,
    0.77,
    4.0,
    2.4,
    6.7,
    7.5,
    1.9,
    0.095,
    6.0,
    6.3,
    9.1,
    2.8,
    0.98,
    2.4,
    0.15,
    2.0,
    0.074,
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\w+")
_SEGMENT = re.compile(r"[^\n.!?:;]+")
_MORSE_RUN = re.compile(r"(?<![\w.\-])(?:[.\-]{1,6}(?: ?/ ?| {1,3}))+[.\-]{1,6}(?![\w.\-])")
_MORSE = dict(
    zip(
        ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... - ..- ...- .-- -..- -.-- --.. "
        "----- .---- ..--- ...-- ....- ..... -.... --... ---.. ----. .-.-.- --..-- ..--.. -.-.-- ---...".split(),
        "abcdefghijklmnopqrstuvwxyz0123456789.,?!:",
    )
)
_BRAILLE_RUN = re.compile(r"[\u2801-\u28ff][\u2800-\u28ff ]{10,}")
_BRAILLE = dict(zip("⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚⠅⠇⠍⠝⠕⠏⠟⠗⠎⠞⠥⠧⠺⠭⠽⠵⠲⠂⠦⠖", "abcdefghijklmnopqrstuvwxyz.,?!"))
_NATO_WORDS = (
    "alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec "
    "romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()
_NATO = {w: w[0] for w in _NATO_WORDS} | {"alpha": "a", "juliet": "j", "whisky": "w", "x-ray": "x"}
_NATO_WORD = "(?:" + "|".join(sorted(_NATO, key=len, reverse=True)) + ")"
_NATO_RUN = re.compile(rf"\b(?:{_NATO_WORD}[ ,/]+){{7,}}{_NATO_WORD}\b", re.IGNORECASE)
# leetspeak: a word (3+ characters) of letters with digits or symbols standing for letters; three such words make a
# text leet
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w@$]*[A-Za-z])(?=[\w@$]*[013457@$])[A-Za-z013457@$]{3,}(?![\w@$])")
_LEET = str.maketrans("013457@$", "oieastas")
_MIN_WORDS = 4
_MIN_LETTERS = 20


def _common_share(text: str) -> float:
    """Share of the words (two letters or more) that are common English words; 0 below two such words."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    if len(words) < _MIN_WORDS:
        return 0.0
    common = [w for w in words if w in _COMMON]
    return len(common) / len(words) if len(set(common)) >= 2 else 0.0


def _letter_distance(text: str) -> float:
    """Chi-square-like distance of the text's letter frequencies from English's (about 0.2–0.6 for English)."""
    counts = Counter(text.lower())
    total = sum(counts[c] for c in _LETTERS)
    if total < _MIN_LETTERS:
        return float("inf")
    return sum((100 * counts[c] / total - e) ** 2 / e for c, e in zip(_LETTERS, _ENGLISH)) / 100


def _reads_better(decoded: str, sent_is_far: bool) -> bool:
    """The decoding reads as English: common words, or (the sent text's letters being far from English's) its
    letters close to English's."""
    return _common_share(decoded) >= 0.2 or (sent_is_far and _letter_distance(decoded) < 0.8)


def _if_english(decoded: str) -> str | None:
    """A symbol alphabet's decoding, kept only when a fifth of its words are common English words."""
    return decoded if _common_share(decoded) >= 0.2 else None


def _morse(run: str) -> str | None:
    letters = []
    for word in re.split(r" ?/ ?| {2,3}", run.strip()):
        symbols = [_MORSE.get(code) for code in word.split()]
        if None in symbols:
            return None
        letters.append("".join(s for s in symbols if s))
    return _if_english(" ".join(letters))


def _braille(run: str) -> str | None:
    text = "".join(" " if c in " \u2800" else _BRAILLE.get(c, "") for c in run if c != "⠠")  # ⠠: capital sign
    return _if_english(text.strip())


def _nato(run: str) -> str | None:
    """Letters from the code words; a '/' between words is a space (as garak writes it)."""
    letters = ["" if part.strip() == "/" else _NATO.get(part.lower(), "") for part in re.findall(r"[\w-]+|/", run)]
    return _if_english("".join(c or " " for c in letters).strip())


def _symbol_runs(text: str) -> list[tuple[int, int, str]]:
    """Runs of a symbol alphabet (Morse, Braille, NATO code words), each only where its cheap cue is present."""
    found: list[tuple[int, int, str]] = []
    readers = []
    if text.count(" -") + text.count(" .") >= 8:  # a Morse run has many; prose has a few at most
        readers.append((_MORSE_RUN, _morse))
    if max(text, default=" ") >= "\u2801":  # a character at or above the Braille block
        readers.append((_BRAILLE_RUN, _braille))
    if len(_NATO.keys() & text.lower().split()) >= 5:  # five distinct code words
        readers.append((_NATO_RUN, _nato))
    for pattern, read in readers:
        for m in pattern.finditer(text):
            decoded = read(m.group(0))
            if decoded:
                found.append((m.start(), m.end(), decoded))
    return found


def _leet_runs(text: str) -> list[tuple[int, int, str]]:
    """The span from the first to the last leet word, those words read as letters, when three or more words are leet
    and they are a quarter of the span's words. Codes in capitals (Q3, S3, B2B, 3M) are not leet."""
    words = [m for m in _LEET_WORD.finditer(text) if not m.group(0).isupper()]
    if len(words) < 3:
        return []
    start, end = words[0].start(), words[-1].end()
    if len(words) < 0.25 * len(text[start:end].split()):
        return []
    chars = list(text[start:end])
    for m in words:
        chars[m.start() - start : m.end() - start] = m.group(0).translate(_LEET)
    return [(start, end, "".join(chars))]


def obfuscated_runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded text) of each Morse, Braille or NATO run, leet span, and ROT13 or backwards segment that
    decodes to English."""
    found = _symbol_runs(text)
    if sum(c.isdigit() or c in "@$" for c in text[:2000]) >= 6:  # a leet text has many digits among its letters
        found.extend(_leet_runs(text))
    for m in _SEGMENT.finditer(text):
        segment = m.group(0)
        if (
            len(segment) < _MIN_LETTERS
            or not segment.isascii()
            or len(_COMMON.intersection(segment.lower().split())) > 2
        ):
            continue  # short, another script (ROT13 of English is ASCII), or plainly English (the cheap test first)
        if _common_share(segment) > 0.05:
            continue  # reads as English already
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        sent_is_far = _letter_distance(segment) > 3.0
        for decoded in (codecs.encode(segment, "rot13"), segment[::-1]):
            if _reads_better(decoded, sent_is_far):
                found.append((m.start(), m.end(), decoded.strip()))
                break
    return found
