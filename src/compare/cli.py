"""The ``compare`` command: options in, library calls, a renderer out. No algorithm lives here.

Exit statuses: 0 success; 2 usage or input error (one line on standard error, nothing on standard output);
130 on Ctrl-C; a closed pipe (``compare … | head``) ends quietly with 0; 1 for an internal error (the
traceback is shown with ``--debug``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from typing import Annotated, Callable, Iterator, Optional

import typer

from .errors import InputError
from .load import DEFAULT_MAX_BYTES

app = typer.Typer(
    name="compare",
    help="Compare accounts of the same events: where they tell the same part of the story, where they agree "
         "or diverge, and which quotations they share, with line numbers and character offsets as evidence. "
         "Run any command without documents to try it on the two bundled seed texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    html = "html"


# Options shared by every command (one definition, used everywhere).
DocsArg = Annotated[Optional[list[str]], typer.Argument(
    help="Documents: paths to text, Markdown or HTML files, or - for standard input (once). "
         "None: the two bundled seed documents.", show_default=False, metavar="[DOC]...")]
LabelsOpt = Annotated[Optional[str], typer.Option(
    "--labels", help="Comma-separated labels for the documents, in order (default: title line or file name).")]
MaxBytesOpt = Annotated[int, typer.Option(
    "--max-bytes", help="Refuse documents larger than this many bytes.", min=1)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object (same as --format json).")]
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-f", help="Output format. Default: tables on a terminal, plain text when piped.",
    case_sensitive=False)]
OutputOpt = Annotated[Optional[str], typer.Option(
    "--output", "-o", help="Write the output to FILE (atomically) instead of standard output.", metavar="FILE")]
KeepBoilerplateOpt = Annotated[bool, typer.Option(
    "--keep-boilerplate", help="Also compare web furniture (author box, licence, share lines).")]


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"compare {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                          callback=_print_version)] = False,
) -> None:
    _state["debug"] = debug


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn an :class:`InputError` into one line on standard error and exit status 2."""
    try:
        yield
    except InputError as exc:
        if _state["debug"]:
            raise
        print(f"compare: error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def _setup(docs: Optional[list[str]], labels: Optional[str], max_bytes: int, json_: bool,
           fmt: Optional[Format], output: Optional[str], *, at_least: int = 1):
    """What every command does first: check the output options, load the documents (or the seeds), and refuse
    an ``--output`` that would overwrite one of them. Returns the output options and the documents."""
    from .output import OutputOptions, check_output_path

    opts = OutputOptions(format=fmt.value if fmt else None, json=json_, output=output)
    opts.resolved_format()
    documents, paths = _load(docs, labels, max_bytes, at_least=at_least)
    check_output_path(opts, paths)
    return opts, documents


def _load(paths: Optional[list[str]], labels: Optional[str], max_bytes: int, *, at_least: int = 1):
    """Load the documents named on the command line, or the seeds when none are named."""
    from .document import load_document, seed_documents
    from .output import warn

    label_list = [x.strip() for x in labels.split(",")] if labels else []
    if not paths:
        docs = seed_documents()
        if not docs:
            raise InputError("no documents given and no bundled seeds found; name the documents to compare")
        paths = [d.path or "" for d in docs]
        for doc, label in zip(docs, label_list):
            doc.label = label
    else:
        if paths.count("-") > 1:
            raise InputError("standard input (-) can be read only once; save the other document to a file")
        if label_list and len(label_list) != len(paths):
            raise InputError(f"--labels gives {len(label_list)} labels for {len(paths)} documents; "
                             "give one label per document")
        docs = []
        for i, p in enumerate(paths):
            docs.append(load_document(p, label_list[i] if label_list else None, max_bytes=max_bytes))
    if len(docs) < at_least:
        raise InputError(f"this command needs at least {at_least} documents; got {len(docs)}")
    for doc in docs:
        for w in doc.warnings:
            warn(f"warning: {w}")
    _dedupe_labels(docs)
    return docs, paths


def _dedupe_labels(docs) -> None:
    seen: dict[str, int] = {}
    for doc in docs:
        if doc.label in seen:
            seen[doc.label] += 1
            doc.label = f"{doc.label} ({seen[doc.label]})"
        else:
            seen[doc.label] = 1


@contextlib.contextmanager
def _progress(description: str) -> Iterator[Optional[Callable[[int, int], None]]]:
    """A progress bar on standard error when it is a terminal; otherwise no callback at all."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def inspect(
    docs: DocsArg = None,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show how a document was read: paragraphs and sentences with line numbers, headings, boilerplate."""
    with _errors():
        from .inspection import inspect_documents
        from .output import emit
        from .render.views import inspect_view

        opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output)
        result = inspect_documents(documents)
        emit(opts, command="inspect", documents=documents, body=result.to_dict,
             view=lambda: inspect_view(result))


class Method(str, Enum):
    hybrid = "hybrid"
    lexical = "lexical"
    semantic = "semantic"


@app.command()
def align(
    docs: DocsArg = None,
    method: Annotated[Method, typer.Option(
        "--method", help="lexical (no model), semantic (embeddings), or hybrid (both).",
        case_sensitive=False)] = Method.hybrid,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", help="Report only pairs scoring at least this (0-1); default: calibrated threshold.",
        min=0.0, max=1.0)] = None,
    top: Annotated[Optional[int], typer.Option("--top", help="Show only the N best pairs.", min=1)] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Find the passages where accounts tell the same part of the story, with a score and a kind."""
    with _errors():
        from .output import emit, warn
        from .pairwise import align_documents
        from .render.views import align_view

        opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, at_least=2)
        with _progress("aligning") as progress:
            result = align_documents(documents, method=method.value, min_score=min_score, top=top,
                                     keep_boilerplate=keep_boilerplate, progress=progress)
        for w in result.warnings:
            warn(f"warning: {w}")
        emit(opts, command="align", documents=documents, body=result.to_dict, view=lambda: align_view(result))


@app.command()
def quotes(
    docs: DocsArg = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list every quotation of each document.")] = False,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Find every quotation, who said it, and which quotations the documents share (even cut or mistyped)."""
    with _errors():
        from .output import emit
        from .quotes import compare_quotes
        from .render.views import quotes_view

        opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output)
        result = compare_quotes(documents)

        def body() -> dict:
            return {k: v for k, v in result.to_dict().items() if k != "documents"}

        emit(opts, command="quotes", documents=documents, body=body,
             view=lambda: quotes_view(result, show_all=show_all))


class Calendar(str, Enum):
    gregorian = "gregorian"
    julian = "julian"
    as_written = "as-written"


class Section(str, Enum):
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
        "--section", "-s", help="Show only these sections (repeat the option); default: all.",
        case_sensitive=False)] = None,
    calendar: Annotated[Calendar, typer.Option(
        "--calendar", help="Calendar for the timeline: dates marked (or shown to be) Old Style are converted.",
        case_sensitive=False)] = Calendar.gregorian,
    method: Annotated[Method, typer.Option(
        "--method", help="Alignment method: lexical, semantic or hybrid.", case_sensitive=False)] = Method.hybrid,
    min_score: Annotated[Optional[float], typer.Option(
        "--min-score", help="Only judge aligned pairs scoring at least this (0-1).", min=0.0, max=1.0)] = None,
    keep_boilerplate: KeepBoilerplateOpt = False,
    labels: LabelsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    json_: JsonOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Agreements, divergences, what only one account tells, shared quotations, and a timeline."""
    with _errors():
        from .output import emit, warn
        from .render.views import report_view
        from .report import SECTIONS, build_report

        opts, documents = _setup(docs, labels, max_bytes, json_, fmt, output, at_least=2)
        wanted = tuple(s.value for s in section) if section else SECTIONS
        with _progress("reporting") as progress:
            result = build_report(documents, method=method.value, min_score=min_score, calendar=calendar.value,
                                  keep_boilerplate=keep_boilerplate, sections=wanted, progress=progress)
        for w in result.warnings:
            warn(f"warning: {w}")
        data = result.to_dict()
        if "quotes" in data:
            data["quotes"].pop("documents", None)
        emit(opts, command="report", documents=documents, body=lambda: data,
             view=lambda: report_view(result, data))


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point of the ``compare`` console script and of ``python -m compare``."""
    from typer._click import exceptions as click_exc

    command = typer.main.get_command(app)
    code = 0
    try:
        rv = command.main(args=argv, prog_name="compare", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except click_exc.NoArgsIsHelpError:
        code = 0  # the help was already printed
    except click_exc.ClickException as exc:  # usage errors: one line, exit 2
        ctx = getattr(exc, "ctx", None)
        where = f"compare {ctx.info_name} --help" if ctx is not None and ctx.parent is not None else "compare --help"
        message = " ".join(exc.format_message().split())
        print(f"compare: error: {message} (see '{where}')", file=sys.stderr)
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        print("", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except Exception as exc:
        if _state["debug"]:
            raise
        print(f"compare: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        code = 1
    sys.exit(code)


def _silence_stdout() -> None:
    """The reader went away (``| head``): point stdout at /dev/null so Python's exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
