"""``prompts/prompts.lock``: the content hash of every released prompt version.

Releasing a version means adding ``prompts/<name>/vN.yaml`` and running ``llmgateway prompts lock``,
which records ``sha256`` of the file here. From then on the file is immutable: the registry refuses
to load when a locked file's hash differs (or the file is gone). The lock is plain YAML::

    advisor_qa:
      v1: sha256:5f1c…
      v2: sha256:09ab…
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ConfigError
from ..yamlfile import load_yaml

LOCK_FILE = "prompts.lock"
LOCK_HEADER = (
    "# prompts.lock: content hashes of released prompt versions. Written by `llmgateway prompts lock`;\n"
    "# do not edit. A released version is immutable: change a prompt by adding a new vN.yaml.\n"
)


def content_hash(data: bytes) -> str:
    """sha256 of the file with line endings normalised, so a CRLF checkout still matches."""
    return "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def short_hash(h: str | None) -> str:
    return (h or "").removeprefix("sha256:")[:12]


def read_lock(root: Path) -> dict[str, dict[str, str]]:
    """``{name: {version: hash}}``; empty when there is no lock yet (nothing released)."""
    path = root / LOCK_FILE
    if not path.exists():
        return {}
    doc = load_yaml(path, empty={})
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of prompt name to {version: hash}", file=str(path), line=1)
    lock: dict[str, dict[str, str]] = {}
    for name, versions in doc.data.items():
        if not isinstance(versions, dict):
            raise ConfigError(
                f"expected a mapping of version to hash, found {type(versions).__name__}",
                file=str(path),
                line=doc.line_of((name,)),
                key=str(name),
            )
        for version, digest in versions.items():
            if not (isinstance(digest, str) and digest.startswith("sha256:")):
                raise ConfigError(
                    f"expected 'sha256:<hex>', found {digest!r}",
                    file=str(path),
                    line=doc.line_of((name, version)),
                    key=f"{name}.{version}",
                )
        lock[str(name)] = {str(v): d for v, d in versions.items()}
    return lock


def write_lock(root: Path, lock: dict[str, dict[str, str]]) -> Path:
    path = root / LOCK_FILE
    lines = [LOCK_HEADER.rstrip("\n")]
    for name in sorted(lock):
        lines.append(f"{name}:")
        for version in sorted(lock[name], key=version_number):
            lines.append(f"  {version}: {lock[name][version]}")
    tmp = path.with_suffix(".lock.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def version_number(version: str) -> int:
    return int(version[1:]) if version[1:].isdigit() else 1 << 30
