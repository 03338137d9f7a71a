"""FollowTheMoney entity files (JSON lines, as OpenSanctions publishes them) and their deltas.

Lenient and loud: an entity that cannot be screened (Address, Payment, Ownership, Sanction...)
is kept as related data of the entities it points to or that point to it; an entity with no
name is kept the same way and counted; neither is fatal to the file. What cannot be read as an
FtM entity (broken JSON, an unknown schema or property, a field of the wrong type) is an error
naming the line. Every property of an entity is kept as written (``ListEntity.properties``), so
that an export loaded and exported again gives the same entities.

A file loads into its own dataset: ``--dataset``, else its own name (``zala.entities.ftm.json``
loads as ``zala``), never into a dataset its lines name. A delta file
(``t2_20240527194702-wnk.entities.delta.json``: one ``{"op": "ADD"|"MOD"|"DEL", "entity": ...}``
per line) changes the dataset named before its version (``t2``) instead of replacing it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ParseError
from sanctionwatch.files import plain_name, text_stream
from sanctionwatch.lists.identifiers import find_imo
from sanctionwatch.lists.ids import clean_id
from sanctionwatch.lists.model import IDENTIFIER_PROPERTIES, ListEntity
from sanctionwatch.lists.readers.base import ListFile, ListReader

ATTRIBUTE_BY_PROPERTY = {
    "alias": "aliases",
    "previousName": "aliases",
    "weakAlias": "weak_aliases",
    "birthDate": "birth_dates",
    "nationality": "nationalities",
    "citizenship": "nationalities",
    "country": "countries",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "callSign": "call_signs",
    "passportNumber": "passports",
    "swiftBic": "swift",
    "registrationNumber": "registrations",
    "flag": "flags",
    "program": "programs",
}
assert set(IDENTIFIER_PROPERTIES.values()) - {"idNumber"} <= set(ATTRIBUTE_BY_PROPERTY)
#: Schemata whose entities are screened; every other schema is related data.
SCREENED_BASES = ("LegalEntity", "Vessel", "Airplane")
#: The keyword an export writes on DPRK-related entities (FtM's ``keywords`` property).
DPRK_KEYWORD = "sanctionwatch:dprk"
_VERSION = re.compile(r"[_.-]\d{14}-[0-9a-z]+$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
OPS = ("ADD", "MOD", "DEL")
NO_NAME = "entities without a name (kept as related data, not screened)"
BAD_DATES = "birth dates that are not dates (kept in the entity, not used for matching)"


def dataset_name(path: Path) -> str:
    """The dataset a file loads into by default: its own name, without a delta's version."""
    stem = plain_name(path).split(".")[0]
    stem = _VERSION.sub("", stem)
    return re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "ftm"


def is_delta(path: Path) -> bool:
    return ".delta." in plain_name(path).lower()


def is_screened(schema_name: str) -> bool:
    from followthemoney import model

    schema = model.get(schema_name)
    return schema is not None and any(schema.is_a(base) for base in SCREENED_BASES)


class FtmReader(ListReader):
    format = "ftm"
    dataset = "ftm"
    title = "FollowTheMoney entities"

    def detect(self, path: Path, head: bytes) -> bool:
        start = head.lstrip()[:1] == b"{"
        return start and (b'"schema"' in head or (b'"op"' in head and b'"entity"' in head))

    def read(self, path: Path) -> ListFile:
        return self.read_as(path, None)

    def read_as(self, path: Path, dataset: str | None) -> ListFile:
        """Read the file into ``dataset`` (its own name when None)."""
        dataset = dataset or dataset_name(path)
        delta = is_delta(path)
        result = ListFile(path, self.format, dataset, "", [], delta=delta)
        # the latest version of each entity, in the order first seen; None once deleted
        latest: dict[str, tuple[int, dict[str, Any]] | None] = {}
        with text_stream(path, "utf-8-sig") as handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    data = _json(path, number, line)
                    if delta:
                        op, data = _operation(path, number, data)
                        if op == "DEL":
                            latest[_entity_id(path, number, data, dataset)] = None
                            continue
                    entity_id = _entity_id(path, number, data, dataset)
                    latest.pop(entity_id, None)  # MOD after ADD: the later version, in place of it
                    latest[entity_id] = (number, data)
            except UnicodeDecodeError as exc:
                raise ParseError(path, "text", f"not UTF-8 ({exc.reason})") from exc
        for entity_id, item in latest.items():
            if item is None:
                result.deleted.append(entity_id)
            else:
                self._keep(path, item[0], item[1], entity_id, result)
        return result

    def _keep(self, path: Path, number: int, data: dict[str, Any], entity_id: str, result: ListFile) -> None:
        """Add one FtM entity to ``result``: screened when it can be, related data otherwise."""
        from followthemoney import model

        where = f"line {number}"
        if not isinstance(data.get("schema"), str):
            raise ParseError(path, where, "an FtM entity needs a 'schema' (a string)")
        schema = model.get(data["schema"])
        if schema is None:
            raise ParseError(path, where, f"unknown FtM schema {data['schema']!r}")
        properties = _properties(path, where, data)
        for name in properties:
            if name not in schema.properties:
                raise ParseError(path, where, f"unknown property {schema.name}:{name}")
        datasets = _strings(path, where, data, "datasets")
        referents = _strings(path, where, data, "referents")
        names = [n for n in properties.get("name", []) if n.strip()]
        if not is_screened(schema.name) or not names:
            if is_screened(schema.name):
                result.count(NO_NAME)
            related = {key: value for key, value in data.items() if key != "id"}
            result.related.append({"id": entity_id, **related})
            return
        entity = ListEntity(
            id=entity_id,
            schema=schema.name,
            dataset=result.dataset,
            ref=entity_id,
            name=" ".join(names[0].split()),
            notes=" ".join(" ".join(properties.get("notes", [])).split()),
            datasets=datasets,
            referents=referents,
            properties=properties,
        )
        entity.add("aliases", *names[1:])
        for prop, attribute in ATTRIBUTE_BY_PROPERTY.items():
            if prop in schema.properties:
                entity.add(attribute, *properties.get(prop, []))
        entity.imo = [found for value in entity.imo if (found := find_imo(value))]  # "IMO9179842"
        valid = [value for value in entity.birth_dates if _is_date(value)]
        if len(valid) < len(entity.birth_dates):
            result.count(BAD_DATES, len(entity.birth_dates) - len(valid))
        entity.birth_dates = valid
        entity.nationalities = [code.lower() for code in entity.nationalities]
        entity.countries = [code.lower() for code in entity.countries]
        entity.flags = [code.lower() for code in entity.flags]
        entity.dprk = (
            bool(data.get("dprk"))  # exports written before the keyword
            or DPRK_KEYWORD in properties.get("keywords", [])
            or "kp" in (*entity.nationalities, *entity.countries, *entity.flags)
        )
        result.entities.append(entity.finish())


def _json(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(path, f"line {number}", f"broken JSON ({getattr(exc, 'msg', exc)})") from exc
    if not isinstance(data, dict):
        raise ParseError(path, f"line {number}", "expected a JSON object, one entity per line")
    return data


def _operation(path: Path, number: int, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The operation and entity of one line of a delta file."""
    op, entity = data.get("op"), data.get("entity")
    if op not in OPS or not isinstance(entity, dict):
        raise ParseError(path, f"line {number}", 'a delta line is {"op": "ADD"|"MOD"|"DEL", "entity": {...}}')
    return str(op), entity


def _entity_id(path: Path, number: int, data: dict[str, Any], dataset: str) -> str:
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ParseError(path, f"line {number}", "an FtM entity needs an 'id' (a string)")
    return clean_id(entity_id.strip(), dataset)


def _properties(path: Path, where: str, data: dict[str, Any]) -> dict[str, list[str]]:
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise ParseError(path, where, "'properties' must be an object of lists of strings")
    for name, values in properties.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ParseError(path, where, f"property {name!r} must be a list of strings")
    return properties


def _strings(path: Path, where: str, data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ParseError(path, where, f"'{key}' must be a list of strings, found {json.dumps(values)[:40]}")
    return list(values)


def _is_date(value: str) -> bool:
    """A partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) that is a real day, month or year."""
    if not _PARTIAL_DATE.match(value):
        return False
    parts = [int(part) for part in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True
