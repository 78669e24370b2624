"""YAML loading that remembers where each key came from, for errors with file:line.

Used by the gateway config, policy files and prompt files: ``load_yaml(path)`` returns a
``YamlDoc`` whose ``line_of(("routes", 0, "model"))`` gives the 1-based line of that key, and
``validation_error(exc)`` turns a pydantic ``ValidationError`` into a ``ConfigError`` naming the
file, the line, the key path, what was found and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ConfigError


@dataclass
class YamlDoc:
    path: str
    data: Any
    node: yaml.Node | None

    def line_of(self, keypath: tuple) -> int | None:
        node, line = self.node, None
        for part in keypath:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if str(k.value) == str(part):
                        line, node = k.start_mark.line + 1, v
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def validation_error(
        self, exc: ValidationError, prefix: tuple = (), model: type[BaseModel] | None = None
    ) -> ConfigError:
        """First pydantic errors as a ConfigError: ``file:line: key.path: problem (found …)``, one line
        each (five at most). ``model`` (what validated the document) lets an unknown key list the
        keys allowed in its place; ``prefix`` is where the validated part sits in the document."""
        errors = exc.errors()
        lines = []
        first_line = None
        for err in errors[:5]:
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            path = prefix + loc
            line = self.line_of(path)
            if first_line is None:
                first_line = line
            if err["type"] == "extra_forbidden":
                allowed = allowed_keys(model, loc[:-1]) if model is not None else []
                problem = f"unknown key '{loc[-1]}'" + (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
                problem += f" ({err['msg']})"
            else:
                found = err.get("input")
                found_s = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
                if err["type"] == "missing":
                    found_s = "nothing"
                problem = f"{err['msg']} (found {found_s})"
            lines.append(f"{self.path}:{line or '?'}: {format_keypath(path)}: {problem}")
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        message = "\n".join(lines) + more
        cerr = ConfigError(message)
        cerr.file, cerr.line, cerr.key = self.path, first_line, format_keypath(prefix + tuple(errors[0]["loc"]))
        cerr.args = (message,)
        return cerr


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys ``model`` allows at ``loc`` (following nested models, lists and dicts of them)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [name for name, field in current.model_fields.items() if not field.exclude]
    return []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``X | None``, ``list[X]`` or ``dict[str, X]``, else the annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def format_keypath(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: str | Path, *, empty: Any = None) -> YamlDoc:
    """Parse ``path``; a syntax error becomes a ConfigError with the file and line."""
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", file=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read file: {exc.strerror}", file=path) from None
    return parse_yaml(text, path, empty=empty)


def parse_yaml(text: str, path: str = "<string>", *, empty: Any = None) -> YamlDoc:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(f"invalid YAML: {exc.problem or exc}", file=path, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=path) from None
    if data is None:
        data = empty
    return YamlDoc(path=path, data=data, node=node)
