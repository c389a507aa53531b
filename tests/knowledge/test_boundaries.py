"""knowledge/ stays free of Rasa and the web framework; only the CLI edge makes engines."""
from __future__ import annotations

import ast
from pathlib import Path

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
FORBIDDEN = ("rasa", "rasa_sdk", "aiohttp")


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_knowledge_imports_neither_rasa_nor_aiohttp():
    for path in KNOWLEDGE.rglob("*.py"):
        for module in imported_modules(path):
            assert module.split(".")[0] not in FORBIDDEN, (path.name, module)


def test_only_the_command_line_imports_bot_db():
    users = {path.name for path in KNOWLEDGE.rglob("*.py")
             if any(m.startswith("bot") for m in imported_modules(path))}
    assert users == {"__main__.py"}
