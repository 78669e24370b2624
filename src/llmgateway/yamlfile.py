"""YAML loading that remembers where each key came from, for errors with file:line.

Used by the gateway config, policy files and prompt files: ``load_yaml(path)`` returns a
``YamlDoc`` whose ``line_of(("routes", 0, "model"))`` gives the 1-based line of that key, and
``validation_error(exc)`` turns a pydantic ``ValidationError`` into a ``ConfigError`` naming the
file, the line, the key path, what was found and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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

    def validation_error(self, exc, prefix: tuple = ()) -> ConfigError:
        """First pydantic error as a ConfigError, with the others summarised after it."""
        errors = exc.errors()
        lines = []
        first_line = None
        for err in errors[:5]:
            loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            line = self.line_of(loc)
            if first_line is None:
                first_line = line
            found = err.get("input")
            found_s = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
            if err["type"] == "missing":
                found_s = "nothing"
            lines.append(f"{self.path}:{line or '?'}: key '{format_keypath(loc)}': {err['msg']} (found {found_s})")
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        message = "\n".join(lines) + more
        cerr = ConfigError(message)
        cerr.file, cerr.line, cerr.key = self.path, first_line, format_keypath(prefix + tuple(errors[0]["loc"]))
        cerr.args = (message,)
        return cerr


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
