"""Progress reports: one callback shape for every stage of a run.

A library function that takes ``progress`` calls ``progress(stage, done, total)``: ``stage`` names the step
(one of :data:`STAGES`), ``done`` of ``total`` units are finished (``total`` is 0 when unknown). The command line
draws it on standard error when that is a terminal; tests and other callers can record it.
"""

from __future__ import annotations

from typing import Callable, Optional

STAGES = ("load", "analyse", "align", "judge", "quotes", "timeline", "render")

Progress = Callable[[str, int, int], None]


def stage_callback(progress: Optional[Progress], stage: str) -> Optional[Callable[[int, int], None]]:
    """A ``(done, total)`` callback for one stage, for the stages that report only counts (``align``)."""
    if progress is None:
        return None
    report = progress

    def update(done: int, total: int) -> None:
        report(stage, done, total)

    return update
