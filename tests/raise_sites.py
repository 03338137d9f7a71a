"""Which ``raise`` of a user-facing error class a test run reached, from a coverage data file.

    coverage run --data-file=.coverage.errors -m pytest tests/test_cli_errors.py -p no:randomly
    python -m tests.raise_sites .coverage.errors [--missed]

A site is the line a user-facing error is made on: ``raise XError(``, or ``return XError(`` in a
function that builds the error for its caller to raise (``lists/layout.py``'s ``StoreBusy``), for
every class of ``sanctionwatch/errors.py`` (each is a ``SanctionwatchError``, which the CLI turns
into one line and exit 2; the API's own ``ApiError`` statuses are counted apart). The classes are
read from the module, so a class added there is counted without editing this file.
docs/testing.md records the figures."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import sanctionwatch
from sanctionwatch import errors

SRC = Path(sanctionwatch.__file__).parent
USER_FACING = tuple(
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.SanctionwatchError)
)
_RAISE = re.compile(r"^\s*(?:raise|return) (\w+)\(")


def raise_sites(classes: tuple[str, ...] = USER_FACING) -> list[tuple[Path, int, str]]:
    """(file, line, class) of every ``raise`` (or ``return``, for a factory) of one of ``classes``
    under the package."""
    sites = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = _RAISE.match(line)
            if found and found.group(1) in classes:
                sites.append((path, number, found.group(1)))
    return sites


def reached(data_file: Path, sites: list[tuple[Path, int, str]]) -> set[tuple[Path, int]]:
    from coverage import CoverageData

    data = CoverageData(basename=str(data_file))
    data.read()
    hit: set[tuple[Path, int]] = set()
    for path in {site[0] for site in sites}:
        lines = set(data.lines(str(path.resolve())) or [])
        hit |= {(path, number) for p, number, _ in sites if p == path and number in lines}
    return hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_file", type=Path)
    parser.add_argument("--api", action="store_true", help="count the API's ApiError sites instead")
    parser.add_argument("--missed", action="store_true", help="list the sites no test reached")
    options = parser.parse_args()
    sites = raise_sites(("ApiError",) if options.api else USER_FACING)
    hit = reached(options.data_file, sites)
    print(f"{len(hit)} of {len(sites)} raise sites reached")
    if options.missed:
        for path, number, name in sites:
            if (path, number) not in hit:
                print(f"  {path.relative_to(SRC.parent)}:{number} {name}")


if __name__ == "__main__":
    main()
