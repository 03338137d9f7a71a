"""Which UNSC provisions a claim would breach, against cases written by hand from the resolutions'
table (/work/shared/data/provisions.csv read row by row, not through ``provisions_for``).

The corpus scores cannot test this: every gold annotation's provisions were written as
``provisions_for``'s output, so the evaluation's provisions accuracy is 1.0 by construction."""

from __future__ import annotations

import pytest

from sanctionwatch.claims.provisions import measure, provisions_for


@pytest.mark.parametrize(
    ("category", "supplier", "recipient", "expected"),
    [
        # arms into the DPRK: the three to_kp rows, in the table's order
        ("arms", "RU", "KP", ["1718/8(a)", "1874/10", "2270/6"]),
        # arms out of it: the two from_kp rows
        ("arms", "KP", "RU", ["1718/8(b)", "1874/9"]),
        # WMD items in: 8(a)(ii), the two "any" rows and the specialised-training row
        ("wmd_ballistic", "CN", "KP", ["1718/8(a)(ii)", "2087/3", "1874/23", "2270/17"]),
        ("wmd_ballistic", "KP", "IR", ["1718/8(b)", "2087/3", "1874/23"]),
        # oil is capped going in, and nothing covers the DPRK selling it
        ("crude_oil", "RU", "KP", ["2397/4"]),
        ("crude_oil", "KP", "CN", []),
        ("refined_petroleum", "CN", "KP", ["2397/5"]),
        ("petroleum", "CN", "KP", ["2397/4", "2397/5"]),
        # coal, iron and seafood leave the DPRK; buying them in is not prohibited
        ("coal", "KP", "CN", ["2371/8"]),
        ("coal", "CN", "KP", []),
        ("iron_ore_metals", "KP", "CN", ["2371/8", "2371/10", "2321/28"]),
        ("seafood", "KP", "CN", ["2371/9", "2397/6"]),
        ("textiles", "KP", "CN", ["2375/16"]),
        # food: the DPRK's exports are prohibited, food sent to it is not
        ("food", "KP", "CN", ["2397/6"]),
        ("food", "RU", "KP", []),
        ("machinery_vehicles", "CN", "KP", ["2397/7", "2321/30", "2397/14"]),
        ("machinery_vehicles", "KP", "CN", []),
        ("luxury_goods", "CN", "KP", ["1718/8(a)(iii)"]),
        ("luxury_goods", "KP", "CN", []),
        # "any" rows apply whichever way, as long as the DPRK is a party
        ("workers", "KP", "RU", ["2375/17", "2397/8"]),
        ("workers", "RU", "KP", ["2375/17", "2397/8"]),
        ("military_cooperation", "RU", "KP", ["1718/8(c)", "2270/9", "2321/11"]),
        ("financial", "KP", None, ["2094/11"]),
        ("cyber", None, "KP", ["2094/11"]),
        ("joint_venture", "CN", "KP", ["2375/18"]),
        ("ship_to_ship", None, "KP", ["2375/11"]),
        # no DPRK party, no provision, whatever the goods
        ("arms", "RU", "IR", []),
        ("workers", "CN", "RU", []),
        ("arms", None, None, []),
        # a category the table does not hold
        ("bananas", "KP", "CN", []),
    ],
)
def test_provisions_breached(
    category: str, supplier: str | None, recipient: str | None, expected: list[str]
) -> None:
    assert provisions_for(category, supplier, recipient) == expected


def test_a_provision_is_named_by_its_measure() -> None:
    assert measure("2371/9") == "Export by the DPRK of seafood prohibited"
    assert measure("2397/4").startswith("Crude oil supply capped at 4 million barrels")
    assert measure("9999/1") == ""
