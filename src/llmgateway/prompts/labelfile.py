"""Edit one label in a ``labels.yaml`` in place, keeping the other lines and comments as they are.

The file is replaced atomically (write a temp file, then rename), so a running gateway's watcher
never reads half a file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..yamlfile import parse_yaml
from .registry import LABELS_FILE


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
