"""The guards a load passes unless forced: what looks like a broken or wrong file is refused.

A list file with no records, one that would shrink its list by more than
``SANCTIONWATCH_MAX_SHRINK``, or one that would replace a list read from another format (an FtM
file named after the UN list) is refused before anything changes; ``--force`` loads it anyway.
"""

from __future__ import annotations

from typing import Any

from sanctionwatch.errors import InputError
from sanctionwatch.lists.readers import ListFile


def refuse_suspicious(
    list_file: ListFile, before: int, after: int, shrink: float, previous: dict[str, Any] | None
) -> None:
    """Raise ``InputError`` when loading ``list_file`` would take its list from ``before`` to
    ``after`` records in a way no real list changes, or replace a list of another format
    (``previous`` is the list's last load)."""
    path, dataset = list_file.path, list_file.dataset
    hint = "check the file, or pass --force to load it anyway"
    if before and previous and not _same_list(previous["format"], list_file.format):
        raise InputError(
            f"{path}: would replace {dataset}, loaded from a {previous['format']} file; load it"
            " under its own name (--dataset NAME), or pass --force to replace it"
        )
    if after == 0 and not (list_file.delta and before == 0):
        now = f" and would empty {dataset} ({before:,} records now)" if before else ""
        raise InputError(f"{path}: holds no records{now}; {hint}")
    if before and after < before * (1 - shrink):
        raise InputError(
            f"{path}: would shrink {dataset} from {before:,} to {after:,} records, by more than"
            f" SANCTIONWATCH_MAX_SHRINK={shrink:g} allows; {hint}"
        )


def refuse_lost_aliases(list_file: ListFile, before: int, shrink: float) -> None:
    """Raise ``InputError`` when ``list_file`` would drop more than ``shrink`` of its list's
    aliases (``before``: how many the store holds now), though its records may all be there:
    OFAC's ``sdn.csv`` loaded without its ``alt.csv`` keeps every record and loses most aliases,
    and a listed person screened by an alias would then go unfound."""
    after = sum(len(e.aliases) + len(e.weak_aliases) for e in list_file.entities)
    if before and after < before * (1 - shrink):
        raise InputError(
            f"{list_file.path}: would cut {list_file.dataset}'s aliases from {before:,} to"
            f" {after:,} (a companion file missing?), by more than SANCTIONWATCH_MAX_SHRINK={shrink:g}"
            " allows; check the file, or pass --force to load it anyway"
        )


def _same_list(old: str, new: str) -> bool:
    """The two formats are the same publisher's list (OFAC's CSV set and its SDN.XML): either may
    replace the other. An FtM file never replaces a publisher's list, nor the other way round."""
    from sanctionwatch.lists.readers import READERS

    if old == new:
        return True
    before, after = READERS.get(old), READERS.get(new)
    if before is None or after is None or "ftm" in (old, new):
        return False
    return before.dataset == after.dataset
