"""The one output helper every command uses: ``--json``, ``--format``, ``-o/--output``, terminal, pager or pipe.

Data goes to standard output (or the ``--output`` file); messages go to standard error. Formats are one table,
:data:`RENDERERS` (format name → renderer), so a new format is one entry there plus one in the command line's
``Format`` choice. With no ``--format``: tables on a terminal (through a pager, as ``git`` does), plain text
when piped, and for ``-o FILE`` the format its extension names (:data:`EXTENSIONS`).

``-o FILE`` writes a regular file atomically (a temporary file in the same folder, renamed over the target
after the symlinks in its path are resolved) and keeps an existing file's mode; a new file gets the mode the
umask gives. Devices, FIFOs and ``/dev/stdout`` are written through, never replaced.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import stat
import sys
from dataclasses import dataclass
from typing import IO, Any, Callable, Sequence

from .errors import InputError, OutputError
from .render import View, limit_rows
from .render.safe import visible

# Rows per table shown by default in terminal tables (``--top N`` / ``--all`` change it), and the characters
# of a cell shown with that default (a whole paragraph is clipped with "…"; --all shows every word).
DEFAULT_TOP = 5
DEFAULT_CELL = 280
# The pager when neither COMPARE_PAGER nor PAGER is set, and the options given to less when LESS is unset (as
# git does: quit if one screen, keep colours, do not clear the screen).
DEFAULT_PAGER = "less"
DEFAULT_LESS = "FRX"
# Paths written through even when they look like regular files (the process's own streams).
WRITE_THROUGH_PREFIXES = ("/dev/", "/proc/")


@dataclass(frozen=True)
class Output:
    """What a command hands to a renderer: its name and documents, its JSON body and its view (both lazily)."""

    command: str
    documents: Sequence[Any]
    body: Callable[[], dict[str, Any]]
    view: Callable[[], View]
    max_cell: int | None = None  # terminal tables: clip cells to this many characters


def _render_json(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.json import envelope, render_json

    render_json(envelope(out.command, out.documents, out.body()), fh)


def _render_jsonl(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.json import render_jsonl

    render_jsonl(out.view(), fh)


def _render_csv(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.text import render_delimited

    render_delimited(out.view(), fh, delimiter=",")


def _render_tsv(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.text import render_delimited

    render_delimited(out.view(), fh, delimiter="\t")


def _render_markdown(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.text import render_markdown

    render_markdown(out.view(), fh)


def _render_html(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.html import render_html
    from .render.json import envelope

    render_html(envelope(out.command, out.documents, out.body()), [d.text for d in out.documents], fh)


def _render_plain(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.text import render_plain

    render_plain(out.view(), fh)


def _render_table(out: Output, fh: IO[str], terminal: bool) -> None:
    from .render.text import render_terminal

    render_terminal(out.view(), fh, width=None if terminal else _pipe_width(), max_cell=out.max_cell)


Renderer = Callable[[Output, IO[str], bool], None]

# Format name → renderer(output, file, file_is_a_terminal). Add a format here (and to cli.Format).
RENDERERS: dict[str, Renderer] = {
    "table": _render_table,
    "plain": _render_plain,
    "json": _render_json,
    "jsonl": _render_jsonl,
    "csv": _render_csv,
    "tsv": _render_tsv,
    "markdown": _render_markdown,
    "html": _render_html,
}
FORMATS = tuple(RENDERERS)

# The format an ``-o`` file's extension picks when no --format is given.
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv",
              ".tab": "tsv", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".txt": "plain", ".text": "plain"}


@dataclass(frozen=True)
class OutputOptions:
    """The output options shared by every command.

    ``top`` caps the rows per table in every view-based format; ``show_all`` lifts the default cap that
    terminal tables get (:data:`DEFAULT_TOP`, when ``default_top`` is true); ``pager`` allows a pager on a
    terminal.
    """

    format: str | None = None
    json: bool = False
    output: str | None = None
    top: int | None = None
    show_all: bool = False
    default_top: bool = False
    pager: bool = True

    def resolved_format(self, stdout_is_terminal: bool | None = None) -> str:
        """The format to write: --json, else --format, else the -o file's extension, else table on a terminal
        and plain text otherwise."""
        if self.json and self.format not in (None, "json"):
            raise InputError(f"--json and --format {self.format} disagree; give one of them")
        if self.json:
            return "json"
        if self.format:
            fmt = self.format
        elif self.output and self.output != "-":
            ext = os.path.splitext(self.output)[1].lower()
            fmt = EXTENSIONS.get(ext, "plain")
        else:
            terminal = _is_terminal(sys.stdout) if stdout_is_terminal is None else stdout_is_terminal
            fmt = "table" if terminal else "plain"
        if fmt not in RENDERERS:
            raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)} (with --format)")
        return fmt

    def cell_limit(self, fmt: str) -> int | None:
        """How many characters of a cell terminal tables show: clipped only while the default row cap applies."""
        if fmt != "table" or self.top is not None or self.show_all or not self.default_top:
            return None
        return DEFAULT_CELL

    def row_limit(self, fmt: str) -> int | None:
        """How many rows per table to show: --top N, else none with --all, else the default for tables."""
        if self.top is not None:
            return self.top
        if self.show_all or not self.default_top or fmt != "table":
            return None
        return DEFAULT_TOP


def check_output_path(opts: OutputOptions, inputs: Sequence[str]) -> None:
    """Refuse an ``--output`` that cannot be written or is one of the input documents (never overwritten)."""
    if not opts.output or opts.output == "-":
        return
    out = opts.output
    if os.path.isdir(out):
        raise InputError(f"--output {visible(out)}: is a directory; give a file name")
    if os.path.exists(out):
        st = os.stat(out)
        for src in inputs:
            try:  # standard input redirected from the file (compare inspect - < a.txt -o a.txt) counts too
                s = os.fstat(0) if src == "-" else os.stat(src) if src else None
            except OSError:
                s = None
            if s is not None and (s.st_dev, s.st_ino) == (st.st_dev, st.st_ino) and stat.S_ISREG(st.st_mode):
                raise InputError(f"--output {visible(out)}: that is an input document; write elsewhere")
    elif not os.path.isdir(os.path.dirname(os.path.realpath(out)) or "."):
        folder = os.path.dirname(out) or "."
        raise InputError(f"--output {visible(out)}: folder {visible(folder)} does not exist; create it first")


def emit(opts: OutputOptions, *, command: str, documents: Sequence[Any], body: Callable[[], dict[str, Any]],
         view: Callable[[], View]) -> None:
    """Render a result in the chosen format to standard output (through a pager on a terminal) or to the
    ``--output`` file.

    ``body`` gives the command's JSON fields (the envelope is added here); ``view`` gives the tables. Both are
    called only if the format needs them. Raises :class:`OutputError` when the output cannot be written.
    """
    fmt = opts.resolved_format()
    limit = opts.row_limit(fmt)
    out = Output(command, documents, body, lambda: limit_rows(view(), limit), opts.cell_limit(fmt))
    render = RENDERERS[fmt]
    if opts.output and opts.output != "-":
        write_file(opts.output, lambda fh: render(out, fh, False))
        return
    stdout = sys.stdout
    if stdout is None:
        raise OutputError("standard output is closed; redirect it (> FILE) or write with -o FILE")
    terminal = _is_terminal(stdout)
    pager = pager_command() if (terminal and opts.pager and fmt == "table") else None
    if pager:
        buf = io.StringIO()
        from .render.text import render_terminal

        render_terminal(out.view(), buf, width=shutil.get_terminal_size().columns,
                        color=False if os.environ.get("NO_COLOR") else True, max_cell=out.max_cell)
        if page(buf.getvalue(), pager):
            return
        _write_stdout(stdout, lambda fh: fh.write(buf.getvalue()))
        return
    _write_stdout(stdout, lambda fh: render(out, fh, terminal))


def _write_stdout(stdout: IO[str], write: Callable[[IO[str]], Any]) -> None:
    try:
        write(stdout)
        stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (| head): not an error. Silence stdout so the exit flush stays quiet.
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        raise OutputError(f"cannot write to standard output ({exc.strerror or exc}); "
                          f"{_hint(exc)}, or write to a file with -o FILE") from None


def silence_stdout() -> None:
    """Point standard output at /dev/null so Python's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _hint(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "free some space or write elsewhere"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose a file in a folder you can write to"
    if exc.errno == errno.ENOENT:
        return "create the folder first"
    return "check the destination"


def write_file(path: str, write: Callable[[IO[str]], Any]) -> None:
    """Write text to ``path``: atomically for a regular file or a new path, straight through for anything else
    (a device such as /dev/null, a FIFO, /dev/stdout). Raises :class:`OutputError` with what to do."""
    shown = visible(path)
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {shown} ({exc.strerror}); {_hint(exc)}") from None
    try:
        if (st is not None and not stat.S_ISREG(st.st_mode)) or os.path.abspath(path).startswith(
                WRITE_THROUGH_PREFIXES):
            with open(path, "w", encoding="utf-8", newline="") as fh:
                write(fh)
            return
        _write_atomically(os.path.realpath(path), st, write)
    except OutputError:
        raise
    except BrokenPipeError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {shown} ({exc.strerror or exc}); {_hint(exc)}") from None


def _write_atomically(target: str, st: os.stat_result | None, write: Callable[[IO[str]], Any]) -> None:
    import tempfile

    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def pager_command() -> list[str] | None:
    """The pager to run, as git chooses one: $COMPARE_PAGER, else $PAGER, else ``less``; none when the variable
    is set but empty or is ``cat``, or when the program is not installed."""
    for var in ("COMPARE_PAGER", "PAGER"):
        if var in os.environ:
            value = os.environ[var].strip()
            break
    else:
        value = DEFAULT_PAGER
    if not value or value == "cat":
        return None
    import shlex

    try:
        words = shlex.split(value)
    except ValueError:
        return None
    if not words or not shutil.which(words[0]):
        return None
    return words


def page(text: str, command: list[str]) -> bool:
    """Show ``text`` through the pager; False if the pager could not be started (the caller prints instead).

    Ctrl-C is left to the pager while it runs (as git does); quitting the pager early is not an error.
    """
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    except OSError:
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def _pipe_width() -> int:
    """The width of tables written to a pipe or a file with ``-f table``: $COLUMNS, else 120."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 120


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def warn(message: str) -> None:
    """A message for the user on standard error (never on standard output), control characters escaped."""
    try:
        print(f"compare: {visible(message, keep_layout=False)}", file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass
