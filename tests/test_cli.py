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


# --- issue 11: the shell conventions users expect (exact output, in the style of sqlite-utils' tests) ---

A_TEXT = "On 23 February 1917, 7,000 women textile workers went on strike in Petrograd.\n"
B_TEXT = "On 23 February 1917, 90,000 women textile workers went on strike in Petrograd.\n"


@pytest.fixture()
def pair(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(A_TEXT)
    b.write_text(B_TEXT)
    return str(a), str(b)


def test_piped_stdin_without_arguments_is_the_document():
    res = run("inspect", input="Read from a pipe. Two sentences.")
    assert res.exit_code == 0, res.output
    assert res.stdout == ("#\tline\tpara\tkind\toffsets\tsentence\n"
                          "0\t1\t0\ttext\t0-17\tRead from a pipe.\n"
                          "1\t1\t0\ttext\t18-32\tTwo sentences.\n")


@pytest.mark.parametrize("command", ["align", "report"])
def test_commands_that_need_two_documents_say_so_instead_of_using_the_seeds(command):
    res = run(command, input="Only one document on standard input.")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == ("compare: error: this command compares 2 documents and standard input gives one; "
                          f"name the others too, e.g. compare report - other.txt\n")


def test_empty_stdin_and_no_arguments_uses_the_seeds():
    res = run("inspect", "--format", "jsonl", input="")
    assert res.exit_code == 0
    assert {json.loads(x)["doc"] for x in res.stdout.splitlines()} == {0, 1}


def test_report_plain_when_piped_is_one_table_per_section_without_prose(pair):
    res = run("report", *pair, "--method", "lexical", "-s", "divergences", "-s", "timeline")
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "## Divergences\n"
        "A line\tA passage\tB line\tB passage\twhat conflicts\tscore\n"
        "1\tOn 23 February 1917, 7,000 women textile workers went on strike in Petrograd.\t1\t"
        "On 23 February 1917, 90,000 women textile workers went on strike in Petrograd.\t"
        "number: A “7,000 women textile workers” (line 1) ≠ B “90,000 women textile workers” (line 1)"
        "\t0.85\n"
        "\n"
        "## Timeline (calendars as written)\n"
        "date\t[0] a\t[1] b\n"
        "1917-02-23\tline 1, “23 February 1917”: On 23 February 1917, 7,000 women textile workers went on strike "
        "in Petrograd.\tline 1, “23 February 1917”: On 23 February 1917, 90,000 women textile workers went on "
        "strike in Petrograd.\n")


def test_report_summary_section_is_a_table(pair):
    res = run("report", *pair, "--method", "lexical", "-s", "summary")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[:10] == ["what\tvalue\tdetail", "divergences\t1\tnumber: 1", "agreements\t0\t",
                          "elaborations\t0\t", "unique\t0\t", "quotations\t0\t", "shared quotations\t0\t",
                          "shared sources\t0\t", "timeline\t1\t1917-02-23 to 1917-02-23",
                          "strongest divergence\t0.85\tnumber [0] line 1: 7,000 women textile workers | "
                          "[1] line 1: 90,000 women textile workers"]


def test_report_table_starts_with_the_summary_even_when_piped(pair, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    res = run("report", *pair, "--method", "lexical", "-f", "table")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[:2] == ["Documents: [0] a; [1] b",
                         "[0]↔[1]: 1 aligned passage covering 100% of [0] and 100% of [1]"]
    assert lines[2].startswith("Found: 1 divergence (number 1); 0 agreements; 0 elaborations;")
    assert "on the timeline on 1917-02-23 (calendars as written)." in " ".join(" ".join(lines[2:5]).split())
    assert "┏" in res.stdout and "Agreements: no agreement found" in res.stdout


def test_report_terminal_tables_show_the_top_rows_and_say_how_many_more(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    res = run("report", "-f", "table", "--method", "lexical", "-s", "unique")
    assert res.exit_code == 0, res.output
    more = [line for line in res.stdout.splitlines() if line.startswith("…")]
    assert more and all(line.endswith("more passages; --all shows every row") for line in more)
    everything = run("report", "-f", "table", "--method", "lexical", "-s", "unique", "--all")
    assert not [line for line in everything.stdout.splitlines() if line.startswith("…")]
    assert len(everything.stdout) > len(res.stdout)
    two = run("report", "--method", "lexical", "-s", "unique", "--top", "2", "-f", "tsv")
    assert [line.split("\t")[0] for line in two.stdout.splitlines()] == ["table"] + ["unique_0"] * 2 + ["unique_1"] * 2


def test_exit_code_report_1_on_divergence_0_without(pair):
    a, b = pair
    res = run("report", a, b, "--method", "lexical", "--exit-code", "--json")
    assert res.exit_code == 1 and json.loads(res.stdout)["divergences"]
    res = run("report", a, a, "--method", "lexical", "--exit-code", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["divergences"] == []
    res = run("report", a, b, "--method", "lexical")
    assert res.exit_code == 0  # without --exit-code a divergence is not a failure
    res = run("report", a, "missing.txt", "--exit-code")
    assert res.exit_code == 2
    res = run("report", a, b, "--exit-code", "-s", "timeline")
    assert res.exit_code == 2 and "--exit-code needs the divergences section" in res.stderr


def test_exit_code_align_and_quotes(pair, tmp_path):
    a, b = pair
    assert run("align", a, a, "--method", "lexical", "--exit-code").exit_code == 0
    c = tmp_path / "c.txt"
    c.write_text(A_TEXT + "\nThe tsar abdicated on 2 March and a provisional government took power.\n")
    assert run("align", a, str(c), "--method", "lexical", "--exit-code").exit_code == 1
    q1, q2 = tmp_path / "q1.txt", tmp_path / "q2.txt"
    q1.write_text("Lenin said: “All power to the soviets, and no support for the provisional government.”\n")
    q2.write_text("Lenin said: “All power to the soviets, and no support for the provisional government.”\n")
    assert run("quotes", str(q1), str(q2), "--exit-code").exit_code == 0
    q2.write_text("Lenin said: “All power to the soviets, and no support to the provisional government.”\n")
    res = run("quotes", str(q1), str(q2), "--exit-code", "--json")
    assert json.loads(res.stdout)["shared"][0]["match"] != "exact" and res.exit_code == 1


@pytest.mark.parametrize("name, first_line", [
    ("out.json", "{"), ("out.jsonl", '{"table": "sentences_0", "doc": 0'), ("out.csv", "table,doc,label,index"),
    ("out.tsv", "table\tdoc\tlabel\tindex"), ("out.md", "- 000_ab4442d8237ac182: 5,543 characters"),
    ("out.txt", "#\tline\tpara\tkind\toffsets\tsentence"), ("out", "#\tline\tpara\tkind\toffsets\tsentence"),
])
def test_output_format_follows_the_extension(tmp_path, name, first_line):
    out = tmp_path / name
    res = run("inspect", str(SEED_A), "-o", str(out))
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""
    assert out.read_text().splitlines()[0].startswith(first_line)


def test_format_option_beats_the_extension(tmp_path):
    out = tmp_path / "out.json"
    assert run("inspect", str(SEED_A), "-o", str(out), "-f", "tsv").exit_code == 0
    assert out.read_text().startswith("table\tdoc\t")


def test_table_format_is_honoured_when_piped():
    res = run("inspect", str(SEED_A), "-f", "table", "--top", "3")
    assert res.exit_code == 0
    assert "┏" in res.stdout and "… 37 more rows; --all shows every row" in res.stdout


def test_debug_after_the_subcommand_keeps_exit_2_and_adds_the_traceback():
    res = run("inspect", "no/such/file.txt", "--debug")
    assert res.exit_code == 2
    assert res.stderr.startswith("Traceback (most recent call last):")
    assert res.stderr.endswith("compare: error: no/such/file.txt: no such file; check the path "
                               "(use - to read standard input)\n")
    res = run("--debug", "inspect", "no/such/file.txt")
    assert res.exit_code == 2 and "Traceback" in res.stderr


def test_long_titles_are_shortened_the_same_in_every_format_and_kept_whole_in_json(tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_text("The Extraordinary and Unabridged Account of the Petrograd Strikes of February\n\n"
                   "The women went on strike. The men joined them.\n")
    short = "The Extraordinar…kes of February"
    tsv = run("inspect", str(doc), "-f", "tsv").stdout.splitlines()
    assert tsv[1].split("\t")[2] == short
    assert run("inspect", str(doc), "-f", "markdown").stdout.startswith(f"- {short}: ")
    assert run("inspect", str(doc)).stdout.splitlines()[0] == "#\tline\tpara\tkind\toffsets\tsentence"
    data = json.loads(run("inspect", str(doc), "--json").stdout)
    assert data["documents"][0]["label"] == ("The Extraordinary and Unabridged Account of the Petrograd Strikes "
                                             "of February")
    assert data["documents"][0]["path"] == str(doc)


def test_help_shows_flags_without_a_bool_type(capsys, monkeypatch):
    from compare.cli import main

    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    with pytest.raises(SystemExit) as exc:
        main(["report", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for flag in ("--json", "--all", "--exit-code", "--no-pager", "--debug", "--keep-boilerplate", "--help"):
        line = next(x for x in out.splitlines() if f"{flag} " in x)
        assert "<bool>" not in line, line


def test_shell_completion_is_installable(capsys, monkeypatch):
    from compare.cli import main

    monkeypatch.setenv("COLUMNS", "120")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--install-completion" in out and "--show-completion" in out
    monkeypatch.setenv("_COMPARE_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "compare rep")
    monkeypatch.setenv("COMP_CWORD", "1")
    with pytest.raises(SystemExit):
        main([])
    assert capsys.readouterr().out.split() == ["report"]


def test_report_progress_reports_every_stage_in_order(seed_a, seed_b):
    from compare import build_report

    stages: list[str] = []
    build_report([seed_a, seed_b], method="lexical", progress=lambda s, d, t: stages.append(s))
    order = list(dict.fromkeys(stages))
    assert order == ["analyse", "align", "judge", "quotes", "timeline"]


def test_reading_documents_reports_load_and_analyse():
    from compare.inputs import read_documents

    seen: list[tuple[str, int, int]] = []
    read_documents([str(SEED_A), str(SEED_B)], progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen == [("load", 0, 2), ("analyse", 0, 2), ("load", 1, 2), ("analyse", 1, 2), ("analyse", 2, 2)]
