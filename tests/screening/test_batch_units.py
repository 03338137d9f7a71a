"""Batch screening in-process: reading the CSV, splitting a large batch over processes, writing
the results, and the word search behind ``/search`` (issue 27).

A sampled mutmut run over ``screening/`` found these functions reached by no in-process test (the
batch was tested only through ``sanctionwatch screen`` in a subprocess, which imports the installed
package, not the mutant), so any change to them lived. The matcher and the index are stood in for by
small objects here: what is tested is the batch's bookkeeping (order, ids, lines, fields), not
the scoring, which ``test_matcher.py`` covers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sanctionwatch.errors import ParseError
from sanctionwatch.screening import service
from sanctionwatch.screening.batch import read_batch
from sanctionwatch.screening.features import mmsi_conflicts
from sanctionwatch.screening.query import Query
from sanctionwatch.screening.service import screen_batch, write_results_csv, write_results_file
from sanctionwatch.screening.text import WordIndex


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "queries.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_every_row_is_read_with_its_id_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "id,name,type\nq1,Kim Il,person\n,,\n\n,Ocean Star,vessel\nq9,Pak Chol,\n")
    batch = read_batch(path)
    assert [(item.id, item.query.name, item.query.type) for item in batch.queries] == [
        ("q1", "Kim Il", "person"),
        ("5", "Ocean Star", "vessel"),  # no id: its line in the file, as a skipped row's message gives it
        ("q9", "Pak Chol", "any"),
    ]
    assert batch.errors == []


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_batch_separated_by_semicolons_or_tabs_is_read(tmp_path: Path, delimiter: str) -> None:
    # spreadsheets in locales whose decimal mark is a comma write semicolons; such a file was
    # refused as having no 'name' column, its header read as the one column "name;dob;country"
    path = tmp_path / "q.csv"
    path.write_text(
        delimiter.join(["name", "dob", "country"])
        + "\n"
        + delimiter.join(["Kim, Yong Chol", "18.02.1962", "KP"])
        + "\n"
    )
    (item,) = read_batch(path).queries
    assert (item.query.name, item.query.dob, item.query.country) == ("Kim, Yong Chol", "1962-02-18", "kp")


def test_a_row_with_a_bad_value_is_reported_with_its_line_and_field_and_the_rest_are_read(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "name,dob\nKim Il,1990-01-01\nPak Chol,1990-13-01\nRi Su,\n")
    batch = read_batch(path)
    assert [item.query.name for item in batch.queries] == ["Kim Il", "Ri Su"]
    assert len(batch.errors) == 1
    error = batch.errors[0]
    assert (error.line, error.field) == (3, "dob")
    assert "month 13" in error.message
    assert error.describe(path) == f"{path}, line 3, dob: {error.message}"


def test_a_row_longer_than_the_header_is_reported_without_a_field(tmp_path: Path) -> None:
    batch = read_batch(_write(tmp_path, "name\nKim Il\nPak Chol,extra\n"))
    assert [(e.line, e.field, e.message) for e in batch.errors] == [
        (3, None, "2 fields but the header has 1")
    ]


@pytest.mark.parametrize(
    ("content", "where", "says"),
    [
        (b"name\nKim Il\n\xff\xfe\n", "line 3", "not UTF-8 text; save the file as UTF-8"),
        (
            'name\n"Kim Il\nPak Chol\n',
            "line 2",
            "a quote opened on this line is never closed; fix the quoting",
        ),
        (b'"na"me\nKim\n', "line 1", "the header is not valid CSV ("),
    ],
    ids=["not-utf8", "open-quote", "bad-header"],
)
def test_what_spoils_the_whole_file_names_its_line_and_what_to_fix(
    tmp_path: Path, content: str | bytes, where: str, says: str
) -> None:
    with pytest.raises(ParseError) as raised:
        read_batch(_write(tmp_path, content))
    assert where in str(raised.value) and says in str(raised.value)


@dataclass
class _Match:
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity_id": f"id-{self.name}",
            "name": self.name.upper(),
            "schema": "Person",
            "score": 0.9,
            "refs": ["KPi.001", "KPi.002"],
            "lists": ["un_sc"],
            "matched_name": self.name,
        }


class _Matcher:
    """Answers a query named ``m...`` with one match and any other with none."""

    index = SimpleNamespace(materialise=lambda: None)

    def screen(self, query: Query, threshold: float, limit: int) -> list[_Match]:
        return [_Match(query.name)] if query.name.startswith("m") else []


def _items(count: int) -> list[Any]:
    return [
        SimpleNamespace(id=f"r{i}", query=Query(name=f"{'m' if i % 3 == 0 else 'n'}{i}"))
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [5, service.PARALLEL_FROM + 7], ids=["in-process", "forked"])
def test_a_batch_answers_every_query_once_in_input_order(count: int) -> None:
    results = screen_batch(_Matcher(), _items(count), workers=2)["results"]  # type: ignore[arg-type]
    assert [result["id"] for result in results] == [f"r{i}" for i in range(count)]
    assert [result["query"]["name"] for result in results] == [
        f"{'m' if i % 3 == 0 else 'n'}{i}" for i in range(count)
    ]
    assert [len(result["matches"]) for result in results] == [int(i % 3 == 0) for i in range(count)]


def test_the_results_csv_has_a_row_per_match_and_an_empty_row_for_no_match() -> None:
    results = screen_batch(_Matcher(), _items(2), workers=1)  # type: ignore[arg-type]
    handle = io.StringIO()
    write_results_csv(results, handle)
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows == [
        list(service.CSV_COLUMNS),
        ["r0", "m0", "1", "id-m0", "M0", "Person", "0.9", "KPi.001;KPi.002", "un_sc", "m0", ""],
        ["r1", "n1", "", "", "", "", "", "", "", "", ""],
    ]


def test_the_results_file_is_utf8_csv_with_one_row_per_line(tmp_path: Path) -> None:
    """``screen --file --out``: the same rows in a file, UTF-8 whatever the locale, and no blank
    line between rows (the csv module ends rows itself; the file is opened with ``newline=""``)."""
    results = screen_batch(_Matcher(), [SimpleNamespace(id="r0", query=Query(name="m김정은"))], workers=1)  # type: ignore[arg-type, list-item]
    out = tmp_path / "results.csv"
    write_results_file(results, out)
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 2 and b"\r\r\n" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == list(service.CSV_COLUMNS)
    assert rows[1][:5] == ["r0", "m김정은", "1", "id-m김정은", "M김정은"]
    assert len(rows) == 2


def test_the_word_search_needs_every_word_and_ranks_the_exact_name_first() -> None:
    index = SimpleNamespace(
        name_words=[("kim", "jong", "un"), ("kim",), ("pak", "kim"), ("ri", "su"), ("kim", "jong")],
        name_subject=[0, 1, 2, 3, 0],
    )
    words = WordIndex(index)  # type: ignore[arg-type]
    # subject 1's name is exactly the query; subjects 0 (by "kim jong", its better name) and 2 have
    # one word besides, tied, so in subject order
    assert words.find("Kim") == [1, 0, 2]
    assert words.find("kim jong") == [0]
    assert words.find("kim su") == []  # no name holds both
    assert words.find("Choe") == []


def test_an_mmsi_other_than_the_listed_vessels_is_a_conflict_and_a_missing_one_is_not() -> None:
    listed = SimpleNamespace(mmsi=["445123000"])
    assert mmsi_conflicts(Query(name="Ocean Star", mmsi="445999000"), listed)  # type: ignore[arg-type]
    assert not mmsi_conflicts(Query(name="Ocean Star", mmsi="445123000"), listed)  # type: ignore[arg-type]
    assert not mmsi_conflicts(Query(name="Ocean Star"), listed)  # type: ignore[arg-type]
    assert not mmsi_conflicts(Query(name="Ocean Star", mmsi="445999000"), SimpleNamespace(mmsi=[]))  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ['{"name": "Kim Jong Un"}\n', '[{"name": "Kim Jong Un"}]\n'])
def test_a_json_batch_is_refused_saying_a_batch_is_csv(tmp_path: Path, text: str) -> None:
    # it was refused as a header lacking a 'name' column, listing the whole JSON as its columns
    with pytest.raises(ParseError) as raised:
        read_batch(_write(tmp_path, text))
    assert "this is JSON; a batch is CSV" in str(raised.value) and "found:" not in str(raised.value)
