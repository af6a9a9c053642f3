"""The ``compare`` command: options in, library calls, a renderer out. No algorithm lives here.

Exit statuses: 0 success (with ``--exit-code``: 0 when no difference was found, 1 when one was); 2 usage,
input, output or environment error (one line on standard error saying what to do, nothing on standard
output; ``--debug`` adds the traceback and keeps the status); 130 on Ctrl-C; a closed pipe (``compare … |
head``) ends quietly with 0; 1 for an internal error (the traceback is shown with ``--debug``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import traceback
from enum import Enum
from typing import Annotated, Any, Iterator, Optional

import typer

from .errors import InputError
from .limits import DEFAULT_MAX_BYTES, MAX_BYTES_CEILING
from .progress import Progress

# The cyclic garbage collector's first-generation threshold for a run of the command line (CPython's default is
# 700). An analysis allocates millions of small, long-lived objects (tokens, spans, claims) and almost no cycles,
# so the default threshold spends about a tenth of a large report's CPU re-scanning them: the whole New Testament
# KJV-WEB `compare report` takes 15.3 s of CPU with the default and 13.6 s with this one, at the same peak memory
# (benchmarks/report_speed.py). Set by `main` only: the library leaves the interpreter's settings alone.
GC_THRESHOLD = 50_000
# The console script (`run`: one command, then the process ends) goes further and turns the collector off: what
# a command makes lives until it ends, and it makes almost no reference cycles (unreachable objects found by a
# collection after a whole report: 322 on the seeds with the model, 5 on 1 MB of prose a side; a test keeps it
# so), so collections only re-walk live objects. `report` on 10 MB a side (benchmarks/hostile_speed.py inputs):
# 6.8 s of the parent's CPU went to collections (gc.callbacks: 2.4 young, 2.8 middle, 1.6 for one full one),
# none now, at the same peak memory (1.86 GB).
COLLECTOR_OFF = True

app = typer.Typer(
    name="compare",
    help="Compare accounts of the same events: where they tell the same part of the story, where they agree "
         "or diverge, and which quotations they share, with line numbers and character offsets as evidence. "
         "Run a command without documents to try it on the two bundled seed texts; pipe a document in to read "
         "it from standard input.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rich's help renderer imports markdown-it, half of `--help`'s time
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False, "leave": False}
_LEFT: list[tuple[object, ...]] = []   # see _leave


class Format(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    html = "html"


def _flag(*names: str, help: str, **kw: Any) -> Any:
    """A boolean option shown as a flag in the help (no ``<bool>`` after it)."""
    return typer.Option(*names, help=help, metavar="", **kw)


# Options shared by every command (one definition, used everywhere).
DocsArg = Annotated[Optional[list[str]], typer.Argument(
    help="Documents: paths to text, Markdown or HTML files, or - for standard input (once). None: standard "
         "input if it is piped, else the two bundled seed documents.", show_default=False, metavar="DOC")]
LabelsOpt = Annotated[Optional[str], typer.Option(
    "--labels", metavar="A,B",
    help="Comma-separated labels for the documents, in order (default: the title, else the file name).")]
MaxBytesOpt = Annotated[int, typer.Option(
    "--max-bytes", help="Refuse documents larger than this many bytes.", min=1, max=MAX_BYTES_CEILING,
    metavar="N")]
JsonOpt = Annotated[bool, _flag("--json", help="Print one JSON object (same as --format json).")]
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-f", metavar="FORMAT", help="Output format: table, plain, json, jsonl, csv, tsv, markdown or "
                                           "html. Default: tables on a terminal, plain text when piped, and for -o the "
                           "format the file's extension names.", case_sensitive=False)]
OutputOpt = Annotated[Optional[str], typer.Option(
    "--output", "-o", help="Write the output to FILE (atomically) instead of standard output.", metavar="FILE")]
KeepBoilerplateOpt = Annotated[bool, _flag(
    "--keep-boilerplate", help="Also compare web furniture (author box, licence, share lines).")]
NoPagerOpt = Annotated[bool, _flag("--no-pager", help="Do not page terminal tables ($PAGER, default less -FRX).")]
AllOpt = Annotated[bool, _flag("--all", help="Show every row of every table (terminal tables show the top 5).")]
TopOpt = Annotated[Optional[int], typer.Option(
    "--top", help="Show at most N rows per table, in every format but JSON.", min=1, metavar="N")]
ExitCodeOpt = Annotated[bool, _flag("--exit-code", help="Exit with 1 when the documents differ (see the "
                                                        "command's help), 0 when they do not, 2 on error.")]
DebugOpt = Annotated[bool, _flag("--debug", help="Show tracebacks for errors.")]


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"compare {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    debug: DebugOpt = False,
    version: Annotated[bool, _flag("--version", help="Print the version and exit.", is_eager=True,
                                   callback=_print_version)] = False,
) -> None:
    _state["debug"] = debug


def _debug(value: bool) -> None:
    if value:
        _state["debug"] = True


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn an :class:`InputError` (or an OutputError) into one line on standard error and exit status 2; with
    --debug the traceback comes first and the status stays 2."""
    from .output import warn

    try:
        yield
    except InputError as exc:
        if _state["debug"]:
            traceback.print_exc(file=sys.stderr)
        warn(f"error: {exc}")
        raise typer.Exit(2) from None


def _setup(docs: Optional[list[str]], labels: Optional[str], max_bytes: int, json_: bool,
           fmt: Optional[Format], output: Optional[str], *, at_least: int = 1, progress: Optional[Progress] = None,
           **view_options: Any):
    """What every command does first: check the output options, load the documents (standard input or the
    seeds when none are named), refuse an ``--output`` that would overwrite one of them, show the documents'
    warnings. Returns the output options and the documents."""
    from .inputs import read_documents
    from .output import OutputOptions, check_output_path, warn

    opts = OutputOptions(format=fmt.value if fmt else None, json=json_, output=output, **view_options)
    opts.resolved_format()
    documents, paths = read_documents(docs, labels=labels, max_bytes=max_bytes, at_least=at_least,
                                      progress=progress)
    for doc in documents:
        for w in doc.warnings:
            warn(f"warning: {w}")
    check_output_path(opts, paths)
    return opts, documents


@contextlib.contextmanager
def _progress() -> Iterator[Optional[Progress]]:
    """Progress on standard error, stage by stage, when it is a terminal; otherwise no callback at all."""
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, AttributeError):
        terminal = False
    if not terminal:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress as Bar, TaskProgressColumn, TextColumn, TimeElapsedColumn

    with Bar(TextColumn("{task.description:<9}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
             console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("load", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        yield update


def _exit(differs: bool, asked: bool) -> None:
    if asked and differs:
        raise typer.Exit(1)


@app.command()
def inspect(
    docs: DocsArg = None,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    top: TopOpt = None,
    no_pager: NoPagerOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Show how a document was read: paragraphs and sentences with line numbers, headings, boilerplate."""
    _debug(debug)
    with _errors():
        from .inspection import inspect_documents
        from .output import emit
        from .render.views import inspect_view

        with _progress() as progress:
            opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, progress=progress, top=top,
                                     pager=not no_pager)
            result = inspect_documents(documents)
            if progress:
                progress("render", 0, 1)
        emit(opts, command="inspect", documents=documents, body=result.to_dict,
             view=lambda: inspect_view(result))
        _leave(result, documents)


class Method(str, Enum):
    hybrid = "hybrid"
    lexical = "lexical"
    semantic = "semantic"


@app.command()
def align(
    docs: DocsArg = None,
    method: Annotated[Method, typer.Option(
        "--method", metavar="METHOD", help="Alignment method: lexical (no model), semantic (embeddings) or hybrid "
                                          "(both).",
        case_sensitive=False)] = Method.hybrid,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", metavar="SCORE", help="Report only pairs scoring at least this (0-1); default: calibrated threshold.",
        min=0.0, max=1.0)] = None,
    top: Annotated[Optional[int], typer.Option("--top", help="Show only the N best pairs (JSON too).", min=1,
                                               metavar="N")] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_pager: NoPagerOpt = False,
    exit_code: ExitCodeOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Find the passages where accounts tell the same part of the story, with a score and a kind.

    With --exit-code: 1 when some of a document's text is aligned with nothing in another (coverage under
    100 %), 0 when every passage has a counterpart.
    """
    _debug(debug)
    with _errors():
        from .output import emit, warn
        from .pairwise import align_documents
        from .progress import stage_callback
        from .render.views import align_view

        with _progress() as progress:
            opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, at_least=2, progress=progress,
                                     pager=not no_pager)
            result = align_documents(documents, method=method.value, min_score=min_score, top=top,
                                     keep_boilerplate=keep_boilerplate,
                                     progress=stage_callback(progress, "align"))
            if progress:
                progress("render", 0, 1)
        for w in result.warnings:
            warn(f"warning: {w}")
        emit(opts, command="align", documents=documents, body=result.to_dict, view=lambda: align_view(result))
        _leave(result, documents)
    _exit(any(min(al.coverage) < 1.0 for al in result.alignments), exit_code)


@app.command()
def quotes(
    docs: DocsArg = None,
    show_all: Annotated[bool, _flag("--all", help="Also list every quotation of each document, and every row "
                                                  "of every table.")] = False,
    top: TopOpt = None,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_pager: NoPagerOpt = False,
    exit_code: ExitCodeOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Find every quotation, who said it, and which quotations the documents share (even cut or mistyped).

    With --exit-code: 1 when a shared quotation is not word for word the same in both documents, or is
    attributed to different speakers; 0 otherwise.
    """
    _debug(debug)
    with _errors():
        from .output import emit
        from .quote_match import compare_quotes
        from .render.views import quotes_view

        with _progress() as progress:
            opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, progress=progress, top=top,
                                     show_all=show_all, pager=not no_pager)
            if progress:
                progress("quotes", 0, 1)
            result = compare_quotes(documents)
            if progress:
                progress("render", 0, 1)

        def body() -> dict:
            return {k: v for k, v in result.to_dict().items() if k != "documents"}

        emit(opts, command="quotes", documents=documents, body=body,
             view=lambda: quotes_view(result, show_all=show_all))
        _leave(result, documents)
    _exit(any(s.match != "exact" or s.attribution_conflict for s in result.shared), exit_code)


class Calendar(str, Enum):
    gregorian = "gregorian"
    julian = "julian"
    as_written = "as-written"


class Section(str, Enum):
    summary = "summary"
    divergences = "divergences"
    agreements = "agreements"
    elaborations = "elaborations"
    unique = "unique"
    quotes = "quotes"
    timeline = "timeline"


@app.command()
def report(
    docs: DocsArg = None,
    section: Annotated[Optional[list[Section]], typer.Option(
        "--section", "-s", metavar="SECTION", help="Show only this section: summary (as a table), divergences, "
        "agreements, elaborations, unique, quotes or timeline; repeat the option for more; default: all.",
        case_sensitive=False)] = None,
    show_all: AllOpt = False,
    top: TopOpt = None,
    calendar: Annotated[Calendar, typer.Option(
        "--calendar", metavar="CALENDAR", help="Calendar for the timeline: as-written keeps each date in the calendar its text gives; "
                           "julian or gregorian converts the dates marked (or shown to be) in the other one.",
        case_sensitive=False)] = Calendar.as_written,
    method: Annotated[Method, typer.Option(
        "--method", metavar="METHOD", help="Alignment method: lexical (no model), semantic (embeddings) or hybrid "
                                          "(both).", case_sensitive=False)] = Method.hybrid,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", metavar="SCORE", help="Only judge aligned pairs scoring at least this (0-1).", min=0.0, max=1.0)] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_pager: NoPagerOpt = False,
    exit_code: ExitCodeOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Agreements, divergences, what only one account tells, shared quotations, and a timeline: a summary
    first, then the top rows of each section on a terminal (--all, --top N for more).

    With --exit-code: 1 when a divergence is found, 0 when none is (needs the divergences section).
    """
    _debug(debug)
    with _errors():
        from .output import emit, warn
        from .render.views import report_view
        from .report import SECTIONS, build_report
        from .summary import summarise

        asked = [s.value for s in section] if section else []
        wanted = tuple(s for s in SECTIONS if s in asked) if asked else SECTIONS
        if asked == ["summary"]:
            wanted = SECTIONS
        if exit_code and "divergences" not in wanted:
            raise InputError("--exit-code needs the divergences section; add --section divergences")
        with _progress() as progress:
            opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, at_least=2, progress=progress,
                                     top=top, show_all=show_all, default_top=True, pager=not no_pager)
            result = build_report(documents, method=method.value, min_score=min_score, calendar=calendar.value,
                                  keep_boilerplate=keep_boilerplate, sections=wanted, progress=progress)
            if progress:
                progress("render", 0, 1)
            data = result.to_dict()
            if "quotes" in data:
                data["quotes"].pop("documents", None)
            summary = summarise(data)
        for w in result.warnings:
            warn(f"warning: {w}")
        as_table = "summary" in asked
        shown = data if not asked or set(asked) - {"summary"} else {
            k: v for k, v in data.items() if k not in SECTIONS}
        emit(opts, command="report", documents=documents, body=lambda: data,
             view=lambda: report_view(result, shown, summary, summary_as_table=as_table))
        _leave(result, data, documents)
    _exit(summary.counts.get("divergences", 0) > 0, exit_code)


def main(argv: Optional[list[str]] = None) -> None:
    """The command line as a function: runs one command and raises ``SystemExit`` with its status."""
    sys.exit(_main(argv))


def run() -> None:
    """Entry point of the ``compare`` console script and of ``python -m compare``: :func:`main`, then the process
    ends as soon as its output is flushed, leaving what the command built to the operating system. Freeing it
    object by object gains nothing and is slow: after a report on two 10 MB documents (2 GB in small objects)
    it took 5.4 s between the output's last byte and the process's end, and 1 s more as the command returned.
    The cyclic garbage collector is off meanwhile (see COLLECTOR_OFF)."""
    _state["leave"] = True
    if COLLECTOR_OFF:
        gc.disable()
    code = _main(None)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            _quiet_stdout()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


def _main(argv: Optional[list[str]]) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _leave(*built: object) -> None:
    """Keep what a command built until the process ends, when :func:`run` ends it (see there): the command's
    frames then free nothing as they return. Called in-process (:func:`main`, tests), it keeps nothing."""
    if _state["leave"]:
        _LEFT.append(built)


def _run(argv: Optional[list[str]]) -> int:
    from typer._click import exceptions as click_exc

    command = _command()
    try:
        rv = command.main(args=argv, prog_name="compare", standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except click_exc.NoArgsIsHelpError:
        return 0  # the help was already printed
    except click_exc.ClickException as exc:  # usage errors: one line, exit 2
        ctx = getattr(exc, "ctx", None)
        where = f"compare {ctx.info_name} --help" if ctx is not None and ctx.parent is not None else "compare --help"
        message = " ".join(exc.format_message().split())
        warn(f"error: {message} (see '{where}')")
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        _stderr("")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except MemoryError:
        warn("error: out of memory; compare smaller documents, or raise the memory limit (ulimit -v)")
        return 2
    except Exception as exc:
        if _state["debug"]:
            raise
        warn(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        return 1


def _command() -> Any:
    """The click command behind ``app``, with every flag shown without a ``<bool>`` type in the help."""
    from typer._click import Context

    command = typer.main.get_command(app)
    stack = [command]
    while stack:
        cmd = stack.pop()
        params = list(getattr(cmd, "params", []))
        try:  # the help option is made (and cached) on first use: make it now to set its metavar
            help_option = cmd.get_help_option(Context(cmd, help_option_names=["-h", "--help"]))
            if help_option is not None:
                params.append(help_option)
        except Exception:  # pragma: no cover - a typer without this hook: keep its help as it is
            pass
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        stack.extend(getattr(cmd, "commands", {}).values())
    return command


def warn(message: str) -> None:
    """A message on standard error, control characters escaped (see :func:`compare.output.warn`)."""
    from .output import warn as write

    write(message)


def _stderr(message: str) -> None:
    try:
        print(message, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_stdout() -> None:
    from .output import silence_stdout

    silence_stdout()

