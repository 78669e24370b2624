"""The labelled training data of the classifier rules (``policies/training/*.yaml``) and its units.

A training file belongs to one policy (``policy:``, default the file name) and lists items::

    policy: finra_communications
    items:
      - {rule: promissory-guarantee, label: violation, text: "...", split: train}
      - {rule: promissory-guarantee, label: compliant, text: "...", split: heldout}
      - {rule: promissory-guarantee, label: violation, text: "Hi. <violating sentence> Bye.",
         span: "<violating sentence>"}

``rule: "*"`` marks a compliant item that is a negative for every rule (ordinary answers). A file
with ``stage: output`` trains only the answer (output) heads: the input (injection) head never sees it.
A file with ``heads: [acceptable_use/harmful-request]`` trains only the window (input) heads it names
(``policy/rule``, or a rule of the file's policy): its compliant items are negatives for those heads
alone — everyday requests that teach the harmful-request head where harm ends say nothing about
injections, and the injection head (and its n-gram reader) never sees them. No answer head reads it.
``split: heldout`` items are never trained on: ``policy train`` reports precision and recall on
them and ``policy test`` holds each rule to its stated minimum there. ``span`` marks the violating
sentence of a multi-sentence answer, so the other sentences are negatives.

A classifier sees *units* of a text: its sentences (output rules), or overlapping token windows over
the whole text and its sentences (input rules with ``windows: true``, ``input_units.py`` — long
role-play jailbreaks carry their attack anywhere, not only in the first sentences). ``data_hash`` covers every training file byte for byte;
the trained model records it, and a mismatch refuses to load (like a tampered prompt).

A subfolder of ``training/`` (e.g. ``training/ngram/``, the n-gram reader's own data) is not read by
default: only a model that names it (``extra``) trains on it and records its files under their
relative names ("ngram/x.yaml"), so data added there never makes the heads' ``classifier.npz`` stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError
from ..yamlfile import format_keypath, load_yaml
from .context import sentence_spans

TRAINING_DIR = "training"


class TrainingItem(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rule: str = Field(min_length=1)
    label: Literal["violation", "compliant"]
    text: str = Field(min_length=1)
    split: Literal["train", "heldout"] = "train"
    span: str | None = None
    group: int | None = None
    register_: str | None = Field(default=None, alias="register")  # chat, formal, slang, answer, …
    source: str | None = None


class TrainingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    policy: str | None = None
    # "output": the file's items train only the answer (output) heads, never the input (injection)
    # head — e.g. public filing prose, which says nothing about prompt injection.
    stage: Literal["output"] | None = None
    # the window (input) heads this file's items train (``policy/rule`` keys, or rule ids of the file's
    # policy); default every head the items are relevant to (``train.relevant``)
    heads: list[str] | None = Field(default=None, min_length=1)
    items: list[TrainingItem] = Field(default_factory=list)


@dataclass(frozen=True)
class Example:
    """One labelled item, tied to its ``policy/rule`` key."""

    key: str
    label: int  # 1 = violation
    text: str
    split: str
    span: str | None
    group: str  # variants of one hand-written core share a group: folds never split a group
    stage: str | None = None  # "output": an answer-side item only (the file's ``stage``)
    source: str = ""  # the training file it comes from (``policy train --group`` checks a kept group's files)
    heads: tuple[str, ...] = ()  # the file's ``heads``: only these window heads learn from it (empty: every head)


@dataclass
class TrainingSet:
    examples: list[Example]
    files: dict[str, str]  # file name -> sha256
    data_hash: str

    def for_split(self, split: str) -> list[Example]:
        return [e for e in self.examples if e.split == split]


def training_dir(policies_dir: str | Path) -> Path:
    return Path(policies_dir) / TRAINING_DIR


def training_files(policies_dir: str | Path, extra: tuple[str, ...] = ()) -> list[Path]:
    """The training files of ``training/`` and of its subfolders named in ``extra`` (in that order)."""
    base = training_dir(policies_dir)
    out: list[Path] = []
    for folder in (base, *(base / name for name in extra)):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return out


def file_name(policies_dir: str | Path, path: Path) -> str:
    """A training file's name as models record it: relative to ``training/`` ("x.yaml", "ngram/x.yaml")."""
    return path.relative_to(training_dir(policies_dir)).as_posix()


def data_hash(policies_dir: str | Path, extra: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """sha256 over every training file (name and bytes) — of ``training/`` and the subfolders ``extra``
    — and each file's own sha256. With no file in ``extra`` it equals the hash without it."""
    paths = training_files(policies_dir, extra)
    files = {file_name(policies_dir, p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    combined = hashlib.sha256("".join(f"{name}:{digest}\n" for name, digest in sorted(files.items())).encode())
    return combined.hexdigest(), files


def load_training_set(policies_dir: str | Path, extra: tuple[str, ...] = ()) -> TrainingSet:
    """Every training file (and those of the subfolders ``extra``); an invalid one raises ConfigError
    naming the file, line and key."""
    examples: list[Example] = []
    for path in training_files(policies_dir, extra):
        name = file_name(policies_dir, path)
        doc = load_yaml(path, empty={})
        try:
            parsed = TrainingFile.model_validate(doc.data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            raise ConfigError(
                f"{err['msg']} (a training file takes: policy, stage, heads, items; its items take: rule, label,"
                " text, split, span, group, register, source)",
                file=str(path),
                line=doc.line_of(loc),
                key=format_keypath(loc),
            ) from None
        policy = parsed.policy or path.stem
        heads = tuple(h if "/" in h else f"{policy}/{h}" for h in parsed.heads or ())
        for index, item in enumerate(parsed.items):
            key = item.rule if "/" in item.rule or item.rule == "*" else f"{policy}/{item.rule}"
            group = f"{key}#{item.group}" if item.group is not None else f"{name}:{index}"
            examples.append(
                Example(
                    key,
                    int(item.label == "violation"),
                    item.text,
                    item.split,
                    item.span,
                    group,
                    parsed.stage,
                    name,
                    heads,
                )
            )
    digest, files = data_hash(policies_dir, extra)
    return TrainingSet(examples, files, digest)


def sentences(text: str) -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text) if text[s:e].strip()]
