"""The one exception hierarchy of sanctionwatch.

    SanctionwatchError          anything sanctionwatch reports to the user on purpose
     ├── InputError             a file or value the user gave cannot be used
     │    ├── FormatError       the format is unknown or cannot be detected
     │    └── ParseError        a record in a known format cannot be read
     ├── QueryError             a query that cannot be answered (no name, bad identifier)
     ├── StoreError             the database cannot be opened or holds no such thing
     ├── FetchError             a list cannot be downloaded from its publisher
     └── ConfigError            a setting that makes no sense

Every message says what to fix. The CLI prints it on one line and exits with status 2.
"""

from __future__ import annotations

from pathlib import Path


class SanctionwatchError(Exception):
    """Base class of every error sanctionwatch raises on purpose."""


class InputError(SanctionwatchError):
    """A file or value given by the user cannot be used."""


class FormatError(InputError):
    """The format of a file is unknown or cannot be detected."""


class ParseError(InputError):
    """A record in a file of a known format cannot be read.

    The message names the file and the line (or record) so that the user can find it.
    """

    def __init__(self, path: str | Path, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}, {where}: {problem}")


class QueryError(SanctionwatchError):
    """A query that cannot be answered as given.

    ``field`` names the query field at fault (``dob``, ``imo``, ``name``...), when one is, so that
    the API can point at it (a 422 naming the field) and a batch at its column.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class StoreError(SanctionwatchError):
    """The store cannot be opened, or does not hold what was asked for."""


class StoreBusy(StoreError):
    """Another process holds the store for writing (DuckDB allows one writer per file): a
    command that only reads can still open it read-only."""


class ConfigError(SanctionwatchError):
    """A setting (environment variable or option) that makes no sense."""


class FetchError(SanctionwatchError):
    """A list could not be downloaded from its publisher (or read from the path given for it).

    The message names the source and its URL, and says what to do: check the URL (and the
    setting that gives it), or try again later."""
