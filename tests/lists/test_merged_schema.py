"""The schema of a subject that lists file under different schemata: the more specific one.

The UN lists a front company as an entity (FtM ``Organization``) and OFAC the same one as a
``Company``; merged, the subject is a Company, whichever record is canonical, so the export keeps
the Company-only properties and the API shows the schema an analyst expects. A sampled mutmut run
over ``lists/`` (issue 27, docs/testing.md) found the merge always keeping the first record's
schema alive: no test merged two records of different schemata.
"""

from __future__ import annotations

import pytest

from sanctionwatch.lists.export import merged_schema, to_ftm
from sanctionwatch.lists.model import ListEntity


def _record(schema: str, dataset: str, ref: str) -> ListEntity:
    name = "KOREA RYONBONG GENERAL CORPORATION"
    return ListEntity(id=f"{dataset}-{ref}", schema=schema, dataset=dataset, ref=ref, name=name)


@pytest.mark.parametrize("order", [("Organization", "Company"), ("Company", "Organization")])
def test_an_organization_and_a_company_merge_as_a_company(order: tuple[str, str]) -> None:
    records = [_record(order[0], "un_sc", "KPe.030"), _record(order[1], "us_ofac_sdn", "OFAC-12345")]
    assert merged_schema(records) == "Company"
    assert to_ftm(records)["schema"] == "Company"


def test_schemata_that_cannot_merge_keep_the_canonical_records() -> None:
    records = [_record("Vessel", "un_sc", "KPe.030"), _record("Person", "us_ofac_sdn", "OFAC-12345")]
    assert merged_schema(records) == "Vessel"
    assert merged_schema(records[::-1]) == "Person"
