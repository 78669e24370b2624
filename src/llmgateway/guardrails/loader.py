"""Load ``policies/*.yaml`` into a ``PolicySet`` with a content hash.

A policy's name is its file name without ``.yaml``. Errors name the file, the line, the key, what
was found and what is allowed, e.g.::

    policies/suitability.yaml:14: key 'rules[2].action': Input should be 'block', 'redact',
    'disclose', 'review' or 'log' (found 'hold')
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError
from ..yamlfile import YamlDoc, format_keypath, load_yaml
from .classifier import ClassifierModel, load_classifier
from .ngram import NgramModel, load_ngram
from .rules import CompiledRule
from .schema import ClassifierSpec, Examples, Judge, NgramSpec, Policy, Rule, SecondOpinionSpec, allowed_keys
from .second_opinion import SecondOpinion, load_second_opinion

POLICY_SUFFIXES = (".yaml", ".yml")


@dataclass
class PolicySet:
    """An immutable, validated set of policies; swapped whole on reload."""

    directory: str
    policies: dict[str, Policy]
    files: dict[str, dict[str, Any]]  # name -> {path, sha256, rules}
    hash: str
    loaded_at: float = field(default_factory=time.time)
    compiled: dict[str, list[CompiledRule]] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)  # guards per (policies, stage), built lazily
    classifier: ClassifierModel | None = None  # the trained heads of the classifier rules
    files_hash: str = ""  # the policy files alone (``hash`` also covers the classifier model)
    second_opinion: SecondOpinion | None = None  # for the answer heads' grey band (second_opinion.py)
    ngram: NgramModel | None = None  # the n-gram readers beside the window heads (ngram.py)

    def __post_init__(self) -> None:
        if not self.compiled:
            heads = self.classifier.heads if self.classifier else {}
            readers = self.ngram.rules if self.ngram else {}
            self.compiled = {
                name: [
                    CompiledRule(
                        name,
                        rule,
                        heads.get(f"{name}/{rule.id}"),
                        self.second_opinion,
                        readers.get(f"{name}/{rule.id}"),
                    )
                    for rule in policy.rules
                ]
                for name, policy in self.policies.items()
            }

    @property
    def classifier_hash(self) -> str | None:
        return self.classifier.hash if self.classifier else None

    def rules_for(self, names: list[str] | tuple[str, ...], stage: str) -> list[CompiledRule]:
        return [rule for name in names for rule in self.compiled.get(name, []) if rule.rule.applies_to(stage)]

    def missing(self, names: list[str]) -> list[str]:
        return [n for n in names if n not in self.policies]

    def summary(self) -> dict:
        return {
            "hash": self.hash,
            "directory": self.directory,
            "loaded_at": self.loaded_at,
            "classifier_hash": self.classifier_hash,
            "ngram_hash": self.ngram.hash if self.ngram else None,
            "files": [{"policy": name, **info} for name, info in sorted(self.files.items())],
        }


def policy_files(directory: str | Path) -> list[Path]:
    d = Path(directory)
    if not d.is_dir():
        raise ConfigError("policy folder not found (set paths.policies in gateway.yaml)", file=str(d))
    return sorted(p for p in d.iterdir() if p.suffix in POLICY_SUFFIXES and p.is_file() and not p.name.startswith("."))


def load_policy_file(path: str | Path) -> tuple[Policy, str]:
    """One policy file → (Policy, sha256 of its bytes). Raises ConfigError."""
    path = Path(path)
    raw = path.read_bytes()
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise ConfigError(
            f"expected a mapping with keys {allowed_keys(Policy)}, found {type(doc.data).__name__}",
            file=str(path),
            line=1,
        )
    try:
        policy = Policy.model_validate(doc.data)
    except ValidationError as exc:
        raise policy_error(doc, exc) from None
    _check_unique_ids(doc, policy)
    policy.name = path.stem
    return policy, hashlib.sha256(raw).hexdigest()


def load_policy_set(directory: str | Path, *, classifier: bool = True, second_opinion: bool = True) -> PolicySet:
    """Every policy file in ``directory``; the first invalid file raises ConfigError, and so does a
    classifier model that is missing or stale for its training data (``classifier=False`` skips the
    model: ``policy train`` and ``policy validate`` need the rules, not the heads; ``second_opinion=False``
    skips the grey band's model, which ``policy second-opinion`` builds from the heads)."""
    policies: dict[str, Policy] = {}
    files: dict[str, dict[str, Any]] = {}
    for path in policy_files(directory):
        if path.stem in policies:
            raise ConfigError(
                f"policy '{path.stem}' is defined twice ({files[path.stem]['path']} and {path.name}); keep one",
                file=str(path),
            )
        policy, digest = load_policy_file(path)
        policies[path.stem] = policy
        files[path.stem] = {
            "path": str(path),
            "sha256": digest,
            "rules": len(policy.rules),
            "description": policy.description,
        }
    files_hash = hashlib.sha256(
        "".join(f"{name}:{info['sha256']}\n" for name, info in sorted(files.items())).encode()
    ).hexdigest()
    needed = [f"{name}/{r.id}" for name, p in policies.items() for r in p.rules if r.classifier and r.enabled]
    model = load_classifier(directory, needed) if classifier else None
    second = _second_opinion(directory, policies, model) if second_opinion else None
    readers = [f"{name}/{r.id}" for name, p in policies.items() for r in p.rules if r.enabled and _reads_ngrams(r)]
    ngram = load_ngram(directory, readers) if classifier else None
    parts = [files_hash] + [m.hash for m in (model, second, ngram) if m is not None]
    combined = files_hash if model is None else hashlib.sha256(":".join(parts).encode()).hexdigest()
    return PolicySet(
        directory=str(directory),
        policies=policies,
        files=files,
        hash=combined,
        classifier=model,
        files_hash=files_hash,
        second_opinion=second,
        ngram=ngram,
    )


def _reads_ngrams(rule: Rule) -> bool:
    return rule.classifier is not None and rule.classifier.ngram is not None


def _second_opinion(directory, policies: dict[str, Policy], model: ClassifierModel | None) -> SecondOpinion | None:
    """The second-opinion model when an enabled rule asks for one (and the heads are loaded)."""
    needed = [
        f"{name}/{r.id}"
        for name, p in policies.items()
        for r in p.rules
        if r.enabled and r.classifier is not None and r.classifier.second_opinion is not None
    ]
    if model is None or not needed:
        return None
    trunks = [h.trunk for k, h in model.heads.items() if k in needed and h.trunk is not None and h.encoder is None]
    if len(trunks) < len(needed):
        raise ConfigError(f"second_opinion is for answer (sentence) heads only; asked by {sorted(needed)}")
    return load_second_opinion(directory, needed, trunks[0].encoder.get("tuned"))


def _check_unique_ids(doc: YamlDoc, policy: Policy) -> None:
    seen: dict[str, int] = {}
    for i, rule in enumerate(policy.rules):
        if rule.id in seen:
            raise ConfigError(
                f"duplicate rule id '{rule.id}' (first used by rules[{seen[rule.id]}]); "
                f"rule ids must be unique within a policy",
                file=doc.path,
                line=doc.line_of(("rules", i, "id")),
                key=f"rules[{i}].id",
            )
        seen[rule.id] = i


_MODELS_AT: dict[str, type[BaseModel]] = {
    "rules": Rule,
    "examples": Examples,
    "judge": Judge,
    "classifier": ClassifierSpec,
    "second_opinion": SecondOpinionSpec,
    "ngram": NgramSpec,
}


def _model_at(loc: tuple) -> type[BaseModel]:
    model: type[BaseModel] = Policy
    for part in loc:
        if isinstance(part, str) and part in _MODELS_AT:
            model = _MODELS_AT[part]
    return model


def policy_error(doc: YamlDoc, exc: ValidationError) -> ConfigError:
    """A pydantic error as ConfigError: file:line, key path, the problem, what is allowed."""
    lines: list[str] = []
    first: tuple[int | None, tuple] = (None, ())
    for err in exc.errors()[:5]:
        loc = tuple(err["loc"])
        line = doc.line_of(loc)
        if err["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'; allowed keys here: {', '.join(allowed_keys(_model_at(loc[:-1])))}"
        elif err["type"] == "missing":
            message = f"required key '{loc[-1]}' is missing"
        else:
            found = err.get("input")
            found_s = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
            message = f"{err['msg'].removeprefix('Value error, ')} (found {found_s})"
            if loc and loc[-1] == "kind":
                message += (
                    "; each kind needs its own key: phrases→phrases, regex→patterns, "
                    "semantic→similar_to, pii→pii, llm_judge→judge, classifier→classifier"
                )
        if not lines:
            first = (line, loc)
        lines.append(f"{doc.path}:{line or '?'}: key '{format_keypath(loc) or '(top level)'}': {message}")
    more = f"\n(+{len(exc.errors()) - 5} more errors)" if len(exc.errors()) > 5 else ""
    error = ConfigError("\n".join(lines) + more)
    error.file, error.line, error.key = doc.path, first[0], format_keypath(first[1])
    error.args = ("\n".join(lines) + more,)
    return error
