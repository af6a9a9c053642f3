"""More than two documents: every pair is compared and rows are labelled by document."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from compare.cli import app
from compare.document import build_document
from compare.pairwise import align_documents, document_pairs

from conftest import SEED_A, SEED_B


def test_document_pairs_order():
    assert document_pairs([1, 2, 3]) == [(0, 1), (0, 2), (1, 2)]


def test_three_documents_align_pairwise(seed_a, seed_b):
    third = build_document(seed_a.text, "copy of the leaflet")
    result = align_documents([seed_a, seed_b, third], method="lexical")
    assert result.doc_pairs == [(0, 1), (0, 2), (1, 2)]
    data = result.to_dict()
    assert [(c["a_doc"], c["b_doc"]) for c in data["coverage"]] == [(0, 1), (0, 2), (1, 2)]
    # a document against a copy of itself is aligned almost entirely, verbatim
    same = data["coverage"][1]
    assert same["a"] > 0.9 and same["b"] > 0.9
    assert any(p["a_doc"] == 0 and p["b_doc"] == 2 and p["kind"] == "verbatim" for p in data["pairs"])


def test_top_limits_each_document_pair(seed_a, seed_b):
    third = build_document(seed_a.text, "copy")
    result = align_documents([seed_a, seed_b, third], method="lexical", top=2)
    data = result.to_dict()
    for x, y in result.doc_pairs:
        assert len([p for p in data["pairs"] if (p["a_doc"], p["b_doc"]) == (x, y)]) <= 2


def test_cli_labels_rows_by_document(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_A.read_bytes())
    res = CliRunner().invoke(app, ["align", str(SEED_A), str(SEED_B), str(copy), "--method", "lexical",
                                   "--labels", "leaflet,article,copy", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {(r["a_label"], r["b_label"]) for r in rows} >= {("leaflet", "copy")}
