"""Incremental ``policy train``: reuse the groups of the existing artifact whose inputs did not change.

The artifact holds two independent groups of heads (``train.train``):

- ``input``: the window (``windows: true``) rules' MLPs over the frozen ``INPUT_ENCODER``. They learn
  from every training item except the answer-side files (``stage: output``), so a change to any other
  training file (a policy's violations and near misses are input negatives too) makes them stale.
- ``answer``: the sentence rules' shared MLP and fine-tuned ``ANSWER_ENCODER``. They learn from every
  item that is not a window rule's and not ``prompt_injection/*``.

Each group's *digest* is the sha256 of exactly what determines its heads: its examples as loaded (in
order, every field training reads), its rules' keys and fixed thresholds (and the input rules' ``must_block`` examples), the seed, its encoder, and
its ``*_RECIPE`` version. The artifact meta records the digests (``groups``); ``policy train`` reuses a
group whose digest matches — its heads are copied byte for byte — and retrains the others. Training is
deterministic and the groups share nothing, so the file equals what a clean train writes (``tests``
check the sha256). ``--clean`` retrains everything.

**Bump the recipe when training code changes**: ``INPUT_RECIPE`` for ``train.py``'s window training,
``input_threshold.py``, ``window_fit.py``, ``input_units.py`` or the input side of ``encoder.py``; ``ANSWER_RECIPE`` for ``answer_heads.py``,
``tuning.py`` or the answer side of ``encoder.py``; both for the float kernels ``kernels.py`` pins and
``classifier.save_artifact``'s layout (its ``FORMAT`` already forces a retrain: an unreadable artifact reuses nothing). A code change without a
bump leaves a stale group in place — a clean train is the check.

Upgrade: in an artifact written before the digests existed (no ``groups`` in its meta) whose recorded
``data_hash`` and seed equal the current ones, a group whose heads are exactly the current rules of its
kind, fixed thresholds included, is current: ``policy train`` keeps it and writes its digest without
retraining (a rule's ``threshold:`` set in the YAML after training is not what a clean train records,
so that group is retrained).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .classifier import Head, read_artifact
from .encoder import ANSWER_ENCODER
from .input_units import INPUT_ENCODER
from .schema import ClassifierSpec
from .training import Example, TrainingSet

# Versions of the training recipes: bump one when its training code changes (see the module docstring).
# 2: the window heads' threshold search stops at their must_block examples; 3: the threshold is the lowest
# within the false-block budget (input_threshold.py), float kernels pinned at AVX2 for the input group too;
# 4: the heads' threshold range reaches HEAD_THRESHOLD_TOP (0.99), so the budget, not 0.95, caps them
INPUT_RECIPE = 4
ANSWER_RECIPE = 2  # 2: float kernels pinned at AVX2 (kernels.py)
GROUPS = ("input", "answer")


def input_examples(data: TrainingSet, window_keys: frozenset[str]) -> list[Example]:
    """What the window heads read: every item but the answer-side ones (their own rules' always)."""
    return [e for e in data.examples if e.stage != "output" or e.key in window_keys]


def answer_examples(data: TrainingSet, window_keys: frozenset[str]) -> list[Example]:
    """What the sentence heads read: no window rule's item, nothing of ``prompt_injection/*``, nothing of a
    file that names its (window) ``heads``."""
    return [
        e
        for e in data.examples
        if e.key not in window_keys and not e.key.startswith("prompt_injection/") and not e.heads
    ]


def group_digest(
    group: str,
    specs: dict[str, ClassifierSpec],
    examples: list[Example],
    seed: int,
    embedder: str,
    must_block: dict[str, tuple[str, ...]] | None = None,
) -> str:
    """The group's digest; the input group's also covers its rules' ``must_block`` examples (they bound
    a window head's threshold)."""
    recipe, encoder = (INPUT_RECIPE, INPUT_ENCODER) if group == "input" else (ANSWER_RECIPE, ANSWER_ENCODER)
    doc: dict = {
        "group": group,
        "recipe": recipe,
        "encoder": encoder,
        "embedder": embedder,
        "seed": seed,
        "rules": {key: {"threshold": spec.threshold} for key, spec in sorted(specs.items())},
        # a file's heads only when it names some (digests of data without them stay what they were)
        "examples": [[e.key, e.label, e.text, e.split, e.span, e.group, e.stage, *e.heads] for e in examples],
    }
    if group == "input":
        doc["must_block"] = {key: list((must_block or {}).get(key, ())) for key in sorted(specs)}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _stored_heads(path: Path) -> tuple[dict, dict[str, Head]]:
    """The artifact's meta and heads as they are stored: each bank is its int8 rows over 127 (not
    re-normalised as for serving), so writing a head back gives the same bytes."""
    model = read_artifact(path)
    with np.load(io.BytesIO(path.read_bytes())) as data:
        raw = data["bank"].astype(np.float32) / 127.0
    offset = 0
    for key in sorted(model.heads):
        head = model.heads[key]
        head.bank = raw[offset : offset + len(head.bank_texts)]
        offset += len(head.bank_texts)
    return model.meta, model.heads


def _upgradable(meta: dict, heads: dict[str, Head], group: str, specs: dict[str, ClassifierSpec], data, seed: int):
    """A group of an artifact from before the digests is current iff the artifact's data and seed are
    the current ones and its heads of that kind are exactly the group's rules, fixed thresholds included
    (a threshold set in the YAML after training makes a clean train write other metadata)."""
    if meta.get("data_hash") != data.data_hash or meta.get("seed") != seed:
        return False
    stored = {k for k in heads if bool(meta["rules"][k].get("window")) == (group == "input")}
    if stored != set(specs):
        return False
    return all(spec.threshold is None or heads[key].threshold == spec.threshold for key, spec in specs.items())


def reusable(
    path: Path, digests: dict[str, str], members: dict[str, dict[str, ClassifierSpec]], data: TrainingSet, seed: int
) -> tuple[dict[str, dict[str, Head]], set[str]]:
    """The heads of each group of the artifact at ``path`` that is current (its digest matches, or it
    is an older artifact's group of the same data), by group; and which were such older groups."""
    if not path.is_file():
        return {}, set()
    try:
        meta, heads = _stored_heads(path)
    except (OSError, ValueError, KeyError):
        return {}, set()  # unreadable or another format: nothing to reuse
    recorded = meta.get("groups")
    found: dict[str, dict[str, Head]] = {}
    for group, digest in digests.items():
        keys = set(members[group])
        if recorded is None:
            current = _upgradable(meta, heads, group, members[group], data, seed)
        else:
            current = recorded.get(group) == digest and keys <= set(heads)
            current = current and all(bool(meta["rules"][k].get("window")) == (group == "input") for k in keys)
        if current:
            found[group] = {k: heads[k] for k in sorted(keys)}
    return found, set(found) if recorded is None else set()


def kept_as_is(
    path: Path, group: str, specs: dict[str, ClassifierSpec], examples: list[Example], data: TrainingSet
) -> dict[str, Head]:
    """The heads of ``group`` in the artifact at ``path``, kept as they are by ``policy train --group``
    (the other group): allowed only while none of the training files the group reads changed since the
    artifact was written (by the sha256 per file it records) and none it recorded is gone, and its
    heads are exactly the group's current rules. Otherwise a ConfigError: heads kept over changed data
    would be served as if trained on it. (A ``threshold:`` set in a policy overrides a kept head's
    recorded one at serving, as for any head.)"""
    where = f"{path} (policy train --group)"
    if not path.is_file():
        raise ConfigError(f"no trained artifact to keep the {group} heads from", file=where)
    try:
        meta, heads = _stored_heads(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot keep the {group} heads: the artifact is unreadable ({exc})", file=where) from None
    recorded: dict[str, str] = meta.get("files", {})
    gone = sorted(set(recorded) - set(data.files))
    read = sorted({e.source for e in examples})
    changed = [name for name in read if recorded.get(name) != data.files.get(name)]
    if gone or changed:
        what = ", ".join(gone + changed)
        raise ConfigError(
            f"cannot keep the {group} heads: training files they read changed or are gone since they were"
            f" trained ({what}); train every group (no --group)",
            file=where,
        )
    stored = {k for k in heads if bool(meta["rules"][k].get("window")) == (group == "input")}
    if stored != set(specs):
        raise ConfigError(
            f"cannot keep the {group} heads: the artifact's {sorted(stored)} are not the current rules"
            f" {sorted(specs)}; train every group (no --group)",
            file=where,
        )
    return {k: heads[k] for k in sorted(specs)}
