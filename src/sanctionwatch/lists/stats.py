"""Statistics of the loaded lists: what a user checks first after a load."""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import duckdb

from sanctionwatch.lists.linking import IMPLEMENTS_UN, Conflict, link
from sanctionwatch.lists.store import Store

DPRK_PROGRAMS = ("DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA")


def list_stats(store: Store) -> dict[str, Any]:
    """Records per list and schema, DPRK-related counts, vessels with IMO numbers, list dates."""
    con = store.con
    lists: dict[str, dict[str, Any]] = {}
    for dataset, list_date, source, sha in con.execute(
        "SELECT dataset, arg_max(list_date, loaded_at), arg_max(source_file, loaded_at),"
        " arg_max(sha256, loaded_at) FROM loads GROUP BY dataset ORDER BY dataset"
    ).fetchall():
        lists[dataset] = {
            "list_date": list_date,
            "source_file": source,
            "sha256": sha,
            "records": 0,
            "schemata": {},
            "dprk": 0,
            "vessels_with_imo": 0,
        }
    for dataset, schema, count in con.execute(
        "SELECT dataset, schema, count(*) FROM entities GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        entry = lists.setdefault(dataset, {"records": 0, "schemata": {}, "dprk": 0, "vessels_with_imo": 0})
        entry["schemata"][schema] = count
        entry["records"] += count
    for dataset, dprk, vessels in con.execute(
        "SELECT dataset, count(*) FILTER (WHERE dprk),"
        " count(*) FILTER (WHERE schema = 'Vessel' AND len(imo) > 0) FROM entities GROUP BY dataset"
    ).fetchall():
        lists[dataset]["dprk"] = dprk
        lists[dataset]["vessels_with_imo"] = vessels
    programs = ", ".join(f"'{p}'" for p in DPRK_PROGRAMS)
    ofac_row = con.execute(
        f"SELECT count(*) FILTER (WHERE len(list_intersect(programs, [{programs}])) > 0),"
        " count(*) FILTER (WHERE list_contains(programs, 'NPWMD')"
        f" AND len(list_intersect(programs, [{programs}])) = 0 AND list_contains(nationalities, 'kp'))"
        " FROM entities WHERE dataset = 'us_ofac_sdn'"
    ).fetchone()
    un_row = con.execute(
        "SELECT count(*) FROM entities WHERE dataset = 'un_sc' AND list_contains(programs, 'DPRK')"
    ).fetchone()
    canonical = con.execute(
        "SELECT count(DISTINCT canonical_id), count(DISTINCT canonical_id) FILTER (WHERE dprk) FROM entities"
    ).fetchone()
    return {
        "lists": lists,
        "dprk": {
            "un_list_type_dprk": un_row[0] if un_row else 0,
            "ofac_dprk_programs": ofac_row[0] if ofac_row else 0,
            "ofac_npwmd_north_korean": ofac_row[1] if ofac_row else 0,
        },
        "total_records": sum(entry["records"] for entry in lists.values()),
        "canonical_entities": canonical[0] if canonical else 0,
        "canonical_dprk_entities": canonical[1] if canonical else 0,
        **linking_stats(store),
    }


def list_conflicts(store: Store) -> list[Conflict]:
    """Every citation, identifier or name link the linker refused, with both records: as the last
    load kept them, or linked again for a store written before loads kept them."""
    kept = store.refused_links()
    if kept is not None:
        return kept
    conflicts = link(list(store.entities())).conflicts
    if not store.read_only:
        with contextlib.suppress(duckdb.Error):  # kept for next time; another process may hold it
            store.keep_refusals(conflicts)
    return conflicts


def linking_stats(store: Store) -> dict[str, Any]:
    """How many UN records have their twin on each list that implements the UN list, and how many
    links the linker refused, by reason."""
    con = store.con
    twins = {}
    for dataset in IMPLEMENTS_UN:
        row = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE canonical_id IN"
            " (SELECT canonical_id FROM entities WHERE dataset = ?)) FROM entities WHERE dataset = 'un_sc'",
            [dataset],
        ).fetchone()
        twins[dataset] = row[1] if row else 0
    un_row = con.execute("SELECT count(*) FROM entities WHERE dataset = 'un_sc'").fetchone()
    refused = Counter(conflict.reason for conflict in list_conflicts(store))
    return {
        "un_records": un_row[0] if un_row else 0,
        "un_records_with_twin": twins,
        "refused_links": dict(sorted(refused.items())),
    }
