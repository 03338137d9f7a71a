"""The index cache beside the store is data, never code: a tampered cache is rebuilt, not run."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest

from sanctionwatch.lists.store import Store
from sanctionwatch.screening import index as index_module
from sanctionwatch.screening.index import index_path, load_index, read_sections, write_cache
from sanctionwatch.screening.index import read_cache as read_index_cache
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query


class Payload:
    """Unpickling this writes a file: proof that a cache was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))  # type: ignore[return-value]


@pytest.fixture()
def store(bundled_db: Path, tmp_path: Path) -> Store:
    copy = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, copy)
    cached = index_path(bundled_db)
    if cached.exists():
        shutil.copy(cached, index_path(copy))
    with Store(copy, read_only=True) as opened:
        yield opened


def read_cache(path: Path) -> tuple[dict, dict]:
    read = read_sections(path.read_bytes())
    assert read is not None
    return read


def _offset(header: dict, section: str) -> int:
    """Where a section starts in the cache's payload."""
    start = 0
    for name, _, length in header["sections"]:
        if name == section:
            return start
        start += length
    raise KeyError(section)


def works(store: Store) -> bool:
    matches = Matcher(load_index(store)).screen(make_query("KOMID"))
    return bool(matches) and "KPe.001" in matches[0].subject.refs


@pytest.mark.parametrize("kind", ["pickle", "out-of-range"])
def test_a_tampered_cache_is_rebuilt_never_run(store: Store, tmp_path: Path, kind: str) -> None:
    path = index_path(store.path)
    assert works(store) and path.exists()
    marker = tmp_path / "marker"
    header, data = read_cache(path)
    if kind == "pickle":
        path.write_bytes(pickle.dumps(Payload(marker)))
    else:
        # a name of no subject: its 32-bit id at the start of its section; the checksum no longer agrees
        raw = path.read_bytes()
        start = raw.index(b"\n") + 1 + _offset(header, "name_subject")
        path.write_bytes(raw[:start] + (10**9).to_bytes(4, "little") + raw[start + 4 :])
    assert works(store)
    assert not marker.exists()
    assert read_cache(path)[1]["name_subject"][0] < 10**9  # rewritten, valid again


def test_the_cache_is_written_under_a_unique_name_and_moved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = load_index(store)
    target = index_path(store.path)
    temporaries: list[str] = []
    real_replace = os.replace

    def spy(source: str, destination: Path) -> None:
        temporaries.append(str(source))
        real_replace(source, destination)

    monkeypatch.setattr(index_module.os, "replace", spy)
    write_cache(index, target)
    write_cache(index, target)
    assert len(set(temporaries)) == 2 and all(t.endswith(".tmp") for t in temporaries)
    assert not list(target.parent.glob("*.tmp"))
    assert read_cache(target)[0]["version"] == index.version


def test_a_written_cache_reads_back_as_the_same_index(matcher: Matcher) -> None:
    # a cache that cannot be read back is rebuilt on every start (tens of seconds) and nothing says
    # so; one read back wrongly screens against other names
    built = matcher.index
    loaded = index_module._from_bytes(index_module._to_bytes(built), built.version)
    assert loaded is not None
    count = len(built.name_text)
    assert len(loaded.name_text) == count
    for n in range(0, count, 97):
        assert loaded.name_text[n] == built.name_text[n]
        assert loaded.name_keys[n] == built.name_keys[n]
        assert loaded.name_words[n] == built.name_words[n]
        assert loaded.name_weak[n] == built.name_weak[n]
        assert loaded.name_kind[n] == built.name_kind[n]
        assert loaded.name_subject[n] == built.name_subject[n]
        assert loaded.subjects[loaded.name_subject[n]] == built.subjects[built.name_subject[n]]
    assert sum(loaded.name_weak[n] for n in range(count)) == sum(built.name_weak) > 0
    assert list(loaded.name_word_count) == list(built.name_word_count)
    assert loaded.counts == built.counts and loaded.by_imo == built.by_imo
    queries = [
        make_query("Korea Mining Developement Trading"),
        make_query("Kim Yong Chol", type="person", dob="1962"),
        make_query("Tanchon Commercial Bank"),
        make_query(imo="7937317"),
    ]
    for query in queries:
        expected = [m.as_dict() for m in matcher.screen(query)]
        assert expected and [m.as_dict() for m in Matcher(loaded).screen(query)] == expected


def test_the_cache_is_written_beside_the_store_not_in_the_temporary_folder(
    small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is written to a temporary file beside it and moved into place: one rename on
    one file system, never half a cache. A temporary folder that cannot be used changes nothing."""
    with Store(small_store, read_only=True) as opened:
        index = load_index(opened)
    cached = index_path(small_store)
    cached.unlink()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    write_cache(index, cached)
    assert read_index_cache(cached, index.version) is not None


def test_names_are_found_before_and_after_the_index_materialises(small_store: Path) -> None:
    # a batch or the API materialises the index after 200 queries (a dict of keys instead of
    # bisection); a look-up that trusted the wrong container there found nothing from then on
    with Store(small_store, read_only=True) as store:
        built = index_module.build_index(list(store.entities()), "test")
    cached = index_module._from_bytes(index_module._to_bytes(built), built.version)
    assert cached is not None
    names = ("Korea Mining Development Trading", "Kim Yong Chol", "Dream II", "Kim Yongchol")
    for index in (built, cached):
        for _ in range(2):
            for name in names:
                matches = Matcher(index).screen(make_query(name))
                assert matches and matches[0].score >= 0.9, name
            known = index.known_keys()
            assert all(key in known for n in range(len(index.name_text)) for key in index.name_keys[n])
            index.materialise()
