"""Scores do not depend on the process: the same query gives the same float in any run.

Python salts the hash of every string per process, so a set of words is walked in a different
order each run; rarity weights summed in that order differed in their last bits, enough to put
a score on either side of a threshold in principle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

QUERIES = [
    ("Korea Mining Development Trading Corp.", "organization"),
    ("Ocean Maritme Management Company", "organization"),
    ("Foreign Trade Bank of the DPRK", "organization"),
    ("Korea United Development Bank", "organization"),
    ("Daedong Credit Bank Pyongyang", "organization"),
    ("Reconnaissance General Bureau", "organization"),
]
SCRIPT = """
import json, sys
from sanctionwatch.lists.store import Store
from sanctionwatch.screening.query import make_query
from sanctionwatch.screening.service import open_matcher
with Store(sys.argv[1], read_only=True) as store:
    matcher = open_matcher(store)
queries = json.loads(sys.argv[2])
found = [matcher.screen(make_query(n, type=k), threshold=0.3) for n, k in queries]
print(json.dumps([[(m.subject.id, repr(m.score)) for m in matches] for matches in found]))
"""


def _scores(db: Path, seed: str) -> list[list[list[str]]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), json.dumps(QUERIES)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


def test_organisation_scores_are_the_same_float_in_any_process(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"  # a copy of its own: the shared store is never touched
    db.write_bytes(bundled_db.read_bytes())
    first, second, third = (_scores(db, seed) for seed in ("1", "2", "3"))
    assert any(first), "the queries should find candidates"
    assert first == second == third
