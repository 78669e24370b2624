"""A prompt's ``labels.yaml``: read it (every error names the file, line and label), and edit one
label in place, keeping the other lines and comments as they are.

The file is replaced atomically (write a temp file, then rename), so a running gateway's watcher
never reads half a file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..yamlfile import parse_yaml
from .lockfile import version_number

LABELS_FILE = "labels.yaml"
VERSION_RE = re.compile(r"^v([1-9][0-9]*)$")
LABEL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
Splits = tuple[tuple[str, int], ...]  # (version, weight) pairs; one pair of weight 100 for a plain label


def format_label_value(splits: list[tuple[str, int]]) -> str:
    if len(splits) == 1:
        return splits[0][0]
    return "{" + ", ".join(f"{v}: {w}" for v, w in splits) + "}"


def parse_label_arg(text: str) -> list[tuple[str, int]]:
    """``v3`` → [(v3, 100)]; ``v3=90,v4=10`` (or ``v3:90,v4:10``) → a canary split."""
    text = text.strip()
    if "=" not in text and ":" not in text:
        return [(text, 100)]
    splits = []
    for part in text.split(","):
        version, sep, weight = part.replace(":", "=").partition("=")
        if not sep or not weight.strip().isdigit():
            raise ConfigError(f"'{part}' is not VERSION=WEIGHT; write a version (v3) or a split (v3=90,v4=10)")
        splits.append((version.strip(), int(weight)))
    return splits


def set_label(folder: Path, label: str, value: str) -> str | None:
    """Point ``label`` at ``value`` (already formatted); returns the old value's text or None."""
    path = folder / LABELS_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    doc = parse_yaml(text, str(path), empty={})
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of label to version", file=str(path), line=1)
    lines = text.splitlines()
    old = None
    if label in doc.data:
        start = (doc.line_of((label,)) or 1) - 1
        end = start + 1
        while end < len(lines) and lines[end][:1] in (" ", "\t"):
            end += 1
        old_line = lines[start]
        comment = ""
        if " #" in old_line:
            comment = "  #" + old_line.split(" #", 1)[1]
        old = " ".join(line.strip() for line in lines[start:end]).split(":", 1)[1].split(" #")[0].strip()
        lines[start:end] = [f"{label}: {value}{comment}"]
    else:
        lines.append(f"{label}: {value}")
    tmp = path.with_name(f".{LABELS_FILE}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return old


def read_labels(path: Path, versions: Collection[str]) -> dict[str, tuple[Splits, int | None]]:
    """Read a prompt's labels.yaml: label → (version splits, line). Every error names the file,
    the line and the label."""
    doc = parse_yaml(path.read_text(encoding="utf-8"), str(path), empty={})
    if not isinstance(doc.data, dict):
        raise ConfigError(
            "expected a mapping of label to version, e.g. 'production: v2' or 'production: {v2: 90, v3: 10}'",
            file=str(path),
            line=1,
        )
    known = sorted(versions, key=version_number)
    labels: dict[str, tuple[Splits, int | None]] = {}
    for label, value in doc.data.items():
        line = doc.line_of((label,))
        label = str(label)
        if not LABEL_RE.match(label) or VERSION_RE.match(label):
            raise ConfigError(
                f"label '{label}' is not allowed: start with a letter, and do not use the vN form "
                f"(that names a version)",
                file=str(path),
                line=line,
                key=label,
            )
        splits = _parse_label_value(value, file=str(path), line=line, key=label)
        for version, _ in splits:
            if version not in versions:
                raise ConfigError(
                    f"label '{label}' points to {version}, which does not exist; versions: {known}",
                    file=str(path),
                    line=line,
                    key=label,
                )
        labels[label] = (splits, line)
    return labels


def _parse_label_value(value: Any, *, file: str, line: int | None, key: str) -> Splits:
    allowed = "allowed: a version ('v2') or a split of versions to integer weights ('{v2: 90, v3: 10}')"
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return ((_version_name(value, file, line, key), 100),)
    if isinstance(value, dict) and value:
        splits = []
        for version, weight in value.items():
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ConfigError(
                    f"weight of {version} must be a whole number >= 0, found {weight!r}; {allowed}",
                    file=file,
                    line=line,
                    key=key,
                )
            splits.append((_version_name(version, file, line, key), weight))
        if sum(w for _, w in splits) <= 0:
            raise ConfigError(f"the weights add up to 0; {allowed}", file=file, line=line, key=key)
        return tuple(splits)
    raise ConfigError(f"found {value!r}; {allowed}", file=file, line=line, key=key)


def _version_name(value: Any, file: str, line: int | None, key: str) -> str:
    text = f"v{value}" if isinstance(value, int) else str(value).strip()
    if not VERSION_RE.match(text):
        raise ConfigError(f"'{value}' is not a version; versions are written v1, v2, …", file=file, line=line, key=key)
    return text
