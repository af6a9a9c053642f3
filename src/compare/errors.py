"""The exception types the command line turns into one line on standard error and exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """A document or an option the user gave cannot be used.

    The message is shown to the user as it is, on one line, so it should say what is wrong and what to do
    (for example: ``"notes.pdf: binary file (NUL bytes); convert it to text first, e.g. pdftotext notes.pdf"``).
    """


class OutputError(InputError):
    """The output cannot be written (a full disk, a read-only folder, a closed standard output).

    Like :class:`InputError` it says what to do, and the command exits with status 2.
    """
