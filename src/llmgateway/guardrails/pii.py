"""Client PII detectors: SSNs, account and routing numbers, card numbers, dates of birth.

Numbers are only reported when they are what they look like: card numbers pass the Luhn check
and start with a card-network digit, routing numbers pass the ABA checksum and use an assigned
Federal Reserve prefix, SSNs avoid the never-issued areas (000, 666, 9xx). Account numbers and
dates of birth have no checksum, so they need a cue nearby ("account #", "DOB", "born on").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)(\d{3})([- ]?)(?!00)(\d{2})\2(?!0000)(\d{4})(?![\w-])")
_SSN_CUE = re.compile(r"\b(?:ssn|ss#|ss #|social security(?: number| no\.?| #)?|social)\b[^\d\n]{0,20}$", re.IGNORECASE)
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_NINE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_ACCOUNT = re.compile(
    r"\b(?:account|acct|a/c|brokerage account|ira)\.?\s*(?:number|num|no\.?|#)?\s*(?:is|:|#|=)?\s*"
    r"(?:ending in\s*)?(\d[\d-]{4,18}\d)\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|"
    + _MONTHS
    + r"\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)? "
    + _MONTHS
    + r",? (?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_DOB_CUE = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born(?: on)?)\b[^\n]{0,20}$", re.IGNORECASE
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w-])(?:\+1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
_ROUTING_PREFIXES = set(range(0, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


@dataclass(frozen=True)
class PiiMatch:
    type: str
    start: int
    end: int
    value: str

    def masked(self) -> str:
        """The value with all but its last four digits hidden, safe for traces and verdicts."""
        digits = [c for c in self.value if c.isdigit()]
        if self.type in ("date_of_birth", "email") or len(digits) < 6:
            return f"[{self.type}]"
        return f"[{self.type} …{''.join(digits[-4:])}]"


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 13:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def aba_valid(number: str) -> bool:
    d = [int(c) for c in number if c.isdigit()]
    if len(d) != 9 or int(number[:2]) not in _ROUTING_PREFIXES:
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def find_pii(text: str, types: frozenset[str] | set[str]) -> list[PiiMatch]:
    """Every PII value of the requested types, longest first where they overlap."""
    found: list[PiiMatch] = []
    if "card_number" in types:
        for m in _CARD.finditer(text):
            raw = m.group(0)
            digits = re.sub(r"\D", "", raw)
            if 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits):
                found.append(PiiMatch("card_number", m.start(), m.end(), raw))
    nine_digit_taken: set[int] = set()
    if "ssn" in types:
        for m in _SSN.finditer(text):
            contiguous = not m.group(2)
            if contiguous and not _SSN_CUE.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # nine bare digits are an SSN only when introduced as one
            found.append(PiiMatch("ssn", m.start(), m.end(), m.group(0)))
            nine_digit_taken.add(m.start())
    if "routing_number" in types:
        for m in _NINE.finditer(text):
            if m.start() in nine_digit_taken:
                continue
            if aba_valid(m.group(0)):
                found.append(PiiMatch("routing_number", m.start(), m.end(), m.group(0)))
                nine_digit_taken.add(m.start())
    if "account_number" in types:
        for m in _ACCOUNT.finditer(text):
            if m.start(1) in nine_digit_taken:
                continue
            found.append(PiiMatch("account_number", m.start(1), m.end(1), m.group(1)))
    if "date_of_birth" in types:
        for m in _DATE.finditer(text):
            if _DOB_CUE.search(text[max(0, m.start() - 40) : m.start()]):
                found.append(PiiMatch("date_of_birth", m.start(), m.end(), m.group(0)))
    if "email" in types:
        found.extend(PiiMatch("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text))
    if "phone" in types:
        found.extend(PiiMatch("phone", m.start(), m.end(), m.group(0)) for m in _PHONE.finditer(text))
    return _without_overlaps(found)


def _without_overlaps(matches: list[PiiMatch]) -> list[PiiMatch]:
    kept: list[PiiMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept
