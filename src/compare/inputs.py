"""Which documents a command compares: the paths it was given, standard input, or the bundled seeds.

- ``compare inspect a.txt -``: the files, and standard input where ``-`` stands (once).
- ``cat a.txt | compare inspect``: no document named and standard input piped (not empty): standard input.
  A command that needs two documents says so instead of using the seeds.
- No document named and standard input a terminal, ``/dev/null``, closed or empty: the two bundled seeds.

Paths that are not regular files (a FIFO, ``<(command)``, a device) are read without blocking on a FIFO that
has no writer. Labels: ``--labels``, else the document's title, else its file stem; repeated labels get
``(2)``, ``(3)``.
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import stat
import sys
from dataclasses import replace
from typing import IO, Optional, Sequence

from .document import Document, build_document, seed_documents
from .errors import InputError
from .load import DEFAULT_MAX_BYTES, decode, load
from .progress import Progress
from .render.safe import visible

# Bytes read at a time from standard input and from pipes (so a huge --max-bytes never allocates up front).
READ_CHUNK = 1 << 20


def read_documents(paths: Optional[Sequence[str]], *, labels: Optional[str] = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, at_least: int = 1, stdin: Optional[IO[str]] = None,
                   progress: Optional[Progress] = None) -> tuple[list[Document], list[str]]:
    """Load the documents a command was given (see the module docstring); returns them and their paths.

    ``stdin`` defaults to ``sys.stdin`` (``None`` there means it was closed). Raises :class:`InputError` with a
    one-line message saying what to do.
    """
    stream = sys.stdin if stdin is None else stdin
    label_list = [x.strip() for x in labels.split(",")] if labels else []
    names = list(paths or [])
    if names.count("-") > 1:
        raise InputError("standard input (-) can be read only once; save the other document to a file")
    piped: bytes | None = None
    if not names:
        piped = _piped_input(stream, max_bytes)
        if piped is not None:
            if at_least > 1:
                raise InputError(f"this command compares {at_least} documents and standard input gives one; "
                                 "name the others too, e.g. compare report - other.txt")
            names = ["-"]
    if label_list and names and len(label_list) != len(names):
        raise InputError(f"--labels gives {len(label_list)} labels for {len(names)} documents; "
                         "give one label per document")
    docs: list[Document] = []
    if not names:
        if progress:
            progress("load", 0, 0)
        docs = seed_documents()
        if not docs:
            raise InputError("no documents given and no bundled seeds found; name the documents to compare")
        names = [d.path or "" for d in docs]
        for doc, label in zip(docs, label_list):
            doc.label = label
    else:
        for i, name in enumerate(names):
            if progress:
                progress("load", i, len(names))
            given = label_list[i] if label_list else None
            if name == "-":
                raw = piped if piped is not None else _read_stream(_binary_stdin(stream), max_bytes,
                                                                   "standard input")
                loaded = load("-", max_bytes=max_bytes, stdin=io.BytesIO(raw))
            else:
                loaded = _load_path(name, max_bytes)
            if progress:
                progress("analyse", i, len(names))
            docs.append(build_document(loaded.text, given, loaded.path, loaded=loaded))
        if progress:
            progress("analyse", len(names), len(names))
    if len(docs) < at_least:
        raise InputError(f"this command compares at least {at_least} documents and got {len(docs)}; "
                         "name the others too")
    dedupe_labels(docs)
    return docs, names


def dedupe_labels(docs: Sequence[Document]) -> None:
    """Give repeated labels a number: ``notes``, ``notes (2)``."""
    seen: dict[str, int] = {}
    for doc in docs:
        if doc.label in seen:
            seen[doc.label] += 1
            doc.label = f"{doc.label} ({seen[doc.label]})"
        else:
            seen[doc.label] = 1


def _binary_stdin(stream: Optional[IO[str]]) -> IO[bytes]:
    if stream is None:
        raise InputError("standard input is closed; give a file name, or pipe the document in (< FILE)")
    buffer = getattr(stream, "buffer", None)
    return buffer if buffer is not None else stream  # type: ignore[return-value]


def _piped_input(stream: Optional[IO[str]], max_bytes: int) -> bytes | None:
    """Standard input's bytes when it is piped and not empty; None for a terminal, /dev/null, closed or empty."""
    if stream is None:
        return None
    try:
        if stream.isatty():
            return None
    except (ValueError, AttributeError):
        return None
    try:
        mode = os.fstat(stream.fileno()).st_mode
        if stat.S_ISCHR(mode) or stat.S_ISDIR(mode):
            return None
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (a test runner's stream): read it
    raw = _read_stream(_binary_stdin(stream), max_bytes, "standard input")
    return raw or None


def _read_stream(fh: IO[bytes], max_bytes: int, shown: str) -> bytes:
    """Up to ``max_bytes`` (+1, to tell "too big") from a stream, in chunks."""
    parts: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = fh.read(min(READ_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc}); check what is piped in") from None
    except ValueError:
        raise InputError(f"{shown}: is closed; give a file name, or pipe the document in (< FILE)") from None
    if total > max_bytes:
        raise InputError(f"{shown}: larger than {max_bytes:,} bytes; split it, or raise the limit with "
                         "--max-bytes")
    return b"".join(parts)


def _load_path(name: str, max_bytes: int):
    """A path: regular files (and missing paths, directories: their refusals) through :func:`load`; a FIFO or
    a device opened without blocking and read as a stream."""
    shown = visible(name, keep_layout=False)
    try:
        mode = os.stat(name).st_mode
    except OSError:
        mode = 0
    if not mode or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        loaded = load(name, max_bytes=max_bytes)
        return loaded
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(f"{shown}: a socket or device that cannot be read; save the text to a file") from None
        raise InputError(f"{shown}: cannot read ({exc.strerror}); check the path") from None
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        raw = _read_stream(fh, max_bytes, shown)
    if not raw and stat.S_ISFIFO(mode):
        raise InputError(f"{shown}: a named pipe with nothing writing to it; start the writer first, or pipe "
                         "the text to standard input (-)")
    loaded = decode(raw, path=name, shown=shown)
    return replace(loaded, path=name)
