"""Imports inside ``src/llmgateway`` flow one way (docs/architecture.md): no module imports itself
back through others, and nothing but the plugin loader imports a capability's ``plugin.py``.

Every import counts — at module level, inside functions and under ``TYPE_CHECKING`` — because each
is a dependency a reader has to follow, even when Python would tolerate the cycle at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import llmgateway

PACKAGE_DIR = Path(llmgateway.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """``{module: {llmgateway modules it imports}}`` read from the source, not by importing it."""
    files = {module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                while target and target not in files:  # `from .x import y` names a module or an attribute
                    target = target.rpartition(".")[0]
                if target and target != name:
                    deps.add(target)
        graph[name] = deps
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_is_read_from_the_source():
    graph = import_graph()
    assert "llmgateway.pipeline" in graph["llmgateway.executor"]
    assert "llmgateway.guardrails.settings" in graph["llmgateway.guardrails.runtime"]


def test_no_import_cycles_inside_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_only_the_plugin_loader_knows_a_capabilitys_plugin_module():
    importers = {
        module: sorted(dep for dep in deps if dep.endswith(".plugin"))
        for module, deps in import_graph().items()
        if any(dep.endswith(".plugin") for dep in deps)
    }
    assert importers == {}, f"plugin.py wires its package; import what it wires instead: {importers}"


def test_only_settings_and_the_offline_switch_read_the_environment():
    readers = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
                if isinstance(node.value, ast.Name) and node.value.id == "os":
                    readers.add(module_name(path))
    # config.Settings reads LLMGATEWAY_*; telemetry_off sets the offline variables; upstream resolves
    # LiteLLM's ``api_key: os.environ/NAME`` indirection written in gateway.yaml; guardrails.kernels sets
    # torch's kernel caps for ``policy train`` (and records them)
    assert readers == {
        "llmgateway.config",
        "llmgateway.telemetry_off",
        "llmgateway.upstream.deployment",
        "llmgateway.guardrails.kernels",
    }


CAPABILITY_USERS = {"api", "cli", "stage", "streaming"}  # use the state plugin.py hands them


def layer(module: str) -> int:
    """0 = plugin.py (wires), 1 = api/cli/stage (use), 2 = runtime, registry, settings, … (hold state)."""
    name = module.rpartition(".")[2]
    return 0 if name == "plugin" else 1 if name in CAPABILITY_USERS else 2


def test_inside_a_capability_package_imports_flow_down():
    upward = []
    for module, deps in import_graph().items():
        parts = module.split(".")
        if len(parts) != 3 or parts[1] in ("api", "store", "tracing"):  # core packages: no plugin layers
            continue
        package = ".".join(parts[:2]) + "."
        upward += [f"{module} -> {dep}" for dep in deps if dep.startswith(package) and layer(dep) < layer(module)]
    assert upward == [], "state modules must not import the modules that use them: " + ", ".join(upward)


def test_no_module_imports_another_modules_private_name():
    private = []
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("llmgateway")):
                names = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                private += [
                    f"{module_name(path)}: from {'.' * node.level}{node.module or ''} import {n}" for n in names
                ]
    assert private == [], f"make these public where they are defined: {private}"
