"""The one output helper every command uses: ``--json``, ``--format``, ``-o/--output``, terminal or pipe.

Data goes to standard output (or the ``--output`` file, written atomically); messages go to standard error.
Rich tables are drawn only when standard output is a terminal; piped output is plain and unwrapped.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Sequence

from .errors import InputError
from .render import View

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "markdown", "html")


@dataclass(frozen=True)
class OutputOptions:
    """The output options shared by every command."""

    format: str | None = None
    json: bool = False
    output: str | None = None

    def resolved_format(self) -> str:
        if self.json and self.format not in (None, "json"):
            raise InputError(f"--json and --format {self.format} disagree; give one of them")
        fmt = "json" if self.json else (self.format or "table")
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt


def check_output_path(opts: OutputOptions, inputs: Sequence[str]) -> None:
    """Refuse an ``--output`` path that is one of the input documents: the tool never overwrites its input."""
    if not opts.output or opts.output == "-":
        return
    out = Path(opts.output)
    if out.is_dir():
        raise InputError(f"--output {opts.output}: is a directory; give a file name")
    for src in inputs:
        if src != "-" and Path(src).exists() and out.exists() and out.resolve() == Path(src).resolve():
            raise InputError(f"--output {opts.output}: that is an input document; write elsewhere")
    if not out.resolve().parent.is_dir():
        raise InputError(f"--output {opts.output}: folder {out.parent} does not exist; create it first")


def emit(opts: OutputOptions, *, command: str, documents: Sequence[Any], body: Callable[[], dict[str, Any]],
         view: Callable[[], View]) -> None:
    """Render a result in the chosen format to standard output or to the ``--output`` file.

    ``body`` gives the command's JSON fields (the envelope is added here); ``view`` gives the tables. Both are
    called only if the format needs them.
    """
    from .render.json import envelope, render_json, render_jsonl
    from .render.text import render_delimited, render_markdown, render_plain, render_terminal

    fmt = opts.resolved_format()

    def write(fh: IO[str], is_terminal: bool) -> None:
        if fmt == "json":
            render_json(envelope(command, documents, body()), fh)
        elif fmt == "jsonl":
            render_jsonl(view(), fh)
        elif fmt == "csv":
            render_delimited(view(), fh, delimiter=",")
        elif fmt == "tsv":
            render_delimited(view(), fh, delimiter="\t")
        elif fmt == "markdown":
            render_markdown(view(), fh)
        elif fmt == "html":
            from .render.html import render_html
            render_html(envelope(command, documents, body()), [d.text for d in documents], fh)
        elif is_terminal:
            render_terminal(view(), fh)
        else:
            render_plain(view(), fh)

    if opts.output and opts.output != "-":
        target = Path(opts.output)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.resolve().parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                write(fh, False)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return
    stdout = sys.stdout
    try:
        write(stdout, _is_terminal(stdout))
        stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (| head): not an error. Silence stdout so the exit flush stays quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stdout.fileno())
        except (OSError, ValueError):
            pass


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def warn(message: str) -> None:
    """A message for the user on standard error (never on standard output)."""
    print(f"compare: {message}", file=sys.stderr)
