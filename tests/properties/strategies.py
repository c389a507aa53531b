"""What a public chat and an API meet: generated JSON of every shape and the nasty
values people (and scripts) send."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

NASTY_TEXT = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "\x07\x1b[2J",
    "\u202e\u2066",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "'; DROP TABLE referrals; --",
    "%",
    "_",
    "%_%\\",
    '=HYPERLINK("https://kwaad.example")',
    "/affirm",
    '/inform{"gemeente": "Voorbeeldstad"}',
    "///",
    "ｄｉｇｉｄ",
    "🙂" * 50,
    "9" * 5000,
    "a" * 5000,
    " ",
    "",
    "mijn bsn is 111222333 en iban NL91ABNA0417164300",
    "2026-02-30",
    "9999-12-31T23:59:59Z",
]

# every character, lone surrogates and control characters included
any_text = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=80),
    st.sampled_from(NASTY_TEXT),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
)
json_scalars = st.one_of(st.none(), st.booleans(), numbers, any_text)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(any_text, children, max_size=5)
    ),
    max_leaves=8,
)


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


RAW_BODIES = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'"text"',
    b'{"text": ' + b"9" * 5000 + b"}",
    b'{"text": 1e999999}',
    b'{"text": -Infinity}',
    b'{"text": NaN}',
    deep(100_000).encode(),
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"text": "\\ud800"}',
    b'{"text": "\\udc00\\ud800"}',
    b'{"text": "\\u0000"}',
    b"\xff\xfe\x00\x00",
    b'{"text": "caf\xe9"}',
    b"x" * 1_100_000,  # 1 MB and more
]

raw_bodies = st.one_of(
    st.sampled_from(RAW_BODIES),
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=True).encode()),
)

content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
    ]
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A valid-looking value, or anything at all."""
    return st.one_of(strategy, json_values)
