"""Who may read what in a trace: restricted research stays with the keys entitled to it.

A call whose retrieval returned documents of an entitlement group (``llmgateway ingest
--entitlement G``) carries that research in several places of its trace: the sources in the
upstream prompt, the retrieved snippets, the answer built from them, the guardrail spans quoting
that answer and the scorer's claims. Such a trace records ``restricted_groups``.

Every reader of traces — ``/api/traces`` (one trace or a list, any filter), the review queue (a
review row carries the same ``restricted_groups`` and a copy of the answer), exports, eval runs, a
UI — passes each trace through :func:`mask_restricted` with the reader's entitlements. A reader
holding every group sees the trace as stored; any other reader (viewer or admin alike: a role
grants endpoints, never research) sees it with those parts withheld and a ``masked`` note saying
which groups, which fields and why.

What is withheld is decided per field, not by searching the text, because a model's answer can
paraphrase research without quoting it: everything that may carry the research goes. The caller's
own question (user and system turns) stays readable so that audit still sees what was asked.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

WITHHELD = "[withheld: restricted research]"
# message roles whose content came from the model or a tool, so may carry an earlier restricted answer
_GENERATED_ROLES = {"assistant", "tool", "function"}
_ANSWER_FIELDS = ("response_text", "answer")  # a trace's answer; a review's copy of it


def restricted_groups(trace: dict) -> set[str]:
    """The entitlement groups whose research the trace holds (the column, and each retrieved
    source's own label as a second witness)."""
    groups = {str(g) for g in trace.get("restricted_groups") or [] if g}
    for entry in trace.get("retrieval") or []:
        if isinstance(entry, dict) and entry.get("entitlement"):
            groups.add(str(entry["entitlement"]))
    return groups


def mask_restricted(trace: dict, entitlements: Iterable[str] | None, *, reader: str | None = None) -> dict:
    """``trace`` (a dict of trace columns, complete or a subset) as a reader holding
    ``entitlements`` may see it. Returns the same dict when nothing is withheld, otherwise a
    masked copy with a ``masked`` note; the input is never modified.

    ``reader`` names the reader in the note (a key name); ``None`` reads as an unnamed reader.
    """
    held = {str(g) for g in entitlements or []}
    missing = sorted(restricted_groups(trace) - held)
    if not missing:
        return trace
    out = copy.deepcopy(trace)
    masked: list[str] = []
    for field in _ANSWER_FIELDS:
        if out.get(field):
            out[field] = WITHHELD
            masked.append(field)
    if _mask_messages(out, "upstream_messages", roles=None):
        masked.append("upstream_messages")
    if _mask_messages(out, "request_messages", roles=_GENERATED_ROLES):
        masked.append("request_messages")
    if _mask_retrieval(out, held):
        masked.append("retrieval")
    if _mask_guardrail_spans(out):
        masked.append("guardrails")
    if _mask_scores(out):
        masked.append("scores")
    who = f"key '{reader}'" if reader else "this reader"
    out["masked"] = {
        "groups": missing,
        "fields": masked,
        "reason": (
            f"this call used research restricted to entitlement group(s) {', '.join(missing)}, which {who} "
            "does not hold; text that may carry that research is withheld. A key holding the group(s) "
            "sees the full trace."
        ),
    }
    return out


def _mask_messages(trace: dict, field: str, roles: set[str] | None) -> bool:
    messages = trace.get(field)
    if not isinstance(messages, list):
        return False
    changed = False
    for message in messages:
        if not isinstance(message, dict) or (roles is not None and message.get("role") not in roles):
            continue
        for key in ("content", "tool_calls", "function_call"):
            if message.get(key):
                message[key] = WITHHELD
                changed = True
    return changed


def _mask_retrieval(trace: dict, held: set[str]) -> bool:
    entries = trace.get("retrieval")
    if not isinstance(entries, list):
        return False
    changed = False
    for i, entry in enumerate(entries):
        group = entry.get("entitlement") if isinstance(entry, dict) else None
        if group and group not in held:
            entries[i] = {
                "index": entry.get("index"),
                "score": entry.get("score"),
                "entitlement": group,
                "withheld": WITHHELD,
            }
            changed = True
    return changed


def _mask_guardrail_spans(trace: dict) -> bool:
    changed = False
    for verdict in trace.get("guardrails") or []:
        if isinstance(verdict, dict) and verdict.get("span"):
            verdict["span"] = WITHHELD
            changed = True
    return changed


def _mask_scores(trace: dict) -> bool:
    """Scores keep their numbers; per-claim texts and reasons quote the answer and the sources."""
    scores: Any = trace.get("scores")
    if not isinstance(scores, dict):
        return False
    changed = False
    for result in scores.values():
        if isinstance(result, dict) and result.get("claims"):
            result["claims"] = [{"supported": c.get("supported"), "text": WITHHELD} for c in result["claims"]]
            changed = True
    return changed
