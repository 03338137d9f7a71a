from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.lists.store import Store
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.service import open_matcher


@pytest.fixture(scope="session")
def matcher(bundled_db: Path) -> Matcher:
    with Store(bundled_db, read_only=True) as store:  # shared: no test may change it
        return open_matcher(store)
