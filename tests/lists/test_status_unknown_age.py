"""A list whose file gives no date, never checked with its publisher, is of unknown age: stale,
and the warning says why (it read 'age 0, current' from the time it was loaded)."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.status import list_status, stale_warning
from sanctionwatch.lists.store import Store
from tests.lists.fixtures import write_ofac_set


def test_an_undated_list_loaded_by_hand_is_stale(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [write_ofac_set(tmp_path / "ofac")])
        (status,) = list_status(store)
        assert status.list == "us_ofac_sdn" and status.list_date == ""
        assert status.stale and status.current_as_of == ""
        message = stale_warning([status])
        assert message is not None and "no list date" in message
