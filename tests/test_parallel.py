"""compare.parallel: a job run in a forked child gives the job's own result, and falls back to the parent."""

from __future__ import annotations

import os
import time

import pytest

from compare import parallel


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)


def test_the_job_runs_in_a_child_and_its_result_comes_back(two_cores: None) -> None:
    parent = os.getpid()
    job = parallel.beside(lambda: (os.getpid(), [1.5, float("inf"), "ä"], {"k": (1, 2)}))
    pid, values, mapping = job.result()
    assert pid != parent
    assert values == [1.5, float("inf"), "ä"] and mapping == {"k": (1, 2)}


def test_a_big_result_crosses_the_pipe_whole(two_cores: None) -> None:
    big = [float(i) / 7 for i in range(300_000)]          # several MB pickled: many pipe buffers
    assert parallel.beside(lambda: big).result() == big


def test_not_wanted_runs_the_job_in_the_parent_when_asked(two_cores: None) -> None:
    calls: list[int] = []
    job = parallel.beside(lambda: calls.append(os.getpid()) or "done", wanted=False)
    assert calls == []                                    # nothing ran yet: the job waits for result()
    assert job.result() == "done" and calls == [os.getpid()]


def test_a_child_that_fails_is_replaced_by_the_parent_running_the_job(two_cores: None) -> None:
    parent = os.getpid()

    def job() -> str:
        if os.getpid() != parent:
            os._exit(3)                                   # the child dies without a result
        return "computed here"

    assert parallel.beside(job).result() == "computed here"


def test_the_jobs_error_is_raised_by_the_parent_with_its_own_traceback(two_cores: None) -> None:
    def job() -> None:
        raise ValueError("bad input 42")

    pending = parallel.beside(job)
    with pytest.raises(ValueError, match="bad input 42"):
        pending.result()


def test_cancel_stops_the_child_at_once(two_cores: None) -> None:
    pending = parallel.beside(lambda: time.sleep(60))
    t = time.monotonic()
    pending.cancel()
    assert time.monotonic() - t < 5
    pending.cancel()                                      # a second cancel is harmless


def test_compare_jobs_1_keeps_everything_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPARE_JOBS", "1")
    assert parallel.workers() == 1
    parent = os.getpid()
    assert parallel.beside(lambda: os.getpid()).result() == parent
    monkeypatch.setenv("COMPARE_JOBS", "lots")           # not a number: the machine's cores
    assert parallel.workers() >= 1


def test_leaving_the_block_unread_stops_the_child(two_cores: None) -> None:
    t = time.monotonic()
    with pytest.raises(RuntimeError, match="parent failed"):
        with parallel.beside(lambda: time.sleep(60)) as pending:
            raise RuntimeError("parent failed")
    assert time.monotonic() - t < 5
    with parallel.beside(lambda: 7) as done:
        assert done.result() == 7                          # read inside the block: leaving it is harmless
