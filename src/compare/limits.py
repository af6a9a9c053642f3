"""The input limits every command enforces, in a module of their own so that the command line can show them
(``--help``) without importing the loader."""

# The largest document read by default (bytes): a document is read whole into memory, and a larger file is more
# often a mistake (a database dump, a disc image) than an account. ``--max-bytes`` raises it.
DEFAULT_MAX_BYTES = 50_000_000
# The largest ``--max-bytes`` accepted (2 GiB).
MAX_BYTES_CEILING = 2 ** 31
