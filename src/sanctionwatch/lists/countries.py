"""Country names as the lists write them, turned into ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from functools import lru_cache

_EXTRA = {
    "dprk": "kp",
    "korea, north": "kp",
    "north korea": "kp",
    "korea, democratic people's republic of": "kp",
    "korea, south": "kr",
    "republic of korea": "kr",
    "russia": "ru",
}


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The lower-case ISO code of a country name or code, or None when it is not a country."""
    if not text:
        return None
    cleaned = " ".join(text.replace("’", "'").split()).strip(" .,;")
    if not cleaned:
        return None
    if cleaned.casefold() in _EXTRA:
        return _EXTRA[cleaned.casefold()]
    from followthemoney.types import registry  # imported here: it takes most of a second

    code = registry.country.clean(cleaned)
    return code or None


def country_codes(text: str | None) -> list[str]:
    """Codes of every country in a field that may list several ("1) Iran 2) Syria")."""
    if not text:
        return []
    whole = country_code(text)
    if whole:
        return [whole]
    parts = re.split(r"\s*(?:\b[a-z0-9]\)|;|/|\band\b)\s*", text)
    codes = [code for part in parts if (code := country_code(part))]
    return list(dict.fromkeys(codes))
