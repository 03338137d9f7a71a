"""``lists update`` against the loopback publisher: every list updated with its diff, a second run
a 304 no-op, and every failure leaving the store as it was (byte for byte)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest

from sanctionwatch.errors import FetchError, InputError
from sanctionwatch.lists.bundled import snapshots
from sanctionwatch.lists.fetch import Fetcher
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from sanctionwatch.lists.update import choose_sources, update_lists
from tests.helpers import run_cli
from tests.lists.fixtures import UN_XML
from tests.lists.publisher import Publisher

FIXTURES = Path(__file__).parent / "fixtures"
ZALA = Path("/work/shared/data/ftm-yente/zala.entities.ftm.json")
SUBJECTS = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}

# The next UN publication: KPi.901 gains an alias, KPe.901 is delisted, KPe.902 is listed.
UN_NEXT = (
    UN_XML.replace(
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>",
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>RI Won-ho</ALIAS_NAME></INDIVIDUAL_ALIAS>"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>",
    )
    .replace("KPe.901", "KPe.902")
    .replace("KOREA TEST TRADING CORPORATION (KTTC)", "KOREA NEW TEST CORPORATION")
    .replace("2026-01-02T", "2026-02-03T")
)


def fingerprint(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def quick() -> Fetcher:
    return Fetcher(timeout=1.0, retries=1, backoff=0.01, max_bytes=50 << 20, sleep=lambda _: None)


@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    """A store with small UN and OFAC lists (never the bundled ones)."""
    un = tmp_path / "given" / "un.xml"
    un.parent.mkdir()
    un.write_text(UN_XML)
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        load_paths(store, [un, FIXTURES / "ofac" / "sdn.csv"])
    return db


@pytest.fixture()
def served(publisher: Publisher, monkeypatch: pytest.MonkeyPatch) -> Publisher:
    """Every source served by the publisher, each named by its SANCTIONWATCH_SOURCE_ variable."""
    au = next(item.path for item in snapshots() if item.format == "au-xlsx")
    files = {
        "UN": ("/un/consolidated.xml", UN_NEXT.encode(), "text/xml"),
        "OFAC": ("/ofac/SDN.XML", (FIXTURES / "ofac" / "SDN.XML").read_bytes(), "application/xml"),
        "UK": (
            "/uk/UK-Sanctions-List.xml",
            (FIXTURES / "uk" / "UK-Sanctions-List.xml").read_bytes(),
            "text/xml",
        ),
        "EU": ("/eu/content", (FIXTURES / "eu" / "eu_fsf.xml").read_bytes(), "application/xml"),
        "AU": ("/au/regulation8_consolidated.xlsx", au.read_bytes(), "application/octet-stream"),
        "OPENSANCTIONS_ZALA": ("/os/zala/entities.ftm.json", ZALA.read_bytes(), "application/json"),
    }
    for name, (path, body, kind) in files.items():
        monkeypatch.setenv(f"SANCTIONWATCH_SOURCE_{name}", publisher.serve(path, body, content_type=kind))
    for stem in ("sdn", "alt", "add", "sdn_comments"):
        body = (FIXTURES / "ofac" / f"{stem}.csv").read_bytes()
        publisher.serve(f"/ofac/{stem.upper()}.CSV", body, content_type="text/csv")
    monkeypatch.setenv("SANCTIONWATCH_SOURCE_OFAC_CSV", publisher.url("/ofac/SDN.CSV"))
    monkeypatch.setenv("SANCTIONWATCH_HTTP_RETRIES", "1")
    monkeypatch.setenv("SANCTIONWATCH_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("SANCTIONWATCH_HTTP_TIMEOUT", "2")
    return publisher


def references(xml: str) -> set[str]:
    return {ref.strip() for ref in re.findall(r"<REFERENCE_NUMBER>([^<]+)<", xml)}


def au_references() -> int:
    """Distinct DFAT references (3157, 3157a... are one record), read with openpyxl."""
    path = next(item.path for item in snapshots() if item.format == "au-xlsx")
    with path.open("rb") as handle:
        workbook = openpyxl.load_workbook(handle, read_only=True)
        rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
        found = {match[0] for row in rows if row[0] and (match := re.match(r"\d+", str(row[0]).strip()))}
        workbook.close()
    return len(found)


def zala_subjects() -> int:
    lines = [json.loads(line) for line in ZALA.read_text().splitlines() if line.strip()]
    return sum(
        1
        for e in lines
        if e["schema"] in SUBJECTS and any(n.strip() for n in e["properties"].get("name", []))
    )


def test_every_list_is_updated_with_its_diff_and_a_second_run_is_a_304_noop(
    served: Publisher, small_db: Path
) -> None:
    lists = ["un", "ofac", "uk", "eu", "au", "opensanctions:zala"]
    first = run_cli(small_db, "lists", "update", *lists, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    by_list = {item["list"]: item for item in report["lists"]}
    assert {item["status"] for item in report["lists"]} == {"updated"}
    changes = {(c["list"], c["change"], c["ref"]) for c in report["changes"]}
    # UN: read from the two files, not from the tool
    old, new = references(UN_XML), references(UN_NEXT)
    un = {(kind, ref) for (dataset, kind, ref) in changes if dataset == "un_sc"}
    assert un == {("added", r) for r in new - old} | {("removed", r) for r in old - new} | {
        ("changed", "KPi.901")
    }
    assert [c["fields"] for c in report["changes"] if c["ref"] == "KPi.901"] == [["aliases"]]
    # OFAC: the XML of the same records as the CSV set loaded before changes nothing
    assert by_list["us_ofac_sdn"]["changes"] == {"added": 0, "removed": 0, "changed": 0}
    assert by_list["us_ofac_sdn"]["records"] == 8
    # new lists: every record added
    assert by_list["gb_fcdo"]["changes"]["added"] == 4
    assert by_list["eu_fsf"]["changes"]["added"] == 5
    assert by_list["au_dfat"]["changes"]["added"] == au_references()
    assert by_list["opensanctions_zala"]["changes"]["added"] == zala_subjects()
    main = by_list["un_sc"]["downloads"][0]
    assert main["sha256"] == hashlib.sha256(UN_NEXT.encode()).hexdigest() and main["headers"]["etag"]

    before = fingerprint(small_db)
    second = run_cli(small_db, "lists", "update", *lists, "--json")
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert {(item["status"], item["detail"]) for item in again["lists"]} == {
        ("unchanged", "not modified (HTTP 304)")
    }
    assert again["changes"] == []
    statuses = [seen.status for seen in served.seen if seen.path == "/un/consolidated.xml"]
    assert statuses == [200, 304]
    with Store(small_db, read_only=True) as store:
        kinds = store.con.execute("SELECT outcome, count(*) FROM checks GROUP BY 1 ORDER BY 1").fetchall()
        assert kinds == [("unchanged", 6), ("updated", 6)]
        assert store.con.execute("SELECT count(*) FROM versions WHERE dataset = 'un_sc'").fetchone() == (2,)
    assert fingerprint(small_db) != before  # the checks were logged, the lists untouched


def test_the_update_prints_the_diff(served: Publisher, small_db: Path) -> None:
    result = run_cli(small_db, "lists", "update", "un")
    assert result.returncode == 0, result.stderr
    lines = [
        line.split()
        for line in result.stdout.splitlines()
        if line.split()[:1] in (["added"], ["removed"], ["changed"])
    ]
    assert ["added", "un_sc", "KPe.902", "KOREA", "NEW", "TEST", "CORPORATION"] in lines
    assert lines[1][:3] == ["removed", "un_sc", "KPe.901"]
    assert ["changed", "un_sc", "KPi.901", "RI", "WON", "HO", "(aliases)"] in lines


def test_the_same_bytes_without_validators_are_a_noop(publisher: Publisher, small_db: Path) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode(), etag=False, last_modified=0)
    update_lists(small_db, ["un"], origin=url, fetcher=quick())
    publisher.routes["/un.xml"].last_modified = 1_800_000_000  # a new date, the same file
    before = fingerprint(small_db)
    result = update_lists(small_db, ["un"], origin=url, fetcher=quick())
    assert [(o.status, o.detail) for o in result.outcomes] == [
        ("unchanged", "same sha256 as the last download")
    ]
    with Store(small_db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM versions WHERE dataset = 'un_sc'").fetchone() == (2,)
    assert fingerprint(small_db) != before


def test_the_same_list_from_another_address_is_no_new_version(publisher: Publisher, small_db: Path) -> None:
    """A mirror (or ``--from``) serving the very file the store holds: nothing to load, no new
    version in the history (it used to be read and recorded as one, because only the same URL's
    last download was compared)."""
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    update_lists(small_db, ["un"], origin=url, fetcher=quick())
    mirror = publisher.serve("/mirror/un.xml", UN_NEXT.encode())
    result = update_lists(small_db, ["un"], origin=mirror, fetcher=quick())
    assert [(o.status, o.detail) for o in result.outcomes] == [
        ("unchanged", "same sha256 as the list the store holds")
    ]
    with Store(small_db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM versions WHERE dataset = 'un_sc'").fetchone() == (2,)
    changed = publisher.serve("/mirror/un.xml", UN_XML.encode())  # the mirror now differs
    assert update_lists(small_db, ["un"], origin=changed, fetcher=quick()).outcomes[0].status == "updated"


def test_a_list_loaded_by_hand_since_is_fetched_again(
    publisher: Publisher, small_db: Path, tmp_path: Path
) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    update_lists(small_db, ["un"], origin=url, fetcher=quick())
    by_hand = tmp_path / "by-hand.xml"
    by_hand.write_text(UN_XML)
    with Store(small_db) as store:
        load_paths(store, [by_hand])
    result = update_lists(small_db, ["un"], origin=url, fetcher=quick())  # the publisher's is unchanged
    assert (
        result.outcomes[0].status == "updated"
        and "If-None-Match" not in publisher.requests("/un.xml")[1].headers
    )
    with Store(small_db, read_only=True) as store:
        assert store.find("KPe.902") and not store.find("KPe.901")


def test_the_legacy_csv_set_is_fetched_with_its_companions(served: Publisher, small_db: Path) -> None:
    result = update_lists(small_db, ["ofac-csv"], force=True, fetcher=quick())
    (outcome,) = result.outcomes
    assert outcome.status == "updated" and [d.url.rsplit("/", 1)[1] for d in outcome.downloads] == [
        "SDN.CSV",
        "ALT.CSV",
        "ADD.CSV",
        "SDN_COMMENTS.CSV",
    ]
    with Store(small_db, read_only=True) as store:
        (record,) = store.find("OFAC-18552")
        assert record.aliases == ["HWANG, Kyong Nam"]  # from ALT.CSV
        assert store.last_load("us_ofac_sdn")["source_file"] == served.url("/ofac/SDN.CSV")


def test_opensanctions_dataset_index(publisher: Publisher, small_db: Path) -> None:
    entities = publisher.serve("/datasets/20260301/zala/entities.ftm.json", ZALA.read_bytes())
    index = {"name": "zala", "resources": [{"name": "entities.ftm.json", "url": entities}]}
    url = publisher.serve(
        "/datasets/latest/zala/index.json", json.dumps(index).encode(), content_type="application/json"
    )
    result = update_lists(small_db, ["opensanctions:zala"], origin=url, fetcher=quick())
    assert result.outcomes[0].url == entities and result.outcomes[0].changes["added"] == zala_subjects()


# -- failures: each leaves the store byte for byte as it was ------------------------------------


def failing(publisher: Publisher, small_db: Path, body: bytes, **options: object) -> str:
    url = publisher.serve("/un.xml", body, **options)
    before = fingerprint(small_db)
    with pytest.raises((FetchError, InputError)) as failed:
        update_lists(small_db, ["un"], origin=url, fetcher=quick())
    assert fingerprint(small_db) == before
    assert not list(small_db.parent.glob("*.next-*"))
    message = str(failed.value)
    assert message.startswith("un: ") and "\n" not in message and url in message
    return message


def test_404_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    url = publisher.url("/missing.xml")
    before = fingerprint(small_db)
    with pytest.raises(FetchError, match="HTTP 404"):
        update_lists(small_db, ["un"], origin=url, fetcher=quick())
    assert fingerprint(small_db) == before


def test_500_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    assert "HTTP 500" in failing(publisher, small_db, UN_NEXT.encode(), failures=[500, 500])


def test_slow_body_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    assert "stopped sending" in failing(
        publisher, small_db, UN_NEXT.encode(), mode="stall", stall_seconds=2.0
    )


def test_truncated_body_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    assert re.search("broke off|ended after", failing(publisher, small_db, UN_NEXT.encode(), mode="truncate"))


def test_web_page_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    page = b"<html><body>Service unavailable</body></html>"
    assert "text/html" in failing(publisher, small_db, page, content_type="text/html")


def test_wrong_file_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    message = failing(publisher, small_db, b'{"error": "rate limited"}', content_type="application/xml")
    assert "expected the UN Security Council Consolidated List" in message


def test_broken_xml_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    broken = UN_NEXT[: UN_NEXT.index("<ENTITIES>") + 30].encode()
    assert "broken XML" in failing(publisher, small_db, broken)


def test_empty_list_changes_nothing(publisher: Publisher, small_db: Path) -> None:
    empty = b'<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/>'
    empty += b"</CONSOLIDATED_LIST>"
    assert "holds no records" in failing(publisher, small_db, empty)


def test_shrinking_list_changes_nothing_unless_forced(
    publisher: Publisher, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONWATCH_MAX_SHRINK", "0.2")
    start = UN_NEXT.index("<ENTITIES>")
    one = (UN_NEXT[:start] + "<ENTITIES/></CONSOLIDATED_LIST>").encode()
    assert "would shrink un_sc from 2 to 1" in failing(publisher, small_db, one)
    url = publisher.url("/un.xml")
    result = update_lists(small_db, ["un"], origin=url, force=True, fetcher=quick())
    assert result.outcomes[0].changes == {"added": 0, "removed": 1, "changed": 1}


def test_oversized_download_changes_nothing(
    publisher: Publisher, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = publisher.serve("/un.xml", UN_NEXT.encode())
    before = fingerprint(small_db)
    with pytest.raises(FetchError, match="MAX_DOWNLOAD_MB"):
        update_lists(small_db, ["un"], origin=url, fetcher=Fetcher(max_bytes=100, retries=0))
    assert fingerprint(small_db) == before


def test_a_missing_companion_changes_nothing(served: Publisher, small_db: Path) -> None:
    del served.routes["/ofac/ALT.CSV"]
    before = fingerprint(small_db)
    with pytest.raises(FetchError, match="ALT.CSV: HTTP 404"):
        update_lists(small_db, ["ofac-csv"], force=True, fetcher=quick())
    assert fingerprint(small_db) == before


def test_one_failure_stops_every_list_unless_keep_going(served: Publisher, small_db: Path) -> None:
    served.routes["/eu/content"].failures = [503, 503]
    before = fingerprint(small_db)
    with pytest.raises(FetchError, match="eu: .*HTTP 503"):
        update_lists(small_db, ["un", "eu"], fetcher=quick())
    assert fingerprint(small_db) == before
    served.routes["/eu/content"].failures = [503, 503]
    result = update_lists(small_db, ["un", "eu"], keep_going=True, fetcher=quick())
    assert [(o.source, o.status) for o in result.outcomes] == [("un", "updated"), ("eu", "failed")]
    with Store(small_db, read_only=True) as store:
        assert store.count("un_sc") == 2 and store.count("eu_fsf") == 0
        assert store.find("KPe.902")


def test_command_line_failure_is_one_line_and_exit_2(served: Publisher, small_db: Path) -> None:
    served.routes["/un/consolidated.xml"].failures = [404]
    before = fingerprint(small_db)
    result = run_cli(small_db, "lists", "update", "un")
    assert result.returncode == 2
    assert result.stderr.startswith("error: un: http://127.0.0.1:") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and fingerprint(small_db) == before
    served.routes["/eu/content"].failures = [404]
    kept = run_cli(small_db, "lists", "update", "un", "eu", "--keep-going", "--json")
    assert kept.returncode == 2 and "1 of 2 lists not updated: eu:" in kept.stderr
    assert [item["status"] for item in json.loads(kept.stdout)["lists"]] == ["updated", "failed"]


def test_sources_named_by_list_dataset_or_opensanctions_url(small_db: Path) -> None:
    assert [s.name for s in choose_sources(small_db, ["un_sc", "ofac-csv", "eu"], None)] == [
        "un",
        "ofac-csv",
        "eu",
    ]
    url = "https://data.opensanctions.org/datasets/latest/us_ofac_sdn/index.json"
    (source,) = choose_sources(small_db, [], url)
    assert (source.name, source.dataset) == ("opensanctions:us_ofac_sdn", "opensanctions_us_ofac_sdn")
    # none named: the lists the store holds, OFAC from the XML OFAC recommends
    assert [s.name for s in choose_sources(small_db, [], None)] == ["un", "ofac"]


def test_unknown_list_and_from_without_a_list(small_db: Path) -> None:
    result = run_cli(small_db, "lists", "update", "nowhere")
    assert result.returncode == 2 and "unknown list 'nowhere'" in result.stderr
    result = run_cli(small_db, "lists", "update", "--from", "/tmp/un.xml")
    assert result.returncode == 2 and "name the list" in result.stderr
