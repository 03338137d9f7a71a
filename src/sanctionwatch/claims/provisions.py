"""The UNSC DPRK measures (data/provisions.csv): which provisions a claim would breach."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("sanctionwatch") / "data"))


@cache
def table() -> list[dict[str, str]]:
    with (DATA / "provisions.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def provisions_for(category: str, supplier: str | None, recipient: str | None) -> list[str]:
    """Provisions breached by ``category`` moving from ``supplier`` to ``recipient``.

    ``to_kp`` rows apply when the DPRK receives, ``from_kp`` rows when it supplies, ``any`` rows
    whenever the DPRK is a party. Food into the DPRK is not prohibited: it gets none.
    """
    into, out_of = recipient == "KP", supplier == "KP"
    if not (into or out_of):
        return []
    found = []
    for row in table():
        if row["category"] != category:
            continue
        direction = row["direction"]
        if (direction == "to_kp" and into) or (direction == "from_kp" and out_of) or direction == "any":
            found.append(row["provision"])
    return list(dict.fromkeys(found))


def measure(provision: str) -> str:
    """The measure a provision id stands for, for reports."""
    for row in table():
        if row["provision"] == provision:
            return row["measure"]
    return ""
