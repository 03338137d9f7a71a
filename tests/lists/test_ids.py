from __future__ import annotations

from followthemoney import model
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.lists.ids import ID_RULE, is_valid, program_id, record_id


def test_record_ids_pass_the_ftm_rule_and_read_well() -> None:
    assert record_id("un_sc", "KPi.023") == "un-sc-KPi.023"
    assert record_id("us_ofac_sdn", "11648") == "us-ofac-sdn-11648"
    assert record_id("gb_hmt", "12441") == "gb-hmt-12441"
    assert record_id("au_dfat", "3157") == "au-dfat-3157"


def test_references_that_differ_only_in_forbidden_characters_keep_two_ids() -> None:
    assert record_id("x", "A B") != record_id("x", "A_B")
    assert record_id("x", "A B") != record_id("x", "A-B")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=300))
def test_every_record_id_is_valid(dataset: str, reference: str) -> None:
    entity_id = record_id(dataset, reference)
    assert ID_RULE.match(entity_id) and is_valid(entity_id)
    assert record_id(dataset, reference) == entity_id  # depends on the inputs alone


def test_program_ids_read_well_and_tell_programmes_apart() -> None:
    assert program_id("us_ofac_sdn", "DPRK4") == "us-ofac-sdn-DPRK4"
    # an en dash and a hyphen are two ways of writing one name on DFAT's list, but two strings
    assert program_id("au_dfat", "Autonomous (Thematic – Corruption)") != program_id(
        "au_dfat", "Autonomous (Thematic - Corruption)"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=300))
def test_every_program_id_is_an_ftm_identifier(dataset: str, program: str) -> None:
    key = program_id(dataset, program)
    assert model.get("Sanction").properties["programId"].type.validate(key)
    assert ID_RULE.match(key) and program_id(dataset, program) == key
