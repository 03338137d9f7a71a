"""Tables that stay readable at 80 columns.

rich fits a table that is too wide by narrowing its widest columns evenly and cutting what no
longer fits with an ellipsis: at 80 columns that hid the values an analyst acts on ("corrobor…",
"OFAC-11…", birth dates). Here each column gets at least its longest word (its longest value for
the columns whose values must stay whole: ids, references, dates) and the rest of the width goes
to the columns with the most text, which wrap at spaces; a value is broken across lines only when
the terminal is too narrow even for that, and never cut. One record is shown as a list of fields,
which fits any width."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Column, Table
from rich.text import Text

#: The longest word a wrapping column is widened for; longer ones (paths, URLs) are broken.
LONG_WORD = 24


@dataclass(frozen=True)
class Whole:
    """A column header whose values stay on one line (ids, references, dates, categories)."""

    header: str


def whole(header: str) -> Whole:
    return Whole(header)


@dataclass
class Fitted:
    """A table of text cells laid out for the width it is printed at (see the module's note)."""

    headers: list[str | Whole]
    title: str | None = None
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def widths(self, width: int) -> list[int] | None:
        """Each column's width for a table ``width`` cells wide; None when even the shortest do
        not fit (rich then narrows every column)."""
        room = width - 3 * len(self.headers) - 1  # a border and a space either side of each value
        shortest, longest = [], []
        for index, header in enumerate(self.headers):
            name = header.header if isinstance(header, Whole) else header
            texts = [name] + [row[index] for row in self.rows]
            lines = [line for text in texts for line in text.splitlines()] or [""]
            longest.append(max(cell_len(line) for line in lines))
            if isinstance(header, Whole):
                low = max(cell_len(line) for line in lines)
            else:  # a word longer than LONG_WORD (a path, a URL) is broken rather than widen its column
                low = min(LONG_WORD, max(cell_len(word) for line in lines for word in line.split() or [""]))
            shortest.append(max([low] + [cell_len(word) for word in name.split()]))
        if sum(longest) <= room:
            return longest
        if sum(shortest) > room:
            return None
        spare = room - sum(shortest)
        wanted = [high - low for low, high in zip(shortest, longest, strict=True)]
        total = sum(wanted)
        widths = [low + spare * want // total for low, want in zip(shortest, wanted, strict=True)]
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fitted = self.widths(options.max_width)
        widths: list[int | None] = list(fitted) if fitted else [None] * len(self.headers)
        columns = [
            Column(
                header.header if isinstance(header, Whole) else header,
                width=width,
                overflow="fold",
                no_wrap=isinstance(header, Whole) and width is not None,
            )
            for header, width in zip(self.headers, widths, strict=True)
        ]
        table = Table(*columns, title=Text(self.title) if self.title else None)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))  # plain text: "[DPRK]" is no markup
        yield table


def table(*headers: str | Whole, title: str | None = None) -> Fitted:
    """A table whose values wrap, never cut; ``whole(header)`` for a column kept on one line."""
    return Fitted(list(headers), title)


def fields(rows: Iterable[tuple[str, RenderableType]], title: str | None = None) -> Table:
    """One record as "field  value" lines: readable at any width, values wrapped, never cut;
    empty fields are left out."""
    grid = Table(
        Column(style="bold", no_wrap=True),
        Column(overflow="fold"),
        title=Text(title) if title else None,
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 2, 0, 0),
    )
    for name, value in rows:
        if value not in ("", None):  # plain text: a value like "[DPRK]" is no markup
            grid.add_row(name, Text(value) if isinstance(value, str) else value)
    return grid


def lines(values: Iterable[str]) -> str:
    """Items of a list one per line, so that each stays whole in a narrow column."""
    return "\n".join(values)
