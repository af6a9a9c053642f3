"""The command line: output formats, stdout/stderr discipline, exit statuses, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from compare.cli import app

from conftest import ROOT, SEED_A, SEED_B

runner = CliRunner()
SCHEMA = json.loads((ROOT / "docs" / "compare.schema.json").read_text())


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def validate(data: dict) -> None:
    jsonschema.validate(data, SCHEMA)


def test_inspect_json_matches_schema_and_spans_are_true():
    res = run("inspect", str(SEED_A), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    validate(data)
    assert data["command"] == "inspect"
    assert data["documents"][0]["label"] == "000_ab4442d8237ac182"
    text = SEED_A.read_text(encoding="utf-8")
    for s in data["inspect"][0]["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]


def test_inspect_without_documents_uses_the_seeds():
    res = run("inspect", "--format", "jsonl")
    assert res.exit_code == 0
    labels = {json.loads(line)["label"] for line in res.stdout.splitlines()}
    assert labels == {"000_ab4442d8237ac182", "The fascinating…as actually won"}


def test_piped_table_is_plain_and_unwrapped():
    res = run("inspect", str(SEED_A))
    assert res.exit_code == 0
    assert "╭" not in res.stdout and "│" not in res.stdout
    line = next(line for line in res.stdout.splitlines() if "\tOn 23 February" in line)
    assert line.endswith("went on strike in several factories, which led to mass demonstrations in the city.")


@pytest.mark.parametrize("fmt, probe", [("csv", "table,doc,label,index"), ("tsv", "table\tdoc\tlabel\tindex"),
                                        ("markdown", "| # | line |")])
def test_other_formats(fmt, probe):
    res = run("inspect", str(SEED_A), "--format", fmt)
    assert res.exit_code == 0
    assert probe in res.stdout


def test_output_file_is_written(tmp_path):
    out = tmp_path / "out.json"
    res = run("inspect", str(SEED_A), "--json", "-o", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    validate(json.loads(out.read_text()))
    assert not list(tmp_path.glob(".out.json.*"))  # no temporary file left behind


def test_output_onto_an_input_is_refused(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("One sentence here. Another one there.\n")
    before = doc.read_bytes()
    res = run("inspect", str(doc), "-o", str(doc))
    assert res.exit_code == 2 and "input document" in res.stderr
    assert doc.read_bytes() == before


def test_stdin_dash():
    res = run("inspect", "-", "--json", input="Read from standard input. Two sentences.")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["documents"][0]["path"] == "-"
    assert [s["text"] for s in data["inspect"][0]["sentences"]] == ["Read from standard input.", "Two sentences."]


def test_stdin_only_once():
    res = run("inspect", "-", "-", input="x y z.")
    assert res.exit_code == 2 and "only once" in res.stderr and res.stdout == ""


@pytest.mark.parametrize("make, words", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
    (lambda p: _write(p / "bin.txt", b"\x00\x01binary"), "binary"),
    (lambda p: _write(p / "empty.txt", b"  \n"), "empty"),
])
def test_refusals_are_one_line_exit_2(tmp_path, make, words):
    path = make(tmp_path)
    res = run("inspect", str(path))
    assert res.exit_code == 2
    assert res.stdout == ""
    assert words in res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("compare: error: ")


def test_max_bytes_refusal():
    res = run("inspect", str(SEED_B), "--max-bytes", "1000")
    assert res.exit_code == 2 and "--max-bytes" in res.stderr


def test_labels_must_match_documents():
    res = run("inspect", str(SEED_A), str(SEED_B), "--labels", "only-one")
    assert res.exit_code == 2 and "one label per document" in res.stderr
    res = run("inspect", str(SEED_A), "--labels", "leaflet", "--json")
    assert json.loads(res.stdout)["documents"][0]["label"] == "leaflet"


def test_legacy_encoding_warns_on_stderr(tmp_path):
    doc = tmp_path / "latin.txt"
    doc.write_bytes("Les ouvrières se mirent en grève le 23 février. Élan.\n".encode("cp1252"))
    res = run("inspect", str(doc), "--json")
    assert res.exit_code == 0
    assert "cp1252" in res.stderr
    assert "ouvrières" in json.loads(res.stdout)["inspect"][0]["sentences"][0]["text"]


def test_json_and_other_format_conflict():
    res = run("inspect", str(SEED_A), "--json", "--format", "csv")
    assert res.exit_code == 2 and "disagree" in res.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_quotes_json_matches_schema_and_says_trotsky_is_quoted_in_different_words():
    res = run("quotes", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    validate(data)
    assert data["shared"] == []
    trotsky = next(s for s in data["sources"] if "Trotsky" in s["speaker"])
    assert trotsky["documents"] == 2 and trotsky["matched"] == []
    texts = {d: SEED_A.read_text(encoding="utf-8") if d == 0 else SEED_B.read_text(encoding="utf-8")
             for d in (0, 1)}
    for q in data["quotes"]:
        assert texts[q["doc"]][q["start"]:q["end"]] == q["span"]["text"]
        assert texts[q["doc"]][q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]


def test_quotes_table_lists_all_with_flag(tmp_path):
    res = run("quotes", str(SEED_A), "--all")
    assert res.exit_code == 0
    assert "All quotations in [0]" in res.stdout and "multi_paragraph" in res.stdout


def test_adversarial_marks_finish_fast(tmp_path):
    import time

    doc = tmp_path / "marks.txt"
    doc.write_text("“ " * 10_000 + "\n\n" + "He said “" + "word " * 200_000)
    start = time.perf_counter()
    res = run("quotes", str(doc), str(doc), "--json")
    assert res.exit_code == 0, res.output
    assert time.perf_counter() - start < 30
    assert json.loads(res.stdout)["quotes"]


def test_align_json_matches_schema_and_spans_are_true():
    res = run("align", "--json", "--top", "5")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    validate(data)
    assert data["command"] == "align" and data["method"] == "hybrid"
    assert len(data["pairs"]) == 5 and data["coverage"][0]["pairs"] > 5
    texts = [SEED_A.read_text(encoding="utf-8"), SEED_B.read_text(encoding="utf-8")]
    for p in data["pairs"]:
        assert texts[p["a_doc"]][p["a"]["start"]:p["a"]["end"]] == p["a"]["text"]
        assert texts[p["b_doc"]][p["b"]["start"]:p["b"]["end"]] == p["b"]["text"]
    scores = [p["score"] for p in data["pairs"]]
    assert scores == sorted(scores, reverse=True)


def test_align_one_document_from_stdin(tmp_path):
    res = run("align", str(SEED_A), "-", "--method", "lexical", "--format", "tsv",
              input=SEED_A.read_text(encoding="utf-8"))
    assert res.exit_code == 0, res.output
    rows = [line.split("\t") for line in res.stdout.splitlines()[1:]]
    assert rows and all(r[-1] == "verbatim" for r in rows)
