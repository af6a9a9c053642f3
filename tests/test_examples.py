"""Every shell example in examples/ runs and prints what its README line promises."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # the console script sits beside the interpreter running the tests (a venv's bin/)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if not shutil.which("compare", path=env["PATH"]):
        pytest.skip("the compare console script is not installed")
    env["NO_COLOR"] = "1"
    return env


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    if not shutil.which("bash") or not shutil.which("jq"):
        pytest.skip("bash and jq are needed for the shell examples")
    return subprocess.run(["bash", str(EXAMPLES / script), *args], capture_output=True, text=True,
                          env=_env(), timeout=300, stdin=subprocess.DEVNULL)


def test_every_example_is_listed_in_the_readme():
    readme = (EXAMPLES / "README.md").read_text()
    for script in EXAMPLES.glob("*.sh"):
        assert f"`{script.name}" in readme


def test_sentences_tsv():
    res = _run("sentences_tsv.sh", str(ROOT / "seeds" / "000_ab4442d8237ac182.txt"))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "1\tCapitalism is in crisis."
    assert any(line.startswith("61\tOn 23 February, the women textile workers") for line in lines)


def test_aligned_lines():
    res = _run("aligned_lines.sh")
    assert res.returncode == 0, res.stderr
    rows = [line.split("\t") for line in res.stdout.splitlines()]
    assert rows and all(len(r) == 4 and r[3] in {"verbatim", "paraphrase", "related"} for r in rows)
    assert all(0 <= float(r[2]) <= 1 for r in rows)


def test_shared_quotes_on_a_constructed_pair(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Trotsky wrote: “The history of a revolution is for us first of all a history of the forcible "
                 "entrance of the masses into the realm of rulership over their own destiny.”\n")
    b.write_text("As he put it, “the history of a revolution is … a history of the forcible entrance of the "
                 "masses into the realm of rulership over their own destiny.”\n")
    res = _run("shared_quotes.sh", str(a), str(b))
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0].split("\t")[0] in {"elided", "contained", "fuzzy"}


def test_divergences_on_a_constructed_pair(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("On 23 February 1917, 7,000 women textile workers went on strike in Petrograd.\n")
    b.write_text("On 23 February 1917, 90,000 women textile workers went on strike in Petrograd.\n")
    res = _run("divergences.sh", str(a), str(b))
    assert res.returncode == 0, res.stderr
    first = res.stdout.splitlines()[0].split("\t")
    assert first[0] == "number" and "7,000" in first[2] and "90,000" in first[3]


def test_report_markdown(tmp_path):
    out = tmp_path / "r.md"
    res = _run("report_markdown.sh", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    assert "## Divergences" in text and "## Timeline" in text and res.stdout == ""


def test_check_divergence_exit_statuses(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("On 23 February 1917, 7,000 women textile workers went on strike in Petrograd.\n")
    b.write_text("On 23 February 1917, 90,000 women textile workers went on strike in Petrograd.\n")
    res = _run("check_divergence.sh", str(a), str(b), "--method", "lexical")
    assert (res.returncode, res.stdout) == (1, "the accounts diverge\n")
    res = _run("check_divergence.sh", str(a), str(a), "--method", "lexical")
    assert (res.returncode, res.stdout) == (0, "no divergence\n")
    res = _run("check_divergence.sh", str(a), str(tmp_path / "missing.txt"))
    assert res.returncode == 2 and res.stdout == "" and "no such file" in res.stderr
