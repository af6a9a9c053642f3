"""``python -m compare`` runs the command line."""

import _signal  # type: ignore[import-not-found]

_signal.signal(_signal.SIGINT, _signal.SIG_DFL)  # Ctrl-C while the tool is imported: quiet exit 130

from .cli import run  # noqa: E402

if __name__ == "__main__":
    run()
