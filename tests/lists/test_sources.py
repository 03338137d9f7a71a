"""Where ``lists update`` fetches each list from."""

from __future__ import annotations

import pytest

from sanctionwatch.lists.sources import SOURCES, Source


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_a_blank_setting_falls_back_to_the_publishers_url(
    source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every source has a URL of its own, so its location is never empty (the reason no check
    for an empty one is needed); a setting left blank is no setting, and one given wins."""
    assert source.url.startswith("https://")
    monkeypatch.setenv(source.variable, "  ")
    assert source.location() == source.url
    monkeypatch.setenv(source.variable, "/data/mirror.xml")
    assert source.location() == "/data/mirror.xml"
    assert source.location("http://127.0.0.1/x") == "http://127.0.0.1/x"
