"""The ``compare`` console script's first step: Ctrl-C while Python imports the tool ends it quietly.

This module imports only the built-in :mod:`_signal` (``signal`` itself imports ``enum`` and more), so the
console script reaches :func:`compare.cli.run` at once. Until it takes over, Ctrl-C has its default
action (the process ends by SIGINT, status 130 as the shell reports it, no traceback); after that it is
handled (status 130, temporary files removed).
"""

import _signal  # type: ignore[import-not-found]


def main() -> None:
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)
    from compare.cli import run

    run()
