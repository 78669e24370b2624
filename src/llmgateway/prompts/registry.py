"""The prompt registry: immutable versions, labels, the lock, and canary resolution.

Layout (``settings.prompts_dir``)::

    prompts/
      prompts.lock              content hash of each released version (lockfile.py)
      advisor_qa/
        v1.yaml  v2.yaml        one file per version: messages (templates), params, model, …
        labels.yaml             label → version, or a canary split: {v2: 90, v3: 10}

A *ref* names what to serve: ``NAME`` (label ``production``), ``NAME@LABEL`` or ``NAME@v3``.
Loading is all-or-nothing: a bad file raises ``ConfigError`` naming the file and line, and a
released version whose file no longer matches the lock refuses the whole load.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from ..errors import ConfigError, PromptNotFound
from ..strict import StrictModel
from ..yamlfile import YamlDoc, parse_yaml
from .labelfile import LABELS_FILE, VERSION_RE, read_labels
from .lockfile import LOCK_FILE, content_hash, read_lock, version_number
from .render import BUILTIN_VARIABLES, TemplateMessage, compile_template

DEFAULT_LABEL = "production"
LATEST_LABEL = "latest"  # implicit: the newest released version, unless labels.yaml defines it
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# -- the version file schema ------------------------------------------------------------------
class _MessageSpec(StrictModel):
    role: Literal["system", "developer", "user", "assistant"] | None = None
    content: str | None = None
    placeholder: Literal["history"] | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if self.placeholder is None and (self.role is None or self.content is None):
            raise ValueError("a message needs 'role' and 'content', or 'placeholder: history'")
        if self.placeholder is not None and (self.role or self.content):
            raise ValueError("'placeholder' stands alone: no 'role' or 'content' beside it")
        return self


class _VersionSpec(StrictModel):
    description: str | None = None
    author: str | None = None
    model: str | None = Field(default=None, description="a model_name from gateway.yaml")
    params: dict[str, Any] = Field(default_factory=dict)
    variables: dict[str, Any] = Field(default_factory=dict)
    messages: list[_MessageSpec] = Field(min_length=1)


@dataclass(frozen=True)
class PromptVersion:
    name: str
    version: str  # "v2"
    path: Path
    hash: str  # sha256:<hex> of the file
    released: bool  # recorded in prompts.lock
    text: str
    messages: tuple[TemplateMessage, ...]
    params: dict[str, Any]
    variables: dict[str, Any]
    model: str | None = None
    description: str | None = None
    author: str | None = None
    model_line: int | None = None

    @property
    def number(self) -> int:
        return version_number(self.version)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Label:
    """A label's target: one version (weight 100) or a weighted canary split, in file order."""

    splits: tuple[tuple[str, int], ...]
    line: int | None = None

    @property
    def champion(self) -> str:
        return max(self.splits, key=lambda s: s[1])[0]  # max keeps the first on a tie

    def as_yaml_value(self) -> str | dict[str, int]:
        return self.splits[0][0] if len(self.splits) == 1 else dict(self.splits)


@dataclass
class Prompt:
    name: str
    folder: Path
    versions: dict[str, PromptVersion]
    labels: dict[str, Label] = field(default_factory=dict)

    @property
    def labels_path(self) -> Path:
        return self.folder / LABELS_FILE

    def latest(self) -> PromptVersion:
        """The newest released version (the newest draft if nothing is released yet)."""
        released = [v for v in self.versions.values() if v.released] or list(self.versions.values())
        return max(released, key=lambda v: v.number)


@dataclass(frozen=True)
class Resolution:
    """What a ref picked for one request."""

    version: PromptVersion
    role: str  # champion | canary | shadow
    label: str | None  # None when the ref pinned a version


def parse_ref(ref: str, default_name: str | None = None) -> tuple[str, str]:
    """``NAME`` → (NAME, production); ``NAME@REF`` → (NAME, REF); ``@REF`` → (default_name, REF)."""
    ref = ref.strip()
    name, _, target = ref.partition("@")
    name = name or (default_name or "")
    if not name:
        raise PromptNotFound(f"prompt ref '{ref}' names no prompt; use NAME, NAME@LABEL or NAME@vN")
    return name, (target or DEFAULT_LABEL)


def bucket(key: str, name: str, label: str) -> float:
    """A stable number in [0, 1) for ``key``: same caller, same bucket, on every process and restart."""
    digest = hashlib.sha256(f"{name}\x00{label}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class PromptRegistry:
    """An immutable snapshot of the prompts folder. Reloads build a new one (watcher.py)."""

    def __init__(self, root: Path, prompts: dict[str, Prompt], lock: dict[str, dict[str, str]]):
        self.root = root
        self.prompts = prompts
        self.lock = lock

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, root: str | Path) -> PromptRegistry:
        root = Path(root)
        if not root.is_dir():
            raise ConfigError(
                "prompts folder not found; create it or set paths.prompts in gateway.yaml", file=str(root)
            )
        lock = read_lock(root)
        prompts: dict[str, Prompt] = {}
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            prompt = _load_prompt(folder, lock.get(folder.name, {}))
            if prompt is not None:
                prompts[prompt.name] = prompt
        for name, versions in lock.items():
            missing = sorted(set(versions) - set(prompts[name].versions if name in prompts else {}), key=version_number)
            if missing:
                raise ConfigError(
                    f"released version(s) {missing} of prompt '{name}' are recorded in {LOCK_FILE} but their "
                    f"files are gone; released versions are immutable and keep the history of what was "
                    f"served: restore the file(s)",
                    file=str(root / name / f"{missing[0]}.yaml"),
                )
        return cls(root, prompts, lock)

    # -- lookups ------------------------------------------------------------------------------
    def get(self, name: str) -> Prompt:
        try:
            return self.prompts[name]
        except KeyError:
            raise PromptNotFound(
                f"unknown prompt '{name}'; known: {sorted(self.prompts) or 'none'} (in {self.root})", param="prompt"
            ) from None

    def version(self, name: str, target: str) -> PromptVersion:
        prompt = self.get(name)
        if VERSION_RE.match(target):
            if target not in prompt.versions:
                raise PromptNotFound(
                    f"prompt '{name}' has no version {target}; versions: {sorted(prompt.versions, key=version_number)}",
                    param="prompt",
                )
            return prompt.versions[target]
        label = self._label(prompt, target)
        return prompt.versions[label.champion]

    def _label(self, prompt: Prompt, label: str) -> Label:
        if label == LATEST_LABEL and label not in prompt.labels:  # implicit, as in Langfuse
            return Label(((prompt.latest().version, 100),))
        if label not in prompt.labels:
            raise PromptNotFound(
                f"prompt '{prompt.name}' has no label '{label}'; labels: {sorted(prompt.labels)} "
                f"(in {prompt.labels_path}); or pin a version with {prompt.name}@vN",
                param="prompt",
            )
        return prompt.labels[label]

    def resolve(
        self, ref: str, *, bucket_key: str | None, default_name: str | None = None, require_released: bool = False
    ) -> Resolution:
        """Pick the version for one request. A canary split picks by ``bucket_key`` (user or
        conversation id): the same key always lands on the same version."""
        name, target = parse_ref(ref, default_name)
        prompt = self.get(name)
        if VERSION_RE.match(target):
            resolution = Resolution(self.version(name, target), "champion", None)
        else:
            label = self._label(prompt, target)
            chosen = label.champion
            if len(label.splits) > 1 and bucket_key is not None:
                chosen = pick_split(label.splits, bucket(bucket_key, name, target))
            role = "champion" if chosen == label.champion else "canary"
            resolution = Resolution(prompt.versions[chosen], role, target)
        if require_released and not resolution.version.released:
            raise PromptNotFound(
                f"{resolution.version.ref} ({resolution.version.path}) is not released; "
                f"release it with `llmgateway prompts lock` before serving it",
                param="prompt",
            )
        return resolution

    def check_ref(self, ref: str, *, default_name: str | None = None, require_released: bool = True) -> None:
        """Raise PromptNotFound if ``ref`` (or any version of a split label) cannot be served."""
        for pv in self.targets(ref, default_name=default_name):
            if require_released and not pv.released:
                raise PromptNotFound(
                    f"{pv.ref} ({pv.path}) is not released; run `llmgateway prompts lock`", param="prompt"
                )

    def targets(self, ref: str, *, default_name: str | None = None) -> list[PromptVersion]:
        """Every version ``ref`` can serve (all versions of a canary split)."""
        name, target = parse_ref(ref, default_name)
        if VERSION_RE.match(target):
            return [self.version(name, target)]
        prompt = self.get(name)
        return [prompt.versions[v] for v, _ in self._label(prompt, target).splits]

    def labels_snapshot(self) -> dict[str, dict[str, Any]]:
        return {
            name: {label: lab.as_yaml_value() for label, lab in sorted(p.labels.items())}
            for name, p in sorted(self.prompts.items())
        }


def pick_split(splits: tuple[tuple[str, int], ...], point: float) -> str:
    total = sum(w for _, w in splits)
    edge = 0.0
    for version, weight in splits:
        edge += weight / total
        if point < edge:
            return version
    return [v for v, w in splits if w > 0][-1]


# -- one prompt folder ----------------------------------------------------------------------------
def _load_prompt(folder: Path, locked: dict[str, str]) -> Prompt | None:
    versions: dict[str, PromptVersion] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml") or path.name == LABELS_FILE:
            continue
        match = VERSION_RE.match(path.stem)
        if not match or path.suffix != ".yaml":
            raise ConfigError(
                f"unexpected file name '{path.name}'; a prompt folder holds vN.yaml "
                f"(v1.yaml, v2.yaml, …) and {LABELS_FILE}",
                file=str(path),
            )
        versions[path.stem] = _load_version(folder.name, path, locked)
    if not versions and not locked:
        return None
    if not NAME_RE.match(folder.name):
        raise ConfigError("prompt folder names may use letters, digits, '_', '.' and '-'", file=str(folder))
    prompt = Prompt(folder.name, folder, versions)
    if prompt.labels_path.exists():
        prompt.labels = _load_labels(prompt)
    return prompt


def _load_version(name: str, path: Path, locked: dict[str, str]) -> PromptVersion:
    raw = path.read_bytes()
    digest = content_hash(raw)
    version = path.stem
    if version in locked and locked[version] != digest:
        raise ConfigError(
            f"released version {name}@{version} no longer matches {LOCK_FILE} (locked {locked[version][:19]}…, "
            f"file now {digest[:19]}…). Released versions are immutable: restore this file (e.g. "
            f"`git checkout -- {path}`) and release the change as a new version instead "
            f"(add {path.parent / f'v{_next_number(path.parent)}.yaml'}, then run `llmgateway prompts lock`)",
            file=str(path),
        )
    text = raw.decode("utf-8")
    doc = parse_yaml(text, str(path), empty={})
    if not isinstance(doc.data, dict):
        raise ConfigError(
            "expected a mapping with 'messages' (and optionally description, author, model, params, variables)",
            file=str(path),
            line=1,
        )
    try:
        spec = _VersionSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc) from None
    messages = tuple(_compile_message(doc, i, m, spec) for i, m in enumerate(spec.messages))
    return PromptVersion(
        name=name,
        version=version,
        path=path,
        hash=digest,
        released=version in locked,
        text=text,
        messages=messages,
        params=dict(spec.params),
        variables=dict(spec.variables),
        model=spec.model,
        description=spec.description,
        author=spec.author,
        model_line=doc.line_of(("model",)),
    )


def _compile_message(doc: YamlDoc, i: int, spec: _MessageSpec, version: _VersionSpec) -> TemplateMessage:
    if spec.placeholder:
        return TemplateMessage(
            role=None, source=None, template=None, variables=frozenset(), placeholder=spec.placeholder
        )
    line = doc.line_of(("messages", i, "content"))
    key = f"messages[{i}].content"
    template, used = compile_template(spec.content or "", file=doc.path, line=line, key=key)
    allowed = BUILTIN_VARIABLES | set(version.variables)
    unknown = sorted(used - allowed)
    if unknown:
        raise ConfigError(
            f"template uses undefined variable(s) {unknown}; allowed: built-ins "
            f"{sorted(BUILTIN_VARIABLES)} and those declared under 'variables:' "
            f"({sorted(version.variables) or 'none'})",
            file=doc.path,
            line=line,
            key=key,
        )
    return TemplateMessage(role=spec.role, source=spec.content, template=template, variables=used)


def _next_number(folder: Path) -> int:
    numbers = [int(m.group(1)) for p in folder.glob("v*.yaml") if (m := VERSION_RE.match(p.stem))]
    return max(numbers, default=0) + 1


def _load_labels(prompt: Prompt) -> dict[str, Label]:
    return {
        name: Label(splits, line) for name, (splits, line) in read_labels(prompt.labels_path, prompt.versions).items()
    }
