"""render/json.py: the indented writer gives exactly what json.dumps(indent=2, ensure_ascii=False) gives (but
null for a float that is not finite), whether a container is walked or written by orjson."""

from __future__ import annotations

import io
import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.render import json as render_json_module
from compare.render.json import dumps_indented, render_json
from compare.render.safe import json_safe

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.floats(-1e-3, 1e-3), st.text(max_size=8),
                     st.sampled_from(["\ud800", "\udc85", "a\u0085b", "\u202e", "\u2028", "0.00001", "e-5", "\x00\x1f"]))
_KEYS = st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False))
_TREES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=30)


def _finite(tree: Any) -> Any:
    """The tree with every float that is not finite replaced by None (what the writer writes as null)."""
    if isinstance(tree, float) and not math.isfinite(tree):
        return None
    if isinstance(tree, dict):
        return {k: _finite(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return [_finite(v) for v in tree]
    return tree


def _expected(tree: Any) -> str:
    return json_safe(json.dumps(_finite(tree), ensure_ascii=False, indent=2)) + "\n"


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_dumps_indented_is_json_dumps(tree: Any) -> None:
    assert dumps_indented(tree) == json.dumps(_finite(tree), ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.lists(_TREES, max_size=4), max_size=5))
def test_render_json_is_the_safe_dumps(tree: dict[str, Any]) -> None:
    """Sections of items, as every command's envelope: the items are below OUTER_DEPTH, written by orjson."""
    out = io.StringIO()
    render_json(tree, out)
    assert out.getvalue() == _expected(tree)


def test_orjson_writes_the_items_and_the_walk_what_orjson_would_write_otherwise() -> None:
    calls: list[bytes | None] = []
    real = render_json_module._orjson_text

    def spy(o: Any, nl: str) -> bytes | None:
        calls.append(real(o, nl))
        return calls[-1]

    tree = {"findings": [{"score": 0.25, "text": "plain"}, {"score": 2.5e-05}, {"text": "lone \ud800"},
                         {"n": 2 ** 70}, {"x": float("nan")}, [1, [2, {"deep": "\u202e"}]]]}
    render_json_module._orjson_text = spy
    try:
        out = io.StringIO()
        render_json(tree, out)
    finally:
        render_json_module._orjson_text = real
    assert out.getvalue() == _expected(tree)
    assert '"score": 2.5e-05' in out.getvalue() and '"x": null' in out.getvalue()
    assert "\\u202e" in out.getvalue() and "\u202e" not in out.getvalue()
    # orjson wrote the plain item, the NaN (as null) and the nested lists; the walk the float below 1e-4, the
    # lone surrogate and the integer beyond 64 bits
    assert [c is not None for c in calls] == [True, False, False, False, True, True]


def test_a_long_section_is_walked_not_written_whole() -> None:
    items = list(range(render_json_module.OUTER_ITEMS + 1))
    tree = {"a": [items, {"b": 1}]}
    seen: list[int] = []
    real = render_json_module._orjson_text

    def spy(o: Any, nl: str) -> bytes | None:
        seen.append(len(o))
        return real(o, nl)

    render_json_module._orjson_text = spy
    try:
        out = io.StringIO()
        render_json(tree, out)
    finally:
        render_json_module._orjson_text = real
    assert out.getvalue() == _expected(tree)
    assert seen == [1]          # {"b": 1} asked; the list of ints too long for one piece: walked, never asked


def test_repeated_keys_and_subclasses() -> None:
    class Name(str):
        pass

    class Count(int):
        pass

    tree = {"a": [{"a": 1, "b": True}, {"a": Count(2), Name("b"): Name("x\u0085")}], 1: {}, True: [], None: ()}
    assert dumps_indented(tree) == json.dumps(tree, ensure_ascii=False, indent=2)
    out = io.StringIO()
    render_json(tree, out)
    assert out.getvalue() == _expected(tree)


def _through_file(write: Any, errors: str) -> bytes | str:
    """The bytes a UTF-8 file opened with *errors* receives from *write*, or the error it raises."""
    buf = io.BytesIO()
    fh = io.TextIOWrapper(buf, encoding="utf-8", errors=errors, newline="")
    try:
        write(fh)
        fh.flush()
    except UnicodeEncodeError as exc:
        return exc.reason
    return buf.getvalue()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.lists(_TREES, max_size=4), max_size=5),
       st.sampled_from(["strict", "surrogateescape"]))
def test_a_file_gets_what_the_text_would_give_it(tree: dict[str, Any], errors: str) -> None:
    """A UTF-8 file is written through its binary buffer: the same bytes as the text written to it (or the same
    refusal of a lone surrogate the file cannot encode)."""
    got = _through_file(lambda fh: render_json(tree, fh), errors)
    assert got == _through_file(lambda fh: fh.write(_expected(tree)), errors)


def test_the_text_is_written_in_pieces_of_about_render_bytes(monkeypatch: Any) -> None:
    """A section of many items is not gathered whole before it is written (a 10 MB report's is 177 MB)."""

    class Writes(io.StringIO):
        sizes: list[int] = []

        def write(self, s: str) -> int:
            self.sizes.append(len(s))
            return super().write(s)

    monkeypatch.setattr(render_json_module, "RENDER_BYTES", 1000)
    tree = {"findings": [{"text": f"item {k}", "score": k / 7} for k in range(500)]}
    out = Writes()
    render_json(tree, out)
    assert out.getvalue() == _expected(tree)
    assert len(out.sizes) > 20 and max(out.sizes) < 1200


def test_the_utf8_searches_find_exactly_the_characters_json_safe_escapes() -> None:
    from compare.render import safe

    found = {cp for cp in range(0x80, 0x10000) if not 0xD800 <= cp <= 0xDFFF
             and any(p.search(chr(cp).encode()) for p in safe._JSON_UNSAFE_UTF8)}
    assert found == set(safe._JSON)
