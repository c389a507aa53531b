"""Every Dutch text that people read, in one catalogue: texts/nl.yml.

    text("advice.why.named", organisation="het CAK")

Keys are dotted names; values are templates with `{placeholders}`. A missing key or
placeholder is an error (KeyError), never a silent empty string. The B1 test
(tests/unit/test_b1_texts.py) reads every template.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

CATALOGUE_FILE = Path(__file__).with_name("nl.yml")


class _TextLoader(yaml.SafeLoader):
    """YAML without its 1.1 booleans: the keys `yes:` and `no:` (buttons.yes) stay
    the words they are instead of becoming True and False."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _flatten(prefix: str, node: Any, into: dict[str, str]) -> None:
    if isinstance(node, Mapping):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, into)
    elif isinstance(node, str):
        into[prefix] = node.strip()
    else:
        raise TypeError(f"texts/nl.yml: {prefix} is not text: {node!r}")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str]:
    """Every template, by its dotted key."""
    flat: dict[str, str] = {}
    _flatten("", yaml.load(CATALOGUE_FILE.read_text(encoding="utf-8"), _TextLoader), flat)
    return flat


def placeholders(key: str) -> list[str]:
    return [name for _, name, _, _ in Formatter().parse(catalogue()[key]) if name]


def text(key: str, **values: Any) -> str:
    """The text `key`, its placeholders filled in."""
    return catalogue()[key].format(**values)


def has(key: str) -> bool:
    return key in catalogue()
