"""What the endpoints do, kept out of the routes: the store, the index and the matcher, opened once."""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from sanctionwatch.api.models import SCHEMA_KINDS, EntityExample
from sanctionwatch.api.security import ApiError
from sanctionwatch.lists.bundled import ensure_lists
from sanctionwatch.lists.export import to_ftm
from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.index import Subject, load_index
from sanctionwatch.screening.matcher import Match, Matcher
from sanctionwatch.screening.query import make_query

MATCHER_INFO = {
    "name": "sanctionwatch",
    "description": "transliteration-aware matcher with explained evidence",
}


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


class Service:
    def __init__(self, db: Path) -> None:
        self.store = Store(db, read_only=True)
        if self.store.is_empty():
            # first use: load the bundled lists, then serve from a read-only connection
            self.store.close()
            with Store(db) as store:
                ensure_lists(store)
            self.store = Store(db, read_only=True)
        index = load_index(self.store)
        self.lock = threading.Lock()
        self.matcher = Matcher(index)
        self.lookup = VesselLookup.from_index(index)
        self.names: dict[int, list[str]] = defaultdict(list)
        for name_id, subject in enumerate(index.name_subject):
            text = index.name_text[name_id]
            if text not in self.names[subject]:
                self.names[subject].append(text)
        self.numbers = {subject.id: number for number, subject in enumerate(index.subjects)}
        self.datasets = sorted({d for subject in index.subjects for d in subject.datasets})
        with self.lock:
            self.list_dates = dict(
                self.store.con.execute(
                    "SELECT dataset, max(list_date) FROM loads GROUP BY dataset"
                ).fetchall()
            )

    def close(self) -> None:
        self.store.close()

    # -- matching -------------------------------------------------------------------------------
    def match(
        self, dataset: str, example: EntityExample, threshold: float, cutoff: float, limit: int
    ) -> dict[str, Any]:
        if dataset != "default" and dataset not in self.datasets:
            raise ApiError(404, f"no dataset {dataset!r}; use 'default' or one of {', '.join(self.datasets)}")
        properties = example.properties
        names = properties.get("name", []) + properties.get("alias", [])
        imo = _first(properties.get("imoNumber"))
        if not names and not imo:
            raise ApiError(400, "a query needs a 'name' property (or 'imoNumber' for a vessel)")
        dob = _first(properties.get("birthDate"))
        country = _first(
            properties.get("nationality") or properties.get("country") or properties.get("jurisdiction")
        )
        kind = SCHEMA_KINDS[example.schema_]
        best: dict[str, Match] = {}
        for name in names or [""]:
            query = make_query(name, kind, imo, dob[:10] if dob else None, country)
            for match in self.matcher.screen(query, threshold=cutoff, limit=limit * 4):
                if dataset != "default" and dataset not in match.subject.datasets:
                    continue
                if match.subject.id not in best or match.score > best[match.subject.id].score:
                    best[match.subject.id] = match
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.subject.id))[:limit]
        return {
            "status": 200,
            "results": [self.result(match, threshold) for match in ranked],
            "total": {"value": len(ranked), "relation": "eq"},
            "query": example.model_dump(by_alias=True),
        }

    def properties(self, subject: Subject) -> dict[str, list[str]]:
        names = self.names.get(self.numbers[subject.id], [])
        found = {
            "name": [subject.caption],
            "alias": [n for n in names if n != subject.caption],
            "birthDate": subject.birth_dates,
            "country": subject.countries,
            "imoNumber": subject.imo,
            "mmsi": subject.mmsi,
            "topics": ["sanction"],
        }
        return {key: value for key, value in found.items() if value}

    def result(self, match: Match, threshold: float) -> dict[str, Any]:
        subject = match.subject
        return {
            "id": subject.id,
            "schema": subject.schema,
            "caption": subject.caption,
            "properties": self.properties(subject),
            "datasets": subject.datasets,
            "referents": subject.refs,
            "target": True,
            "score": round(match.score, 3),
            "match": match.score >= threshold,
            "features": {item["feature"]: item["effect"] for item in match.explanation.get("evidence", [])},
            "explanations": match.explanation,
        }

    def search(self, text: str, schema: str, limit: int) -> dict[str, Any]:
        kind = SCHEMA_KINDS.get(schema, "any")
        matches = self.matcher.screen(make_query(text, kind), threshold=0.6, limit=limit)
        return {
            "query": text,
            "total": {"value": len(matches), "relation": "eq"},
            "results": [self.result(m, 0.8) for m in matches],
        }

    # -- store ----------------------------------------------------------------------------------
    def entity(self, reference: str) -> dict[str, Any]:
        with self.lock:
            records = self.store.find(reference)
        if not records:
            raise ApiError(404, f"no entity with id or list reference {reference!r}")
        records.sort(key=lambda r: r.id != r.canonical_id)
        return to_ftm(records)

    def run_data(self) -> dict[str, Any]:
        from sanctionwatch.cases.run import load
        from sanctionwatch.errors import StoreError

        try:
            with self.lock:
                return load(self.store)
        except StoreError as exc:
            raise ApiError(404, str(exc)) from exc
