"""FollowTheMoney entity files (JSON lines, as OpenSanctions publishes them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ParseError
from sanctionwatch.files import plain_name, text_stream
from sanctionwatch.lists.identifiers import find_imo
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


class FtmReader(ListReader):
    format = "ftm"
    dataset = "ftm"
    title = "FollowTheMoney entities"

    def detect(self, path: Path, head: bytes) -> bool:
        return head.lstrip()[:1] == b"{" and b'"schema"' in head

    def read(self, path: Path) -> ListFile:
        default_dataset = plain_name(path).split(".")[0] or self.dataset
        entities = []
        with text_stream(path, "utf-8") as handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        entities.append(self._entity(path, number, line, default_dataset))
            except UnicodeDecodeError as exc:
                raise ParseError(path, "text", f"not UTF-8 ({exc.reason})") from exc
        return ListFile(path, self.format, default_dataset, "", entities)

    def _entity(self, path: Path, number: int, line: str, dataset: str) -> ListEntity:
        from followthemoney import model
        from followthemoney.exc import InvalidData

        where = f"line {number}"
        try:
            data: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(path, where, f"broken JSON ({exc.msg})") from exc
        if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
            raise ParseError(path, where, "an FtM entity needs 'id' and 'schema'")
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except (InvalidData, TypeError, ValueError) as exc:
            raise ParseError(path, where, f"not a FollowTheMoney entity ({exc})") from exc
        names = proxy.get("name")
        if not names:
            raise ParseError(path, where, f"entity {proxy.id} has no name")
        datasets = data.get("datasets") or [dataset]
        referents = [r for r in data.get("referents", []) if r]
        entity = ListEntity(
            id=str(proxy.id),
            schema=proxy.schema.name,
            dataset=str(datasets[0]),
            ref=referents[0] if referents else str(proxy.id),
            name=names[0],
            notes=" ".join(proxy.get("notes")),
        )
        entity.add("aliases", *names[1:])
        for prop, attribute in ATTRIBUTE_BY_PROPERTY.items():
            if prop in proxy.schema.properties:
                entity.add(attribute, *proxy.get(prop))
        entity.imo = [found for value in entity.imo if (found := find_imo(value))]  # FtM writes "IMO9179842"
        entity.add("xrefs", *referents[1:])
        entity.dprk = bool(data.get("dprk")) or "kp" in (
            *entity.nationalities,
            *entity.countries,
            *entity.flags,
        )
        return entity.finish()
