"""render/json.py: the indented writer gives exactly what json.dumps(indent=2, ensure_ascii=False) gives."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.render.json import dumps_indented, render_json
from compare.render.safe import json_safe

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.text(max_size=8))
_KEYS = st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False))
_TREES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_dumps_indented_is_json_dumps(tree: Any) -> None:
    assert dumps_indented(tree) == json.dumps(tree, ensure_ascii=False, indent=2)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=6), _TREES, max_size=5))
def test_render_json_is_the_safe_dumps(tree: dict[str, Any]) -> None:
    out = io.StringIO()
    render_json(tree, out)
    assert out.getvalue() == json_safe(json.dumps(tree, ensure_ascii=False, indent=2)) + "\n"


def test_repeated_keys_and_subclasses() -> None:
    class Name(str):
        pass

    class Count(int):
        pass

    tree = {"a": [{"a": 1, "b": True}, {"a": Count(2), Name("b"): Name("x\u0085")}], 1: {}, True: [], None: ()}
    assert dumps_indented(tree) == json.dumps(tree, ensure_ascii=False, indent=2)
    out = io.StringIO()
    render_json(tree, out)
    assert out.getvalue() == json_safe(json.dumps(tree, ensure_ascii=False, indent=2)) + "\n"
