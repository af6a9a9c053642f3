"""The ``compare`` console script's first step: Ctrl-C while Python imports the tool ends it quietly.

This module imports nothing but :mod:`signal`, so the console script reaches :func:`main` almost at once.
Until :func:`compare.cli.main` takes over, Ctrl-C has its default action (the process ends with status 130,
as the shell reports it, and no traceback); after that it is handled (status 130, temporary files removed).
"""

import signal


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from compare.cli import main as run

    run()
