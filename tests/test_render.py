"""Renderers: terminal tables only on a terminal, plain unwrapped text otherwise, CSV/TSV/Markdown/JSONL."""

from __future__ import annotations

import csv
import io
import json

from compare.render import Cell, Table, View
from compare.render.json import envelope, render_jsonl
from compare.render.text import render_delimited, render_markdown, render_plain, render_terminal


def _view() -> View:
    t = Table(name="pairs", title="aligned passages", columns=["A line", "A passage", "score"])
    long = "On 23 \nFebruary, the women textile workers, without prior agreement from any party, went on strike " * 2
    t.rows.append([Cell("61"), Cell(long, highlight=("February", "women")), Cell("0.81")])
    t.records.append({"a_line": 61, "a_text": " ".join(long.split()), "score": 0.81, "shared": ["February"]})
    t.rows.append([Cell("7"), Cell("tab\there | pipe"), Cell("0.50")])
    t.records.append({"a_line": 7, "a_text": "tab\there | pipe", "score": 0.5, "shared": []})
    return View(header=["A ↔ B: 2 aligned passages"], tables=[t, Table("empty", "nothing here", ["x"])])


def test_plain_is_unwrapped_tab_separated():
    buf = io.StringIO()
    render_plain(_view(), buf)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "## aligned passages"  # no prose: the header lines are for people at a terminal
    assert lines[1] == "A line\tA passage\tscore"
    assert lines[2].startswith("61\tOn 23 February, the women") and lines[2].endswith("\t0.81")
    assert lines[3] == "7\ttab here | pipe\t0.50"
    assert lines[4:] == ["", "## nothing here", "x"]  # an empty table is its header row alone


def test_terminal_draws_a_table_and_honours_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    buf = io.StringIO()
    render_terminal(_view(), buf, width=100)
    out = buf.getvalue()
    assert "┃" in out or "│" in out
    assert "\x1b[3" not in out  # no colour codes


def test_csv_round_trips_and_tsv_has_no_tabs_inside_values():
    buf = io.StringIO()
    render_delimited(_view(), buf, delimiter=",")
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0] == ["table", "a_line", "a_text", "score", "shared"]
    assert rows[1][0] == "pairs" and rows[1][4] == '["February"]'
    buf = io.StringIO()
    render_delimited(_view(), buf, delimiter="\t")
    assert all(len(line.split("\t")) == 5 for line in buf.getvalue().splitlines())


def test_markdown_escapes_pipes_and_bolds_highlights():
    buf = io.StringIO()
    render_markdown(_view(), buf)
    out = buf.getvalue()
    assert "| A line | A passage | score |" in out
    assert "tab here \\| pipe" in out
    assert "**February**" in out and "**women**" in out
    assert "_nothing to show_" in out


def test_jsonl_one_object_per_record():
    buf = io.StringIO()
    render_jsonl(_view(), buf)
    objs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [o["a_line"] for o in objs] == [61, 7] and objs[0]["table"] == "pairs"


def test_envelope_fields_cannot_be_overridden(seed_a):
    data = envelope("quotes", [seed_a], {"documents": "bogus", "quotes": []})
    assert data["documents"][0]["label"] == seed_a.label
    assert data["schema_version"] == 2 and data["segmenter"]["name"] == "nupunkt"


# --- every human renderer shows hostile text escaped (property tests) ---

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from compare.render import limit_rows  # noqa: E402
from compare.render.safe import FORMULA_STARTS, spreadsheet_safe, visible  # noqa: E402
from compare.render.text import shown  # noqa: E402

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = st.lists(st.sampled_from(list("ab =+-@|*_[]()<>\\\t\n\r\x1b\x07\x08\x9b\x9d\x85\u202e\u2066\u2028")
                                   + ["\x1b[2J", "\x1b]8;;x\x1b\\"]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_visible_leaves_no_raw_control_character(text):
    assert not RAW.search(visible(text))
    assert not RAW.search(visible(text, keep_layout=False)) and "\t" not in visible(text, keep_layout=False)
    assert "\n" not in shown(text) and "\t" not in shown(text)
    assert not spreadsheet_safe(text).startswith(FORMULA_STARTS) or spreadsheet_safe(text).startswith("'")


@settings(max_examples=60, deadline=None)
@given(HOSTILE, HOSTILE)
def test_every_human_format_escapes_what_a_document_plants(title, cell):
    t = Table(name="t", title=title, columns=[title, "n"])
    t.rows.append([Cell(cell, highlight=(cell,)), Cell("-1")])
    t.records.append({"text": cell, "n": -1, "label": title})
    view = View(header=[title], tables=[t], notes=[cell])
    for render in (lambda v, f: render_terminal(v, f, width=80), render_plain, render_markdown,
                   lambda v, f: render_delimited(v, f, delimiter=","),
                   lambda v, f: render_delimited(v, f, delimiter="\t")):
        buf = io.StringIO()
        render(limit_rows(view, 1), buf)
        assert not RAW.search(buf.getvalue())
    buf = io.StringIO()
    render_delimited(view, buf, delimiter=",")
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[1][2] == "-1"  # our own number stays a number
    assert not rows[1][1].startswith(FORMULA_STARTS)
