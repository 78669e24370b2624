"""Rejecting frames: a rule's phrase or pattern quoted in a sentence that reports it in order to reject it.

"Anyone who tells you this is a sure thing is lying", "Ignore any adviser who says you can't go wrong",
"If a colleague suggests buying before the merger is announced, report it to compliance": the match is
the rule's own words, but the sentence is a warning against them. The ``negated`` exemption only looks at
a few words before the match in its clause, so these were blocked. A rule's ``rejecting_frames``
(compliance writes them in the policy YAML, as regexes) clear such a match:

* ``before`` – a frame found earlier in the match's sentence ("ignore anyone who says", "if someone calls
  it") with no strong break between the frame and the match;
* ``after`` – a frame found later in the match's sentence ("… is a red flag", "… is lying"), again with no
  strong break between them.

A strong break is a comma, semicolon, colon, dash, a turn such as "but", "however", "still", or a frame
aimed at the opposite claim ("otherwise"): in "Ignore anyone who says it's risky: this is a sure thing" and
"Ignore anyone who says otherwise, it's a sure thing", the frame rejects another claim, not the match, so
the match stands. Endorsing a claim behind a negation word ("Don't hesitate — it's a sure thing")
matches no frame and stays blocked. For a sentence flagged by the rule's trained head (no exact match
inside it), ``before`` frames count when nothing after the frame breaks the sentence.

A claim in double quotes is the quoted speaker's, not the writer's: a comma or a "but" *inside* it is
part of the claim, not a break ('If a salesperson says "it's the safest bet in town, zero risk", walk
away.' was held because of the comma before "zero risk"). When the match sits inside a quotation of its
sentence, the frames are looked for outside it — ``before`` up to the opening mark, ``after`` from the
closing mark on — and breaks are looked for only there; each side keeps its quotation mark, so a frame
can ask for one (a mark at the end of ``before``, at the start of ``after``: it then clears quoted claims
only). Issue #15, eighth answer pass.
"""

from __future__ import annotations

import re

from .context import TextIndex

STRONG_BREAK = re.compile(
    r"[,;:—–]|\s-\s|\b(?:otherwise|the opposite|differently)\b|\b(?:but|however|yet|though|although|still|anyway|nevertheless|regardless)\b",
    re.IGNORECASE,
)
MIN_CLAIM_WORDS = 3  # a whole flagged sentence: the frame must be followed by a claim, not end it
_END = re.compile(r"[\s.!?\"'’”)\]]+$")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def quotation(lead: str, tail: str) -> tuple[int, int] | None:
    """Where the quotation around a match ends on each side: (offset of its opening mark in ``lead``,
    offset just after its closing mark in ``tail``), or None when the match is not inside a closed
    pair of double quotes ("…" or “…”)."""
    straight = lead.rfind('"') if lead.count('"') % 2 else -1
    curly = lead.rfind("“") if lead.rfind("“") > lead.rfind("”") else -1
    opening = max(straight, curly)
    if opening < 0:
        return None
    closing = tail.find('"' if opening == straight else "”")
    return (opening, closing + 1) if closing >= 0 else None


def outside_quotes(text: str) -> str:
    """``text`` with the words of its quotations left out (their marks kept); a quotation still open at
    the end (its closing mark was trimmed with the sentence's final punctuation) counts as closed."""
    text += '"' if text.count('"') % 2 else ""
    text += "”" if text.count("“") > text.count("”") else ""
    return _QUOTED.sub('""', text)


class Frames:
    """The compiled ``rejecting_frames`` of one rule."""

    def __init__(self, before: list[str], after: list[str]):
        self.before = [re.compile(p, re.IGNORECASE) for p in before]
        self.after = [re.compile(p, re.IGNORECASE) for p in after]

    def __bool__(self) -> bool:
        return bool(self.before or self.after)

    def rejects(self, index: TextIndex, start: int, end: int) -> bool:
        """Whether the match ``text[start:end]`` sits inside a rejecting frame of its sentence."""
        s_start, s_end = index.sentence_of(start)
        lead, tail = index.plain[s_start:start], index.plain[end : max(s_end, end)]
        quoted = quotation(lead, tail)
        if quoted:  # the quoted claim is one piece: frames and breaks count outside it
            lead, tail = lead[: quoted[0] + 1], tail[quoted[1] - 1 :]  # each keeps its quotation mark
        for pattern in self.before:
            if any(not STRONG_BREAK.search(lead[m.end() :]) for m in pattern.finditer(lead)):
                return True
        for pattern in self.after:
            found = pattern.search(tail)
            if found and not STRONG_BREAK.search(tail[: found.start()]):
                return True
        return False

    def rejects_sentence(self, index: TextIndex, start: int, end: int) -> bool:
        """Whether a whole flagged sentence is said inside a ``before`` frame that nothing later breaks."""
        sentence = _END.sub("", index.plain[start:end])
        return any(
            len(sentence[m.end() :].split()) >= MIN_CLAIM_WORDS
            and not STRONG_BREAK.search(outside_quotes(sentence[m.end() :]))
            for pattern in self.before
            for m in pattern.finditer(sentence)
        )
