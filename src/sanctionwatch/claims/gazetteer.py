"""The DPRK-linked people and organisations on the bundled lists, as parties mapped to their state.

A sentence naming the Korea Mining Development Trading Corporation or a Dandong front company
names a party to the transfer, whose state is the entity's nationality or country. Reading the four
snapshots takes seconds, so the names are generated once into ``data/claims/list_parties.csv``
(``python -m sanctionwatch.claims.gazetteer``); a test checks the file against the snapshots.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from sanctionwatch.lists.model import ListEntity

PARTY_SCHEMAS = {"Person", "Organization", "Company", "LegalEntity"}
SMALL_WORDS = {"of", "the", "and", "for", "de", "in", "on", "at"}
#: Words of institutional names that say nothing of whose institution it is.
GENERIC = {
    "ministry",
    "of",
    "the",
    "defence",
    "defense",
    "people's",
    "peoples",
    "armed",
    "forces",
    "force",
    "army",
    "navy",
    "air",
    "strategic",
    "rocket",
    "general",
    "bureau",
    "department",
    "committee",
    "bank",
    "trading",
    "trade",
    "company",
    "corporation",
    "corp",
    "co",
    "ltd",
    "limited",
    "international",
    "group",
    "industry",
    "industrial",
    "machine",
    "machinery",
    "chemical",
    "shipping",
    "and",
    "center",
    "centre",
    "commission",
    "office",
    "state",
    "security",
    "national",
    "foreign",
    "academy",
    "science",
    "sciences",
    "workers'",
    "party",
    "central",
    "military",
    "political",
    "economic",
    "reconnaissance",
    "munitions",
    "development",
    "investment",
    "joint",
    "venture",
    "public",
    "services",
    "service",
}
#: Names this short are too likely to be ordinary words or initials ("RGB" is kept: see _variants).
MIN_LENGTH = 5


def state_of(entity: ListEntity) -> str | None:
    """The state an entity stands for: its nationality, else its country."""
    codes = entity.nationalities or entity.countries
    return codes[0].upper() if codes else None


def list_parties(entities: Iterable[ListEntity]) -> list[tuple[str, str]]:
    """(name as written in text, state) for every DPRK-programme person and organisation, and
    every listed vessel under the DPRK flag ("the tanker Yu Jong 2" is the DPRK's side of a
    transfer; a listed ship under another flag names no state)."""
    rows: dict[str, str] = {}
    for entity in entities:
        state = state_of(entity) if entity.schema in PARTY_SCHEMAS else _flag_state(entity)
        if not entity.dprk or state is None:
            continue
        for name in (entity.name, *entity.aliases):
            for variant in _variants(name, entity.schema == "Person"):
                rows.setdefault(variant, state)
    return sorted(rows.items())


def _flag_state(entity: ListEntity) -> str | None:
    return "KP" if entity.schema == "Vessel" and "kp" in (f.lower() for f in entity.flags) else None


def _variants(name: str, person: bool) -> list[str]:
    """The ways a listed name appears in running text: "KOREA KWANGSON BANKING CORP" as "Korea
    Kwangson Banking Corp"; "YUN HO-JIN" as "Yun Ho-jin" and "Yun Ho Jin"; "KIM, Chol" as "Kim
    Chol"; acronyms as they are. Names made only of generic words ("Ministry of Defence") are left
    out: they would make every state's ministry a DPRK one."""
    name = " ".join(name.replace("’", "'").split())
    name = name.replace(",", "") if person else name.split(",")[0].strip()
    if "(" in name or len(name) < 3:
        return []
    words = name.split()
    if len(words) == 1 and name.isupper() and name.isalpha() and 4 <= len(name) <= 8:
        return [name]  # an acronym: KOMID, KKBC
    if len(name) < MIN_LENGTH or all(w.lower().strip(".'") in GENERIC for w in words):
        return []
    words = [
        _title(word, first=index == 0) if word.isupper() and len(word) > 1 else word
        for index, word in enumerate(words)
    ]
    cased = " ".join(words)
    spaced = re.sub(r"-(\w)", lambda match: " " + match.group(1).upper(), cased)
    return list(dict.fromkeys([cased, spaced]))


def _title(word: str, first: bool) -> str:
    if word.lower() in SMALL_WORDS and not first:
        return word.lower()
    return "-".join(
        part[:1].upper() + part[1:].lower() if index == 0 else part.lower()
        for index, part in enumerate(word.split("-"))
    )


def bundled_list_parties() -> list[tuple[str, str]]:
    """The parties of every bundled list snapshot."""
    from sanctionwatch.lists.bundled import snapshots
    from sanctionwatch.lists.readers import read_list

    entities: list[ListEntity] = []
    for snapshot in snapshots():
        entities.extend(read_list(snapshot.path, snapshot.format).entities)
    return list_parties(entities)


def as_csv(rows: list[tuple[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["phrase", "party"])
    writer.writerows(rows)
    return buffer.getvalue()


def write(path: Path) -> int:
    rows = bundled_list_parties()
    path.write_text(as_csv(rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    from sanctionwatch.claims.lexicon import DATA

    print(write(DATA / "list_parties.csv"), "names")
