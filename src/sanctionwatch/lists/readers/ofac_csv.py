"""The OFAC SDN legacy CSV set: sdn.csv with alt.csv, add.csv and sdn_comments.csv beside it."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from sanctionwatch.errors import FormatError, ParseError
from sanctionwatch.files import plain_name, text_stream
from sanctionwatch.lists.countries import country_code, country_codes
from sanctionwatch.lists.dates import parse_dates
from sanctionwatch.lists.identifiers import find_imo
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader
from sanctionwatch.lists.related import related_entity

EMPTY = "-0-"
SDN_FIELDS = 12
SCHEMA_BY_TYPE = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "Organization",
}
COMPANIONS = {"alt": 5, "add": 6, "sdn_comments": 2}
REPEATED = "sdn.csv rows repeating an earlier row word for word (read once)"
#: Why companion rows are set aside, in a user's terms: OFAC publishes the four files
#: together, but a snapshot may pair an older sdn.csv with newer companions (the bundled
#: alt/add/comments are from 2025-12, sdn.csv from 2024-05), whose rows then name entries that
#: sdn.csv does not have yet. They cannot be attached to a record, so they are counted.
NEWER = "{stem}.csv rows for entries after the last of this sdn.csv ({top}): {stem}.csv is newer"
ORPHANS = "{stem}.csv rows for entries missing from this sdn.csv (delisted, or files of other days)"
#: FollowTheMoney's longest identifier
MAX_IDENTIFIER = 64
_FIELD_SPLIT = re.compile(r";\s+")
_LINKED_TO = re.compile(r"Linked To: ([^;]+)")
_WEAK_ALIAS = re.compile(r"^a\.k\.a\.\s+['‘’]?(.*?)['‘’]?\.?$")
_DPRK_PROGRAMS = ("DPRK",)
_NATIONALITY = re.compile(r"^(alt\.\s+)?(nationality|citizen)\s+", re.IGNORECASE)


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == EMPTY else cell


def read_rows(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    """Rows of a legacy OFAC CSV with their line numbers; the DOS EOF trailer is skipped."""
    with text_stream(path, "utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            for row in reader:
                if not row or (len(row) == 1 and row[0].strip("\x1a \r\n") == ""):
                    continue
                if len(row) != width:
                    raise ParseError(
                        path,
                        f"line {reader.line_num}",
                        f"expected {width} fields, found {len(row)}",
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise ParseError(path, f"line {reader.line_num}", f"broken CSV ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise ParseError(path, f"byte {exc.start}", "not UTF-8 text") from exc


def companion(path: Path, stem: str) -> Path | None:
    """The file of the set named ``stem`` beside ``path``, compressed the same way or not."""
    suffix = path.name[len(plain_name(path)) :]
    for candidate in (path.with_name(f"{stem}.csv{suffix}"), path.with_name(f"{stem}.csv")):
        if candidate.exists():
            return candidate
    return None


class OfacCsvReader(ListReader):
    format = "ofac-csv"
    dataset = "us_ofac_sdn"
    title = "US OFAC Specially Designated Nationals (SDN) List"
    authority = "US Treasury Office of Foreign Assets Control (OFAC)"
    source_url = "https://www.treasury.gov/ofac/downloads/sdn.csv"

    def detect(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0]
        try:
            row = next(csv.reader([first.decode("utf-8", "replace")]))
        except (csv.Error, StopIteration):
            return False
        if not row or not row[0].strip().isdigit():
            return False
        return len(row) in (SDN_FIELDS, *COMPANIONS.values()) or plain_name(path).startswith("sdn")

    def read(self, path: Path) -> ListFile:
        stem = plain_name(path).removesuffix(".csv")
        if stem in COMPANIONS:
            raise FormatError(
                f"{path}: this is the OFAC {stem}.csv companion file; load sdn.csv instead "
                "(alt.csv, add.csv and sdn_comments.csv are read from beside it)"
            )
        entities: dict[str, ListEntity] = {}
        remarks: dict[str, str] = {}
        first_seen: dict[str, tuple[int, list[str]]] = {}
        set_aside: dict[str, int] = {}
        for line, row in read_rows(path, SDN_FIELDS):
            ent_num = row[0].strip()
            if not (ent_num.isascii() and ent_num.isdigit()):
                raise ParseError(path, f"line {line}", f"entry number {ent_num!r} is not a number")
            if ent_num in first_seen:
                earlier, earlier_row = first_seen[ent_num]
                if earlier_row != row:
                    raise ParseError(
                        path,
                        f"line {line}",
                        f"entry number {ent_num} is on line {earlier} too, with other values;"
                        " an OFAC entry number names one record",
                    )
                set_aside[REPEATED] = set_aside.get(REPEATED, 0) + 1
                continue
            first_seen[ent_num] = (line, row)
            entities[ent_num] = self._primary(row)
            remarks[ent_num] = _value(row[11])
        parts = [path]
        for stem, row in self._companion_rows(path, parts, set_aside, set(remarks)):
            if stem == "sdn_comments":
                remarks[row[0].strip()] += _value(row[1])  # the Remarks went on past 1,000 characters
        for ent_num, text in remarks.items():
            self._remarks(entities[ent_num], text)
        for stem, row in self._companion_rows(path, parts, set_aside, set(entities), ("alt", "add")):
            entity = entities[row[0].strip()]
            if stem == "alt":
                entity.add("aliases", _value(row[3]))
            else:
                entity.add("countries", country_code(_value(row[4])))
        finished = []
        for entity in entities.values():
            entity.dprk = is_dprk(entity)
            finished.append(entity.finish())
        result = ListFile(path, self.format, self.dataset, "", finished, parts, set_aside)
        result.related = [self.sanction(entity) for entity in finished]
        owners = {number: _value(row[10]) for number, (_, row) in first_seen.items()}
        self._relations(result, owners, entities, _LINKED_TO.findall)
        return result

    def _relations(
        self,
        result: ListFile,
        owners: dict[str, str],
        entities: dict[str, ListEntity],
        linked_to: Callable[[str], list[str]],
    ) -> None:
        """The relationships the list states: "Linked To: NAME" in the remarks (``linked_to``
        finds the names in a record's notes), and a vessel's owner (``owners``, Vess_owner), where
        the name is that of exactly one record of the file."""
        by_name: dict[str, list[ListEntity]] = {}
        for entity in entities.values():
            by_name.setdefault(entity.name.casefold(), []).append(entity)
        for number, owner_name in owners.items():
            subject = entities[number]
            for name in linked_to(subject.notes):
                target = _only(by_name.get(name.strip().rstrip(".").casefold(), []), subject)
                if target is None:
                    result.count(
                        "'Linked To' names that are not one other record of this sdn.csv (kept in notes)"
                    )
                else:
                    result.related.append(self.link(subject, target, "Linked To"))
            if owner_name and subject.schema == "Vessel":
                owner = _only(by_name.get(owner_name.casefold(), []), subject)
                if owner is None:
                    result.count("vessel owners that are not a record of this sdn.csv (not linked)")
                else:
                    properties = {"owner": [owner.id], "asset": [subject.id], "role": ["Vess_owner"]}
                    result.related.append(
                        related_entity(f"{subject.id}-owner", "Ownership", self.dataset, properties)
                    )

    @staticmethod
    def _companion_rows(
        path: Path,
        parts: list[Path],
        set_aside: dict[str, int],
        known: set[str],
        stems: tuple[str, ...] = ("sdn_comments",),
    ) -> Iterator[tuple[str, list[str]]]:
        """Rows of the companion files beside ``path`` whose entry number has an sdn.csv record;
        the others are counted in ``set_aside``, never dropped silently."""
        top = max((int(number) for number in known), default=0)
        for stem in stems:
            file = companion(path, stem)
            if file is None:
                continue
            parts.append(file)
            for _, row in read_rows(file, COMPANIONS[stem]):
                if row[0].strip() in known:
                    yield stem, row
                else:
                    number = row[0].strip()
                    newer = number.isascii() and number.isdigit() and int(number) > top
                    key = (NEWER if newer else ORPHANS).format(stem=stem, top=top)
                    set_aside[key] = set_aside.get(key, 0) + 1

    def _primary(self, row: list[str]) -> ListEntity:
        ent_num = row[0].strip()
        kind = _value(row[2]).casefold()
        programs = [p.strip("[] ") for p in _value(row[3]).split("] [") if p.strip("[] ")]
        entity = ListEntity(
            id=self.entity_id(ent_num),
            schema=SCHEMA_BY_TYPE.get(kind, "LegalEntity"),
            dataset=self.dataset,
            ref=f"OFAC-{ent_num}",
            name=_value(row[1]),
            programs=programs,
            dprk=any(p.startswith(_DPRK_PROGRAMS) for p in programs),
        )
        entity.add("call_signs", _value(row[5]))
        entity.add("flags", country_code(_value(row[9])))
        return entity

    def _remarks(self, entity: ListEntity, remarks: str) -> None:
        """Fields written into Remarks: birth dates, nationality, identifiers, weak aliases."""
        entity.notes = remarks
        for field in _FIELD_SPLIT.split(remarks.strip().rstrip(".")):
            lower = field.casefold()
            if lower.startswith(("dob ", "alt. dob ")):
                entity.add("birth_dates", *parse_dates(field))
            elif lower.startswith(("nationality ", "alt. nationality ", "citizen ", "alt. citizen ")):
                entity.add("nationalities", *country_codes(_NATIONALITY.sub("", field)))
            elif lower.startswith("a.k.a. "):
                weak = _WEAK_ALIAS.match(field)
                if weak and weak[1]:
                    entity.add("weak_aliases", weak[1])
            elif lower.startswith("vessel registration identification"):
                entity.add("imo", find_imo(field))
            elif lower.startswith("mmsi "):
                entity.add("mmsi", field.split()[-1])
            elif lower.startswith(("passport ", "alt. passport ")):
                number = field.split("Passport", 1)[-1].split("passport", 1)[-1].split()
                entity.add("passports", number[0] if number else None)
            elif lower.startswith("swift/bic "):
                entity.add("swift", field.split()[-1])
            elif lower.startswith(("registration number ", "registration id ")):
                entity.add("registrations", _registration(field.split(" ", 2)[-1]))
            elif lower.startswith("vessel flag "):
                entity.add("flags", country_code(field[len("vessel flag ") :]))


def is_dprk(entity: ListEntity) -> bool:
    """A DPRK programme, a North Korean nationality or flag, or a North Korean address under
    the non-proliferation programme (about 40 DPRK records are listed under NPWMD alone)."""
    return (
        entity.dprk
        or "kp" in (*entity.nationalities, *entity.flags)
        or ("kp" in entity.countries and any(p == "NPWMD" for p in entity.programs))
    )


def _only(candidates: list[ListEntity], subject: ListEntity) -> ListEntity | None:
    """The one record a name names, other than the subject itself; None when none or several."""
    others = [entity for entity in candidates if entity is not subject]
    return others[0] if len(others) == 1 else None


def _registration(text: str) -> str | None:
    """A registration number as OFAC writes it, "1027700067328 (Russia)", without what follows
    the country: where sdn_comments.csv continues Remarks from another day, its text runs on."""
    if "(" in text and ")" in text:
        text = text[: text.index(")") + 1]
    return text if len(text) <= MAX_IDENTIFIER else None
