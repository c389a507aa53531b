"""The folders are the architecture; imports point one way and never in a circle.

    foundation   database/ texts/                   one metadata, engines, sessions, clock;
                                                    every Dutch text people read
    domain       knowledge/ accounts/ referrals/    plain Python and SQLAlchemy, no Rasa,
                 registration/ privacy/             no aiohttp
                 conversation/
    settings     bot/settings.py                    the one settings object
    adapters     actions/ bot/rasa/ bot/channels/   the frameworks at the edge
                 bot/web/
    wiring       the rest of bot/                   CLI, supervisor, training, schema

A module may import its own layer and the layers above it in this list, never one below.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [
    ("foundation", ("database", "texts")),
    ("domain", ("knowledge", "accounts", "referrals", "registration", "privacy", "conversation")),
    ("settings", ("bot.settings",)),
    ("adapters", ("actions", "bot.rasa", "bot.channels", "bot.web")),
    ("wiring", ("bot",)),
]
PACKAGES = sorted({p.split(".")[0] for _, prefixes in LAYERS for p in prefixes})
FRAMEWORKS = ("rasa", "rasa_sdk", "aiohttp", "sanic", "aiohttp_jinja2")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            modules[module_name(path)] = path
    return modules


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def layer_of(module: str) -> int | None:
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def test_every_project_package_has_a_layer():
    for module in project_modules():
        assert layer_of(module) is not None, module


def test_imports_never_point_to_a_lower_layer():
    wrong = []
    for module, path in project_modules().items():
        own = layer_of(module)
        for imported in imports(path):
            target = layer_of(imported)
            if target is not None and own is not None and target > own:
                wrong.append(
                    f"{module} ({LAYERS[own][0]}) imports {imported} ({LAYERS[target][0]})"
                )
    assert not wrong, "\n".join(sorted(wrong))


def test_the_domain_and_foundation_know_no_framework():
    wrong = []
    for module, path in project_modules().items():
        if layer_of(module) in (0, 1):
            wrong += [
                f"{module} imports {m}" for m in imports(path) if m.split(".")[0] in FRAMEWORKS
            ]
    assert not wrong, "\n".join(sorted(wrong))


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _resolve(imported: str, modules: dict[str, Path]) -> str | None:
    while imported and imported not in modules:
        imported = imported.rpartition(".")[0]
    return imported or None


def test_no_import_cycle_between_modules():
    modules = project_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        for imported in imports(path, top_level_only=True):
            target = _resolve(imported, modules)
            # a package's __init__ importing its own modules is not a cycle of meaning
            if target and target != module and not target.startswith(module + "."):
                graph[module].add(target)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_no_import_cycle_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    units = sorted({p for _, prefixes in LAYERS for p in prefixes}, key=len, reverse=True)

    def unit(module: str) -> str | None:
        return next((u for u in units if module == u or module.startswith(u + ".")), None)

    for module, path in project_modules().items():
        source = unit(module)
        for imported in imports(path):
            target = unit(imported)
            if source and target and target != source:
                graph[source].add(target)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])
