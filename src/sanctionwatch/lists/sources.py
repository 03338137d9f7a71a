"""Where each list is published: the publishers' documented URLs, and the names users give them.

Every source's URL can be replaced, for a mirror or an air-gapped site, by the environment variable
``SANCTIONWATCH_SOURCE_<NAME>`` (``SANCTIONWATCH_SOURCE_UN``, ``..._OFAC_CSV``) or for one run by
``lists update NAME --from URL_OR_PATH``; ``file://`` URLs and local paths are read as they are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sanctionwatch.errors import InputError

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
OPENSANCTIONS = "https://data.opensanctions.org/datasets/latest/"
OPENSANCTIONS_PREFIX = "opensanctions:"
OPENSANCTIONS_LICENCE = (
    "CC BY-NC 4.0: free for non-commercial use with attribution; commercial use needs a licence"
    " from OpenSanctions (opensanctions.org/licensing)"
)


@dataclass(frozen=True)
class Source:
    """One list as its publisher puts it online.

    ``companions`` are files the reader needs beside the main one, fetched from the same folder
    (OFAC's ``alt.csv``, ``add.csv`` and ``sdn_comments.csv``); ``filename`` is the name the main
    file is saved under, which is the name its reader looks for companions beside. ``dataset``
    is the dataset it loads into (FtM files are named by the source); ``note`` is said with its
    status (a list its publisher no longer updates).
    """

    name: str
    title: str
    format: str
    url: str
    filename: str
    dataset: str
    licence: str
    companions: tuple[str, ...] = ()
    note: str = ""

    @property
    def variable(self) -> str:
        """The environment variable that replaces the URL."""
        return "SANCTIONWATCH_SOURCE_" + re.sub(r"[^A-Z0-9]+", "_", self.name.upper()).strip("_")

    def location(self, override: str | None = None) -> str:
        """The URL or path to fetch: ``override``, else the environment variable, else the
        publisher's URL."""
        return override or os.environ.get(self.variable, "").strip() or self.url


SOURCES: tuple[Source, ...] = (
    Source(
        name="un",
        title="UN Security Council Consolidated List (XML)",
        format="un-xml",
        url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        filename="consolidated.xml",
        dataset="un_sc",
        licence="UN publication for public implementation; (c) United Nations",
    ),
    Source(
        name="ofac",
        title="US OFAC SDN List (SDN.XML)",
        format="ofac-xml",
        url=OFAC_EXPORTS + "SDN.XML",
        filename="SDN.XML",
        dataset="us_ofac_sdn",
        licence="US Government work, public domain",
    ),
    Source(
        name="ofac-csv",
        title="US OFAC SDN List (legacy CSV set)",
        format="ofac-csv",
        url=OFAC_EXPORTS + "SDN.CSV",
        filename="sdn.csv",
        dataset="us_ofac_sdn",
        licence="US Government work, public domain",
        companions=("alt.csv", "add.csv", "sdn_comments.csv"),
    ),
    Source(
        name="uk",
        title="UK Sanctions List (FCDO, XML)",
        format="uk-fcdo-xml",
        url="https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        filename="UK-Sanctions-List.xml",
        dataset="gb_fcdo",
        licence="Crown copyright, Open Government Licence v3.0",
    ),
    Source(
        name="uk-ofsi",
        title="UK OFSI Consolidated List (CSV)",
        format="uk-csv",
        url="https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        filename="ConList.csv",
        dataset="gb_hmt",
        licence="Crown copyright, Open Government Licence v3.0",
        note="OFSI stopped updating this list on 28 January 2026; the UK Sanctions List ('uk') replaces it",
    ),
    Source(
        name="eu",
        title="EU Financial Sanctions Files consolidated list (XML)",
        format="eu-xml",
        # the token is public: the FSF site publishes it with the link for everyone
        url="https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        filename="eu_fsf.xml",
        dataset="eu_fsf",
        licence="European Commission reuse policy (Decision 2011/833/EU): reuse allowed with attribution",
    ),
    Source(
        name="au",
        title="Australian DFAT Consolidated List (xlsx)",
        format="au-xlsx",
        url="https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
        filename="regulation8_consolidated.xlsx",
        dataset="au_dfat",
        licence="(c) Commonwealth of Australia; DFAT's site licenses most content under CC BY 4.0",
    ),
)
#: What ``lists update`` fetches for a dataset the store holds, when not told which source
PREFERRED = {"us_ofac_sdn": "ofac"}


def opensanctions(dataset: str) -> Source:
    """An OpenSanctions dataset or collection (``sanctions``, ``default``, ``us_ofac_sdn``...) as
    FollowTheMoney entities; it loads into ``opensanctions_<dataset>``."""
    clean = dataset.strip().strip("/")
    if not re.fullmatch(r"[a-z0-9_]+", clean):
        raise InputError(
            f"{OPENSANCTIONS_PREFIX}{dataset}: an OpenSanctions dataset name is lower case letters, digits, _"
        )
    return Source(
        name=OPENSANCTIONS_PREFIX + clean,
        title=f"OpenSanctions {clean} (FollowTheMoney)",
        format="ftm",
        url=f"{OPENSANCTIONS}{clean}/entities.ftm.json",
        filename=f"opensanctions_{clean}.entities.ftm.json",
        dataset=f"opensanctions_{clean}",
        licence=OPENSANCTIONS_LICENCE,
    )


def by_name() -> dict[str, Source]:
    return {source.name: source for source in SOURCES}


def resolve(name: str) -> Source:
    """The source a user names: its short name (``un``), the dataset it fills (``un_sc``), or
    ``opensanctions:DATASET``."""
    key = name.strip().lower()
    if key.startswith(OPENSANCTIONS_PREFIX):
        return opensanctions(key.removeprefix(OPENSANCTIONS_PREFIX))
    known = by_name()
    if key in known:
        return known[key]
    for source in SOURCES:
        if source.dataset == key and PREFERRED.get(key, source.name) == source.name:
            return source
    if key.startswith("opensanctions_"):
        return opensanctions(key.removeprefix("opensanctions_"))
    names = ", ".join([*known, OPENSANCTIONS_PREFIX + "DATASET"])
    raise InputError(f"unknown list {name!r}; use one of {names}")


def for_datasets(datasets: Sequence[str], last_sources: dict[str, str]) -> list[Source]:
    """The sources of the datasets a store holds: the one each was last updated from, else the
    publisher's preferred one. Datasets no publisher serves (an FtM file loaded by hand) are left
    out, and so are lists their publisher no longer updates (the OFSI list) unless named."""
    found: list[Source] = []
    for dataset in datasets:
        name = last_sources.get(dataset)
        try:
            source = resolve(name) if name else resolve(dataset)
        except InputError:
            continue
        if source.note:
            continue
        if source not in found:
            found.append(source)
    return found
