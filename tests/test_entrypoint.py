"""The installed console script, run as a user would: exit statuses, streams, pipes, speed of --help."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import SEED_A


def _compare() -> list[str]:
    # the installed console script: beside the interpreter running the tests, or on PATH
    exe = shutil.which("compare", path=os.path.dirname(sys.executable)) or shutil.which("compare")
    return [exe] if exe else [sys.executable, "-m", "compare"]


def _run(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    kw.setdefault("stdin", subprocess.DEVNULL)  # a piped standard input would be read as the document
    return subprocess.run(_compare() + list(args), capture_output=True, text=True, env=env, timeout=120, **kw)


def test_installed_entry_point_runs_and_reports_json():
    res = _run("inspect", str(SEED_A), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["tool"]["name"] == "compare"


def test_usage_error_is_one_line_exit_2():
    res = _run("inspect", "--no-such-option")
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.strip().count("\n") == 0 and "No such option" in res.stderr


def test_missing_file_no_traceback_unless_debug():
    res = _run("inspect", "no/such/file.txt")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    res = _run("--debug", "inspect", "no/such/file.txt")
    assert "Traceback" in res.stderr and "InputError" in res.stderr


def test_closed_pipe_ends_quietly():
    compare = " ".join(f"'{c}'" for c in _compare())
    res = subprocess.run(f"{compare} inspect --format jsonl < /dev/null | head -n 1", shell=True, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0
    assert res.stderr == ""
    assert json.loads(res.stdout)["table"].startswith("sentences")


def test_help_is_quick():
    if _compare()[0] == sys.executable:
        pytest.skip("console script not installed")
    start = time.perf_counter()
    res = _run("--help")
    assert res.returncode == 0 and "align" in res.stdout
    assert time.perf_counter() - start < 1.5  # the issue asks < 0.5 s; CI machines vary, the benchmark measures it


def test_help_imports_nothing_heavy():
    # what keeps --help under 0.2 s: no stage of the library, no numpy, no rich help renderer (markdown-it)
    code = ("import sys; from compare.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = ('numpy', 'markdown_it', 'rich.markdown', 'compare.document', 'compare.report', 'compare.align',"
            " 'compare.load', 'jinja2', 'rapidfuzz', 'nupunkt')\n"
            "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.stderr.strip().splitlines()[-1] == "[]"


def test_python_dash_m_works():
    res = subprocess.run([sys.executable, "-m", "compare", "--version"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.startswith("compare ")


def test_ctrl_c_exits_130(tmp_path):
    import signal

    big = tmp_path / "big.txt"
    words = "the women textile workers went on strike in several factories and marched to the city centre"
    big.write_text("\n\n".join(f"On day {i} {words} number {i}." for i in range(60_000)))
    proc = subprocess.Popen(_compare() + ["align", str(big), str(big), "--method", "lexical"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err


def _in_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run compare with standard input and output on a pseudo-terminal; returns its status and what it showed."""
    import pty

    controller, terminal = pty.openpty()
    proc = subprocess.Popen(_compare() + args, stdin=terminal, stdout=terminal, stderr=subprocess.DEVNULL,
                            env=env, close_fds=True)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return proc.wait(timeout=120), shown.decode("utf-8", "replace")


def test_terminal_tables_go_through_the_pager(tmp_path):
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PAGER": f"tee {paged}"}
    code, shown = _in_a_terminal(["inspect", str(SEED_A)], env)
    assert code == 0
    assert "Capitalism is in crisis." in paged.read_text()
    paged.unlink()
    code, shown = _in_a_terminal(["inspect", str(SEED_A), "--no-pager"], env)
    assert code == 0 and not paged.exists() and "Capitalism is in crisis." in shown
    code, shown = _in_a_terminal(["inspect", str(SEED_A), "-o", str(tmp_path / "out.txt")], env)
    assert code == 0 and not paged.exists()
    env["PAGER"] = "cat"
    code, shown = _in_a_terminal(["inspect", str(SEED_A)], env)
    assert code == 0 and "Capitalism is in crisis." in shown


def test_the_process_ends_with_its_output_flushed_and_its_status():
    # compare.cli.run ends the process with os._exit once stdout and stderr are flushed: nothing may be lost
    from conftest import SEED_B

    for args in (["-m", "compare"], ["-c", "import _compare_start; _compare_start.main()"]):
        res = subprocess.run([sys.executable, *args, "report", str(SEED_A), str(SEED_B), "--json", "--exit-code"],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 1, res.stderr            # the seeds diverge: --exit-code says so
        data = json.loads(res.stdout)                      # the whole document, up to its last byte
        assert data["command"] == "report" and data["summary"]["divergences"] > 0 and data["timeline"]
        res = subprocess.run([sys.executable, *args, "quotes", "/no/such/file"], capture_output=True, text=True,
                             timeout=60)
        assert res.returncode == 2 and res.stderr.strip().endswith("(use - to read standard input)")
