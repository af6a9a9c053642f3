"""Work beside the main line: a job run in a forked child process while the parent goes on with its own.

A report on big inputs has stages that do not wait for each other (quotation matching does not need the
alignment; the support check of an alignment does not need the judge's findings), and a machine has more than one
core. :func:`beside` forks a child that runs one such job on what the parent has already read (copy-on-write: the
documents and their analyses are not copied or pickled), and returns a :class:`Pending`; its
:meth:`~Pending.result` reads the child's pickled result when the parent needs it; used as a context manager
(``with beside(job) as later: ...``), it stops the child if the block is left without reading it. The result is the job's own,
bit for bit: the job runs the same code on the same objects.

Whenever the child cannot be used, the job runs in the parent instead, at :meth:`Pending.result`: no ``fork``
on this platform, one usable core, ``COMPARE_JOBS=1`` in the environment, a fork or pipe that fails, a child
that fails or is killed. The parent then raises the job's error itself, if it has one, with its real traceback.
The child never writes to standard output or error and leaves with ``os._exit`` (no buffer is flushed twice, no
exit handler runs).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import warnings
from typing import Callable, Generic, TypeVar

__all__ = ["Pending", "beside", "workers"]

T = TypeVar("T")

# read from the child's pipe at a time (no effect on results)
PIPE_CHUNK = 1 << 20


def workers() -> int:
    """How many processes may run at once: the cores this process may use, or 1 when ``COMPARE_JOBS`` says so
    (``COMPARE_JOBS=1`` runs everything in one process) or ``fork`` is missing."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    wanted = os.environ.get("COMPARE_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return min(cores, int(wanted))
    return cores


class Pending(Generic[T]):
    """A job started by :func:`beside`: its result, from the child or (failing that) computed here."""

    def __init__(self, job: Callable[[], T], pid: int | None, fd: int | None) -> None:
        self._job, self._pid, self._fd = job, pid, fd

    def result(self) -> T:
        """The job's result: read from the child (waiting for it), or the job run here when the child could
        not give it."""
        got = self._collect()
        if got is not None:
            return got[0]
        return self._job()

    def __enter__(self) -> "Pending[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        """Leaving the block stops a child whose result was not read (the parent failed or was interrupted)."""
        self.cancel()

    def cancel(self) -> None:
        """Stop the child, if any (the parent failed or was interrupted: its result will not be read)."""
        pid, fd = self._pid, self._fd
        self._pid = self._fd = None
        if fd is not None:
            os.close(fd)
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass

    def _collect(self) -> tuple[T] | None:
        pid, fd = self._pid, self._fd
        self._pid = self._fd = None
        if pid is None or fd is None:
            return None
        chunks = []
        try:
            while True:
                chunk = os.read(fd, PIPE_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(fd)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return None
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0) or not chunks:
            return None
        try:
            value: T = pickle.loads(b"".join(chunks))
        except Exception:   # a truncated or unreadable result: the job is run here instead
            return None
        return (value,)


def beside(job: Callable[[], T], *, wanted: bool = True) -> Pending[T]:
    """Start ``job`` (no arguments; its result must pickle) in a forked child, unless ``wanted`` is False or
    only one process may run (:func:`workers`); the returned :class:`Pending` gives its result."""
    if not wanted or workers() < 2:
        return Pending(job, None, None)
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return Pending(job, None, None)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return Pending(job, None, None)
    if pid == 0:                                    # the child: run the job, send its result, leave
        code = 1
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)   # Ctrl-C stops it quietly, as it stops the parent
            warnings.simplefilter("ignore")         # nothing on stderr, whose lock another thread may hold
            gc.disable()                            # it lives briefly: collecting would only copy shared pages
            data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view):]
            code = 0
        except BaseException:   # noqa: B036 - anything: the parent runs the job itself and reports its error
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return Pending(job, pid, read_fd)
