"""Stance counterparts (issue #15, answer side, third pass): every violating sentence of the answer banks
said *against* itself, and a few said with a negation word that still endorses it.

The heads learned what a violation is *about*, not which side the sentence takes: "Avoid moving your
entire retirement account into a single sector." scored 0.89 on concentrated-recommendation, and advice
against a violation set several served thresholds. ``scripts/make_stance_training.py`` takes every
violating sentence of the existing banks (their generated training files) and rewrites it here:

* an instruction ("Move the whole 401(k) into Cyberdyne.") becomes advice against it — "Don't move …",
  "Never move …", "Avoid moving …", "I'd advise against moving …" (``against``);
* a claim or request is put in a frame that rejects, attributes or hedges it — "Be wary of anyone who
  tells you that …", "No honest adviser can tell you that …", "Some forecasters say …; nobody knows."
  (``REJECT``) — the violation's own words, inside one sentence, with the opposite stance;
* as a contrast (labelled *violation*), some are put behind a negation word that still endorses them —
  "Don't hesitate: move the whole 401(k) into Cyberdyne." (``ENDORSE``), so the heads cannot learn
  "a negation word means compliant".

Frames are single sentences (one unit each: the violation's words are read in the frame's context).
The frames and the verb list steer the *generation* of training data only; serving has no word list.
Written for this project; nothing here comes from an eval set or a reserved set.
"""

from __future__ import annotations

import re

# Instructions the banks' violations start with (after a lead-in such as "Sure." or "Quick take:").
VERBS = (
    "add allocate ask bet borrow buy call circulate consolidate convert coordinate create drop dump fill "
    "find gift give go grab hand hold keep leak liquidate load max move park pile ping place plough plow "
    "post pour pull pump push put rebalance roll run sell send share shift short sink skip spread "
    "start stash swap switch take tap tell transfer trust tweet use write"
).split()
_DOUBLE = {"bet", "drop", "get", "grab", "plan", "put", "run", "ship", "shop", "skip", "stop", "swap", "tap"}

LEAD_IN = re.compile(
    r"^(?:(?:sure|yes|ok|okay|look|honestly|so|quick take|short answer|good question!?|"
    r"for the avoidance of doubt|to summari[sz]e our view for your file|regarding your question on the portfolio|"
    r"as discussed at our review meeting|in response to your enquiry|for your file|for the file|memo|"
    r"yo|ngl|tbh|lol|bro|dude|honestly speaking|my advice|our advice|the plan)[\s,.:!—-]+)+",
    re.IGNORECASE,
)
TAIL = re.compile(r"[\s,]*(?:no cap|fr|lol|tbh|ngl|!!+|imo)\s*$", re.IGNORECASE)

AGAINST = (
    "Don't {verb_rest}.",
    "Never {verb_rest}.",
    "Avoid {gerund_rest}.",
    "I'd advise against {gerund_rest}.",
    "Please do not {verb_rest}; that is exactly what we tell clients not to do.",
    "whatever you do, don't {verb_rest}",
    "Our guidance is clear: you should not {verb_rest}.",
    "It would be a mistake to {verb_rest}.",
)
REJECT = (
    'Be wary of anyone who tells you "{claim}".',
    'No honest adviser would tell you "{claim}".',
    'If a salesperson says "{claim}", walk away.',
    'Claims like "{claim}" are a red flag, not a reason to invest.',
    'The brochure says "{claim}", which we cannot stand behind.',
    'Some people online claim "{claim}", but that is not something anyone can know.',
    'We would never say "{claim}" to a client.',
    'Anyone who says "{claim}" is selling something; it is not true.',
    'A regulator would flag a sentence like "{claim}" in an advertisement.',
    'ppl keep posting "{claim}" but thats not how this works',
    'You may have heard "{claim}"; please treat it with scepticism.',
    'Our compliance team removed the line "{claim}" from the draft.',
)
QUESTION = (
    'If anyone asks you "{claim}?", say no and tell compliance.',
    'We never put a question like "{claim}?" to a contact.',
    'a client asked "{claim}?" and we declined to find out',
    'Asking "{claim}?" is something our staff are trained to refuse.',
)
ENDORSE = (
    "Don't hesitate: {claim}.",
    "No need to overthink it, {lower}.",
    "Don't let anyone talk you out of it: {lower}.",
    "Never doubt it: {lower}.",
    "No question about it, {lower}.",
)


def core(sentence: str) -> str:
    """The sentence without its chatty lead-in and tail, without final punctuation."""
    text = LEAD_IN.sub("", sentence.strip())
    text = TAIL.sub("", text).strip().rstrip(".!?;:, ")
    return text


def gerund(verb: str) -> str:
    verb = verb.lower()
    if verb in _DOUBLE:
        return verb + verb[-1] + "ing"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "oe", "ye")):
        return verb[:-1] + "ing"
    return verb + "ing"


def instruction(text: str) -> tuple[str, str] | None:
    """(verb, rest) when ``text`` (a core) starts with an instruction; its directive clause only (up to a
    ';' or ' — ', where a justification of the violation usually follows)."""
    clause = re.split(r";| — | - ", text, maxsplit=1)[0].strip().rstrip(",")
    words = clause.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() in VERBS:
        return words[0].lower(), words[1]
    return None


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def counterparts(sentence: str, pick: int) -> list[tuple[str, str]]:
    """[(label, text)] for one violating sentence: one compliant counterpart (advice against it when it
    is an instruction, else a rejecting frame), a second rejecting frame for one sentence in three, and an
    endorsing contrast (label violation) for another one in three. ``pick`` (a hash of the sentence) chooses
    the frames, so the output is deterministic."""
    claim = core(sentence)
    if len(claim.split()) < 3:
        return []
    if sentence.rstrip(" !").endswith("?") or TAIL.sub("", sentence).rstrip().endswith("?"):
        return [("compliant", QUESTION[pick % len(QUESTION)].format(claim=claim))]
    out: list[tuple[str, str]] = []
    imperative = instruction(claim)
    lower = lower_first(claim)
    if imperative:
        verb, rest = imperative
        template = AGAINST[pick % len(AGAINST)]
        out.append(("compliant", template.format(verb_rest=f"{verb} {rest}", gerund_rest=f"{gerund(verb)} {rest}")))
    else:
        out.append(("compliant", REJECT[pick % len(REJECT)].format(claim=claim, lower=lower)))
    if pick % 3 == 0:
        out.append(("compliant", REJECT[(pick // 7 + 5) % len(REJECT)].format(claim=claim, lower=lower)))
    if pick % 3 == 1:
        out.append(("violation", ENDORSE[(pick // 11) % len(ENDORSE)].format(claim=claim, lower=lower)))
    return [
        (label, text if text.startswith(("whatever", "ppl")) else text[:1].upper() + text[1:]) for label, text in out
    ]
