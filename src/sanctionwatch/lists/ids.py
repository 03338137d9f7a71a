"""Entity ids: one function, so that a record's id depends on the record alone.

A list record's id is built from its dataset and its reference on that list (``un_sc`` and
``KPi.023`` give ``un-sc-KPi.023``; OFAC entry 11648 gives ``us-ofac-sdn-11648``). It never
depends on what else is loaded, so an id written into an export, a report or a client's
database keeps meaning the same record. Every id passes FollowTheMoney's id rule
(``followthemoney.types.registry.entity.REGEX``): letters, digits, dots and hyphens, starting
and ending with a letter or digit.

A canonical (linked) entity takes the id of its highest-precedence record (the order is in
``lists/linking.py``: UN, then OFAC, UK, Australia, then anything else); the ids of all its
records are kept as its referents.
"""

from __future__ import annotations

import hashlib
import re

#: FollowTheMoney's rule for entity ids (followthemoney.types.EntityType.REGEX).
ID_RULE = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z\.\-]*[0-9a-zA-Z])?$")
#: FollowTheMoney refuses longer ids.
MAX_LENGTH = 128
#: FollowTheMoney's longest identifier (``programId``).
PROGRAM_ID_LENGTH = 64
_NOT_ALLOWED = re.compile(r"[^0-9a-zA-Z.\-]+")
_EDGES = re.compile(r"^[^0-9a-zA-Z]+|[^0-9a-zA-Z]+$")


def slug(text: str) -> str:
    """``text`` with every run of characters the id rule forbids turned into one hyphen."""
    return _EDGES.sub("", _NOT_ALLOWED.sub("-", text.strip()))


def record_id(dataset: str, reference: str) -> str:
    """The id of the record ``reference`` of the list ``dataset``.

    When the reference holds characters the id rule forbids (or is very long), a short hash of
    it is appended, so that two references that differ only in such characters keep two ids.
    """
    base = slug(dataset) or "list"
    key = slug(reference)
    if not key or key != reference.strip() or len(base) + len(key) + 1 > MAX_LENGTH:
        digest = hashlib.sha1(reference.strip().encode()).hexdigest()[:10]
        key = f"{key[: MAX_LENGTH - len(base) - 12]}-{digest}".strip("-.")
    return f"{base}-{key}"


def is_valid(entity_id: str) -> bool:
    """The id passes FollowTheMoney's id rule and length limit."""
    return bool(ID_RULE.match(entity_id)) and len(entity_id) <= MAX_LENGTH


def clean_id(entity_id: str, dataset: str) -> str:
    """An id from a file kept as it is when valid, else rebuilt from it by ``record_id``."""
    return entity_id if is_valid(entity_id) else record_id(dataset, entity_id)


def program_id(dataset: str, program: str) -> str:
    """The key of a list's sanctions programme, as its Sanction entities carry it in
    ``programId`` and ``/programs`` lists it (``us_ofac_sdn`` and ``DPRK4`` give
    ``us-ofac-sdn-DPRK4``): like a record's id, it depends on the list and the programme alone.
    FtM holds identifiers to ``PROGRAM_ID_LENGTH`` characters, so a long name is cut and, like a
    name with characters the rule forbids, made unique by a short hash of it."""
    base, key = slug(dataset) or "list", slug(program)
    if key and key == program.strip() and len(base) + len(key) + 1 <= PROGRAM_ID_LENGTH:
        return f"{base}-{key}"
    digest = hashlib.sha256(program.encode("utf-8")).hexdigest()[:10]
    room = PROGRAM_ID_LENGTH - len(base) - len(digest) - 2
    return "-".join(part for part in (base, slug(key[:room]), digest) if part)
