"""Hostile documents cannot forge compare's output (issue 10, items 4, 5, 6, 9).

Every command, every human format: no raw control byte, C1 character or bidi override reaches the output (they
are shown escaped, ``\\x1b``), no CSV/TSV text cell starts a spreadsheet formula, JSON keeps the exact text,
``-o`` writes through devices and FIFOs without replacing them, and environment errors (closed stdin, full disk,
unwritable folder, absurd --max-bytes, a FIFO with no writer) are one line and exit 2, without a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.render.safe import spreadsheet_safe, visible

from conftest import ROOT, SEED_A

runner = CliRunner()

ESC = "\x1b"
HOSTILE_A = (
    f"The strike began on 23 February 1917 {ESC}[2J{ESC}[H with 7,000 workers.\n\n"
    f"{ESC}]0;owned window title\x07 Trotsky wrote: “The history of a revolution is the entrance of the masses.”\n\n"
    f"A link {ESC}]8;;http://evil.example/{ESC}\\click here{ESC}]8;;{ESC}\\ and a bell\x07 and back\x08space.\n\n"
    "=HYPERLINK(\"http://evil.example\",\"totals\") was the total on 24 February 1917.\n\n"
    "+SUM(A1:A9) -2+3 @cmd were all written in the leaflet, said the printer.\n\n"
    "An 8-bit CSI \x9b31m and an OSC \x9d0;title\x9c and a right-to-left override \u202eevil\u202c here.\n"
)
HOSTILE_B = HOSTILE_A.replace("7,000", "90,000").replace("24 February", "25 February")

# Raw bytes that must never reach a human format: C0 but tab and line feed, DEL, C1, bidi overrides/isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
COMMANDS = [["inspect"], ["align", "--method", "lexical"], ["quotes", "--all"],
            ["report", "--method", "lexical", "--all"]]
HUMAN = ["table", "plain", "tsv", "csv", "markdown"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    a = d / f"evil{ESC}]0;x\x07name.txt"  # a file name that tries to retitle the terminal
    b = d / "b.txt"
    a.write_text(HOSTILE_A, encoding="utf-8")
    b.write_text(HOSTILE_B, encoding="utf-8")
    return str(a), str(b)


def _run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_no_raw_control_character_and_no_formula_in_human_output(hostile, command, fmt):
    res = _run(*command, *hostile, "-f", fmt, "--labels", f"{ESC}[31mred,\u202eright")
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.stderr
    for stream in (res.stdout, res.stderr):
        bad = RAW.findall(stream)
        assert not bad, (fmt, command, bad[:5])
    if res.exit_code == 0 and fmt in ("csv", "tsv"):
        rows = (list(csv.reader(io.StringIO(res.stdout))) if fmt == "csv"
                else [line.split("\t") for line in res.stdout.splitlines()])
        assert len(rows) > 1
        for row in rows:
            for cell in row:
                if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                    float(cell)  # only our own numbers (e.g. a negative score) may start with a sign


def test_escapes_are_visible_not_dropped(hostile):
    res = _run("inspect", hostile[0], "-f", "plain")
    assert "\\x1b[2J\\x1b[H with 7,000 workers" in res.stdout
    assert "\\x1b]0;owned window title\\x07 Trotsky wrote" in res.stdout
    assert "\\x9b31m" in res.stdout and "\\u202eevil\\u202c" in res.stdout


def test_file_names_are_escaped_in_messages_too(tmp_path):
    res = _run("inspect", str(tmp_path / f"missing{ESC}]0;x\x07.txt"))
    assert res.exit_code == 2
    assert res.stderr == (f"compare: error: {tmp_path}/missing\\x1b]0;x\\x07.txt: no such file; check the path "
                          "(use - to read standard input)\n")


def test_json_keeps_the_exact_text_and_its_bytes_stay_safe(hostile):
    res = _run("inspect", hostile[0], "--json")
    assert res.exit_code == 0
    assert not RAW.search(res.stdout)  # C1 and bidi characters written as \\u escapes
    data = json.loads(res.stdout)
    text = HOSTILE_A
    for s in data["inspect"][0]["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]
    assert any("\x9b31m" in s["text"] and "\u202e" in s["text"] for s in data["inspect"][0]["sentences"])
    assert data["documents"][0]["path"] == hostile[0]


def test_formula_cells_get_a_leading_quote_and_numbers_stay_numbers(hostile):
    res = _run("inspect", hostile[0], "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    texts = [r["text"] for r in rows]
    assert "'=HYPERLINK(\"http://evil.example\",\"totals\") was the total on 24 February 1917." in texts
    assert any(t.startswith("'+SUM(A1:A9)") for t in texts)
    assert all(r["start"].isdigit() for r in rows)
    assert spreadsheet_safe("-2") == "'-2" and spreadsheet_safe("2-") == "2-"


def test_visible_escapes_every_class():
    assert visible("a\x1b[31mb\x07c\x08d\x9be\u202ef\u2066g\x7fh") == \
        "a\\x1b[31mb\\x07c\\x08d\\x9be\\u202ef\\u2066g\\x7fh"
    assert visible("tab\tline\nreturn\r") == "tab\tline\nreturn\\x0d"  # CR moves the cursor: always escaped
    assert visible("tab\tline\nreturn\r", keep_layout=False) == "tab\\x09line\\x0areturn\\x0d"
    assert visible("Café – “quoted” ‘ok’ …") == "Café – “quoted” ‘ok’ …"


def test_tsv_cells_never_split_a_record(tmp_path):
    doc = tmp_path / "tabs.txt"
    doc.write_text("A sentence with a tab\there and more. Another sentence here.\n")
    res = _run("inspect", str(doc), "-f", "tsv", "--labels", "tab\tlabel")
    widths = {len(line.split("\t")) for line in res.stdout.splitlines()}
    assert len(widths) == 1
    assert "\ttab label\t" in res.stdout  # labels are folded onto one line


# --- -o: device nodes, FIFOs, symlinks, modes ---

def test_output_to_dev_null_leaves_it_a_device():
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("/dev/null is already not a device on this machine (replaced by an older compare?)")
    res = _run("inspect", str(SEED_A), "-o", "/dev/null")
    assert res.exit_code == 0 and res.stdout == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_device_node_under_tmp_writes_through(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (CI runs as root)")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    res = _run("inspect", str(SEED_A), "-o", str(node))
    assert res.exit_code == 0
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]


def test_output_to_a_fifo_writes_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    res = _run("inspect", str(SEED_A), "-o", str(fifo), "-f", "jsonl")
    reader.join(30)
    assert res.exit_code == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0].splitlines()[0])["table"] == "sentences_0"


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    res = _run("inspect", str(SEED_A), "-o", str(link))
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and real.read_text().startswith("#\tline")
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640  # an existing file keeps its mode
    assert sorted(os.listdir(tmp_path)) == ["link.txt", "real.txt"]


def test_new_output_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "new.txt"
        assert _run("inspect", str(SEED_A), "-o", str(out)).exit_code == 0
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
    finally:
        os.umask(old)


def test_output_naming_an_input_through_a_symlink_is_refused(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("One sentence here. Another one there.\n")
    link = tmp_path / "alias.txt"
    link.symlink_to(doc)
    res = _run("inspect", str(doc), "-o", str(link))
    assert res.exit_code == 2 and "that is an input document" in res.stderr
    assert doc.read_text() == "One sentence here. Another one there.\n"


# --- environment errors: one line, exit 2, no traceback (run as a user would, in a process) ---

def _compare(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "compare", *args], capture_output=True, text=True, env=env,
                          timeout=120, **kw)


def _one_line_exit_2(res: subprocess.CompletedProcess, words: str) -> None:
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("compare: error: "), res.stderr
    assert words in res.stderr


def test_closed_stdin():
    res = subprocess.run(f"'{sys.executable}' -m compare inspect - <&-", shell=True, capture_output=True,
                         text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    _one_line_exit_2(res, "standard input is closed")


def test_stdout_on_a_full_disk():
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "compare", "inspect", str(SEED_A)], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    _one_line_exit_2(res, "cannot write to standard output (No space left on device)")


def test_output_file_on_a_full_disk():
    _one_line_exit_2(_compare("inspect", str(SEED_A), "-o", "/dev/full"), "No space left on device")


def test_output_into_an_unwritable_folder(tmp_path):
    if os.geteuid() == 0:
        target = "/proc/compare-out.txt"  # root may write anywhere on disk; /proc takes no new files
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        target = str(folder / "out.txt")
    _one_line_exit_2(_compare("inspect", str(SEED_A), "-o", target), "cannot write")


def test_absurd_max_bytes():
    _one_line_exit_2(_compare("inspect", str(SEED_A), "--max-bytes", "99999999999999999999999"), "--max-bytes")


def test_fifo_with_no_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    _one_line_exit_2(_compare("inspect", str(fifo)), "a named pipe with nothing writing to it")


def test_process_substitution_is_read(tmp_path):
    res = subprocess.run(f"'{sys.executable}' -m compare inspect <(echo 'One. Two.') -f tsv", shell=True,
                         executable="/bin/bash", capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[1].split("\t")[-1] == "One."


def test_ctrl_c_while_the_tool_is_imported_exits_without_a_traceback():
    # Deliver SIGINT exactly while compare's imports run (when typer is first imported).
    code = ("import os, signal, sys, _compare_start\n"
            "class Hook:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'typer':\n"
            "            os.kill(os.getpid(), signal.SIGINT)\n"
            "        return None\n"
            "sys.meta_path.insert(0, Hook())\n"
            "sys.argv = ['compare', '--version']\n"
            "_compare_start.main()\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert res.returncode in (-2, 130)
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_output_onto_the_file_standard_input_reads_is_refused(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("One sentence here. Another one there.\n")
    with open(doc) as stdin:
        res = subprocess.run([sys.executable, "-m", "compare", "inspect", "-", "-o", str(doc)], stdin=stdin,
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    _one_line_exit_2(res, "that is an input document")
    assert doc.read_text() == "One sentence here. Another one there.\n"


def test_output_to_dev_stdout_writes_through_the_pipe():
    res = _compare("inspect", str(SEED_A), "-o", "/dev/stdout", "-f", "jsonl")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.splitlines()[0])["table"] == "sentences_0"
