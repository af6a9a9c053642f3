"""Dated mentions, relative days, calendars and the timeline, on the seeds and small constructed texts."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from compare.dates import (build_timeline, calendar_offset, find_dates, find_document_dates, reconcile_calendars,
                           to_calendar)
from compare.document import build_document, seed_documents


@pytest.fixture(scope="module")
def seeds():
    return seed_documents()


def _by_expr(mentions):
    return {" ".join(m.expression.split()): m for m in mentions}


def test_seed_002_days_count_from_february_23(seeds):
    mentions = find_document_dates(seeds[1])
    days = {" ".join(m.expression.split()): m.date for m in mentions if m.relative and m.expression.startswith("Day")}
    assert days == {"Day 1": "1917-02-23", "Day 2": "1917-02-24", "Day 3": "1917-02-25", "Day 4": "1917-02-26",
                    "Day 5": "1917-02-27"}
    day3 = next(m for m in mentions if m.expression == "Day 3")
    assert day3.anchor == "February 23, 1917" and day3.precision == "day"
    assert seeds[1].text[day3.start:day3.end] == "Day 3"


def test_seed_000_bare_day_borrows_year(seeds):
    mentions = find_document_dates(seeds[0])
    feb23 = next(m for m in mentions if m.precision == "day")
    assert " ".join(feb23.expression.split()) == "23 February"
    assert feb23.date == "1917-02-23" and feb23.anchor == "early 1917" and feb23.calendar == "unspecified"
    kinds = {(" ".join(m.expression.split()), m.date, m.precision) for m in mentions}
    assert ("February 1917", "1917-02", "month") in kinds
    assert ("early 1917", "1917", "part") in kinds
    assert ("October 1917", "1917-10", "month") in kinds


def test_explicit_forms_and_partial():
    text = "On February 23, 1917 they struck; by October 25, 1917 it was over. Lenin waited until autumn 1917."
    got = [(m.expression, m.date, m.precision, m.qualifier) for m in find_dates(text)]
    assert got == [("February 23, 1917", "1917-02-23", "day", None), ("October 25, 1917", "1917-10-25", "day", None),
                   ("autumn 1917", "1917", "season", "autumn")]


def test_relative_next_day_and_days_later():
    ms = find_dates("The strike began on 8 March 1917. The next day it spread; three days later the Tsar fell.")
    assert [(m.expression, m.date, m.relative, m.anchor) for m in ms] == [
        ("8 March 1917", "1917-03-08", False, None), ("The next day", "1917-03-09", True, "8 March 1917"),
        ("three days later", "1917-03-11", True, "8 March 1917")]


def test_ordinal_day_counts_from_first_day():
    ms = find_dates("On 23 February 1917 the women struck. By the third day the strike was general.")
    assert ms[-1].expression == "By the third day" and ms[-1].date == "1917-02-25"


def test_may_and_march_as_words_are_not_dates():
    assert find_dates("They may march on the palace.") == []
    assert [m.date for m in find_dates("In March 1917 the Tsar fell.")] == ["1917-03"]


def test_calendar_markers():
    ms = find_dates("On 23 February 1917 (O.S.) the women struck; by the Western calendar, 8 March 1917.")
    assert [(m.date, m.calendar) for m in ms] == [("1917-02-23", "julian"), ("1917-03-08", "gregorian")]
    ms = find_dates("On 23 February 1917 [8 March N.S.] they struck.")
    assert [m.calendar for m in ms] == ["unspecified", "gregorian"]


def test_to_calendar():
    assert to_calendar("1917-02-23", "julian", "gregorian") == "1917-03-08"
    assert to_calendar("1917-10-25", "julian", "gregorian") == "1917-11-07"
    assert to_calendar("1917-03-08", "gregorian", "julian") == "1917-02-23"
    assert to_calendar("1917-02", "julian", "gregorian") == "1917-02"
    assert calendar_offset(1917) == 13 and calendar_offset(1850) == 12


@given(st.dates())
@settings(max_examples=200, deadline=None)
def test_calendar_round_trip(d):
    iso = d.isoformat()
    assert to_calendar(to_calendar(iso, "gregorian", "julian"), "julian", "gregorian") == iso


def test_same_day_two_calendars_in_one_timeline_row():
    a = build_document("The women struck on 8 March 1917 (New Style).\n", label="A")
    b = build_document("On 23 February 1917 the women textile workers went on strike.\n", label="B")
    rows = build_timeline([a, b], calendar="julian")
    row = next(r for r in rows if r.date == "1917-02-23")
    assert sorted(m.label for m in row.mentions) == ["A", "B"]
    assert row.notes == ("1917-03-08 (gregorian) = 1917-02-23 (julian)",)
    rows = build_timeline([a, b], calendar="gregorian")
    row = next(r for r in rows if r.date == "1917-03-08")
    assert sorted(m.label for m in row.mentions) == ["A", "B"]
    b_mention = next(m for m in row.mentions if m.label == "B")
    assert b_mention.calendar == "julian" and b_mention.written == "1917-02-23"


def test_reconcile_leaves_unrelated_dates_alone():
    a = find_dates("8 March 1917 (New Style)")
    b = find_dates("On 24 February 1917")
    assert reconcile_calendars([a, b])[1][0].calendar == "unspecified"


def test_seed_timeline_sorted_with_both_accounts(seeds):
    rows = build_timeline(seeds)
    keys = [r.date for r in rows]
    feb23 = next(r for r in rows if r.date == "1917-02-23")
    assert {m.doc for m in feb23.mentions} == {0, 1}
    assert keys.index("1917-02-23") < keys.index("1917-02-25") < keys.index("1917-10-25")
    day3 = next(m for r in rows if r.date == "1917-02-25" for m in r.mentions if m.expression == "Day 3")
    assert seeds[1].text[day3.start:day3.end] == day3.text and "Day 3" in day3.text
    json.dumps([r.to_dict() for r in rows])
    d = feb23.to_dict()
    assert {"date", "calendar", "mentions"} <= set(d) and {"doc", "expression", "start", "end", "line", "text"} <= \
        set(d["mentions"][0])


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-\nDayFebruaryMarchOctoberthenextdaysO.S.()")),
               max_size=120))
@settings(max_examples=200, deadline=None)
def test_never_crashes_and_offsets_hold(text):
    for m in find_dates(text):
        assert text[m.start:m.end] == m.expression


TIMELINE_SCHEMA = {
    "type": "object", "required": ["date", "calendar", "mentions"],
    "properties": {
        "date": {"type": "string"}, "calendar": {"enum": ["julian", "gregorian", "unspecified", "mixed"]},
        "mentions": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["doc", "expression", "start", "end", "line", "text"],
            "properties": {"doc": {"type": "integer", "minimum": 0}, "expression": {"type": "string"},
                           "start": {"type": "integer"}, "end": {"type": "integer"},
                           "line": {"type": "integer", "minimum": 1}, "text": {"type": "string"}}}},
    },
}


def test_timeline_any_number_of_accounts_and_schema():
    import jsonschema
    docs = [build_document("On 23 February 1917 the women struck.\n", label="A"),
            build_document("Day 1 was February 23, 1917. On Day 3 the strike became general.\n", label="B"),
            build_document("By 25 February 1917 the strike was general.\n", label="C")]
    rows = build_timeline(docs, calendar="gregorian")
    for r in rows:
        jsonschema.validate(r.to_dict(), TIMELINE_SCHEMA)
        for m in r.mentions:
            assert docs[m.doc].text[m.start:m.end] == m.text and m.expression in m.text
    by_date = {r.date: [len(c) for c in r.by_doc(3)] for r in rows}
    # unmarked dates stay as written under --calendar gregorian: only marked ones are converted
    assert by_date["1917-02-23"] == [1, 2, 0] and by_date["1917-02-25"] == [0, 1, 1]
    with pytest.raises(ValueError):
        build_timeline(docs, calendar="mayan")


def test_unmarked_days_one_offset_apart_get_a_note():
    docs = [build_document("On 23 February 1917 the women struck.\n", label="A"),
            build_document("On 8 March 1917 the women struck.\n", label="B")]
    rows = {r.date: r for r in build_timeline(docs)}
    note = "1917-02-23 (julian) = 1917-03-08 (gregorian): possibly one day in two calendars"
    assert rows["1917-02-23"].notes == (note,) and rows["1917-03-08"].notes == (note,)


def test_timeline_names_each_rows_calendar_and_converts_only_on_request():
    docs = [build_document("On 23 February 1917 (O.S.) the women struck.\n", label="A"),
            build_document("On 2 March 1917 the Tsar abdicated.\n", label="B")]
    as_written = {r.date: r.calendar for r in build_timeline(docs)}
    assert as_written == {"1917-02-23": "julian", "1917-03-02": "unspecified"}
    converted = {r.date: r.calendar for r in build_timeline(docs, calendar="gregorian")}
    # the Old Style date moves 13 days; the unmarked one keeps its date and says it is unspecified
    assert converted == {"1917-03-08": "gregorian", "1917-03-02": "unspecified"}


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_timeline_lines_count_every_line_end(eol):
    text = eol.join(["A heading", "", "Nothing dated here.", "", "On 23 February 1917 the women struck."]) + eol
    doc = build_document(text, label="A")
    (row,) = [r for r in build_timeline([doc]) if r.date == "1917-02-23"]
    (m,) = row.mentions
    assert m.line == 5 and doc.text[m.start:m.end] == m.text


def test_timeline_excerpt_is_bounded_on_a_text_without_full_stops():
    from compare.dates import TIMELINE_CONTEXT
    text = "".join(f"on 23 February 1917 the workers marched and {i}\n" for i in range(2000))
    doc = build_document(text, label="A")
    rows = build_timeline([doc])
    mentions = [m for r in rows for m in r.mentions]
    assert len(mentions) > 2000
    for m in mentions:
        assert doc.text[m.start:m.end] == m.text and m.expression in m.text
        assert len(m.text) <= 2 * TIMELINE_CONTEXT + len(m.expression)


@given(st.lists(st.sampled_from(["May", "may", "MAY", "Sept.", "sept", "Sep", "June", "Jun.", "Mar", "Marches",
                                 "december", "Dec", " ", "\n", "\r\n", "\u00a0", "1", "17", "1917", "2020", ",",
                                 ".", "of", "th", "xMay", "-", "5:", "ſep", "é"]), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_month_led_patterns_find_what_a_whole_scan_finds(text):
    # the three patterns that begin with a month name are tried only where one begins (dates._month_led)
    from compare import dates

    months = [m.start() for m in dates._MONTH_START.finditer(text)]
    for pattern in (dates._P_MONTH_DAY, dates._P_MONTH_YEAR, dates._P_MONTH_ALONE):
        assert [(m.span(), m.groupdict()) for m in dates._month_led(pattern, text, months)] == \
            [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
