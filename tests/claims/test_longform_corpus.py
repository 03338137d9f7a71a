"""The long-form claims corpus (corpus/claims/longform) is well formed.

The checks read the files with a few lines of the standard library, not with the extractor's
document reader, so that a change to the reader cannot make a malformed article look valid. Each
check is parametrised by article, so a failure names the file and the field to fix.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from followthemoney.types import registry

from sanctionwatch.claims.model import CATEGORIES, MODALITIES
from sanctionwatch.claims.provisions import provisions_for

LONGFORM = Path(__file__).parents[2] / "corpus" / "claims" / "longform"
SPLITS = ("test", "train")
SUFFIXES = (".txt", ".md", ".html")
SHAPES = (
    "wire",
    "think_tank",
    "statement_rebuttal",
    "designation",
    "background_only",
    "regional_outlet",
    "panel_report",
)
FIELDS = {"category", "supplier", "recipient", "modality", "source", "provisions", "evidence"}
NAME = re.compile(r"\Alf[ab]-\d{3}\Z")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
FRONT_MATTER_KEYS = {"title", "publisher", "date", "url", "language"}
SHORTEST, LONGEST = 600, 2500
# Page furniture the article body does not count: what a reader of the page skips.
SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "figcaption"}


def _documents() -> list[Path]:
    return sorted(p for split in SPLITS for p in (LONGFORM / split).glob("*") if p.suffix in SUFFIXES)


def _annotations() -> list[Path]:
    return sorted(p for split in SPLITS for p in (LONGFORM / split).glob("*.json"))


class _Text(HTMLParser):
    """The text of a page, and apart from it the text inside its ``<article>`` element less the
    furniture in ``SKIPPED``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: list[str] = []
        self.article: list[str] = []
        self._in_article = 0
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        elif tag in SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag in SKIPPED:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        self.page.append(data)
        if self._in_article and not self._skipping:
            self.article.append(data)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _texts(document: Path) -> tuple[str, str]:
    """The article's body text (what its length is measured on) and the text its evidence is
    looked up in, both with runs of whitespace squeezed to one space (a hard-wrapped line break
    inside a sentence is a space)."""
    raw = document.read_text(encoding="utf-8")
    if document.suffix == ".html":
        parser = _Text()
        parser.feed(raw)
        return _squeezed(" ".join(parser.article)), _squeezed(html.unescape(" ".join(parser.page)))
    if document.suffix == ".md":
        match = FRONT_MATTER.match(raw)
        body = raw[match.end() :] if match else raw
        return _squeezed(body), _squeezed(raw)
    return _squeezed(raw), _squeezed(raw)


def _document_of(annotation: Path) -> Path:
    found = [annotation.with_suffix(suffix) for suffix in SUFFIXES if annotation.with_suffix(suffix).exists()]
    assert len(found) == 1, (
        f"{annotation}: needs exactly one document beside it (.txt, .md or .html), found {found}"
    )
    return found[0]


def _claims(annotation: Path) -> list[dict[str, Any]]:
    data = json.loads(annotation.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("claims"), list), (
        f"{annotation}: needs a 'claims' list"
    )
    return data["claims"]


def test_the_corpus_has_articles() -> None:
    assert len(_annotations()) >= 25


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.name)
def test_every_document_has_its_annotation(document: Path) -> None:
    assert NAME.match(document.stem), f"{document}: names are lfa-NNN or lfb-NNN"
    assert document.with_suffix(".json").exists(), f"{document}: no {document.stem}.json beside it"


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_annotation_is_well_formed(annotation: Path) -> None:
    data = json.loads(annotation.read_text(encoding="utf-8"))
    assert data.get("shape") in SHAPES, f"{annotation}: 'shape' must be one of {SHAPES}"
    for number, claim in enumerate(_claims(annotation)):
        where = f"{annotation}: claim {number}"
        assert set(claim) == FIELDS, f"{where}: fields must be {sorted(FIELDS)}, not {sorted(claim)}"
        assert claim["category"] in CATEGORIES, f"{where}: unknown category {claim['category']!r}"
        assert claim["modality"] in MODALITIES, f"{where}: unknown modality {claim['modality']!r}"
        for side in ("supplier", "recipient"):
            code = claim[side]
            valid = code is None or (
                isinstance(code, str)
                and re.fullmatch("[A-Z]{2}", code)
                and code.lower() in registry.country.names
            )
            assert valid, f"{where}: {side} {code!r} is not an ISO 3166-1 alpha-2 code or null"
        assert claim["supplier"] is None or claim["supplier"] != claim["recipient"], (
            f"{where}: supplier is recipient"
        )
        source = claim["source"]
        assert source is None or (isinstance(source, str) and source == source.strip() and source), (
            f"{where}: source must be a trimmed non-empty string or null"
        )
        expected = provisions_for(claim["category"], claim["supplier"], claim["recipient"])
        assert claim["provisions"] == expected, f"{where}: provisions must be {expected}"


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_one_claim_per_category_parties_and_modality(annotation: Path) -> None:
    keys = [(c["category"], c["supplier"], c["recipient"], c["modality"]) for c in _claims(annotation)]
    repeated = sorted({key for key in keys if keys.count(key) > 1}, key=str)
    assert not repeated, f"{annotation}: one claim per (category, supplier, recipient, modality): {repeated}"


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_evidence_is_quoted_from_the_document(annotation: Path) -> None:
    _, searchable = _texts(_document_of(annotation))
    for number, claim in enumerate(_claims(annotation)):
        evidence = claim["evidence"]
        assert isinstance(evidence, list) and evidence, (
            f"{annotation}: claim {number} needs evidence sentences"
        )
        for quoted in evidence:
            assert isinstance(quoted, str) and _squeezed(quoted) in searchable, (
                f"{annotation}: claim {number}: evidence not found in the document: {quoted!r}"
            )


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_body_length_is_that_of_an_article(annotation: Path) -> None:
    body, _ = _texts(_document_of(annotation))
    assert SHORTEST <= len(body) <= LONGEST, (
        f"{annotation}: body is {len(body)} characters, not {SHORTEST}-{LONGEST}"
    )


@pytest.mark.parametrize("document", [p for p in _documents() if p.suffix == ".md"], ids=lambda p: p.name)
def test_markdown_front_matter_has_the_documented_keys(document: Path) -> None:
    match = FRONT_MATTER.match(document.read_text(encoding="utf-8"))
    assert match, f"{document}: a .md article opens with YAML front matter between --- lines"
    keys = {line.partition(":")[0].strip() for line in match.group(1).splitlines() if line.strip()}
    assert keys <= FRONT_MATTER_KEYS, f"{document}: front matter keys must be in {sorted(FRONT_MATTER_KEYS)}"
    assert {"title", "publisher", "date"} <= keys, f"{document}: front matter needs title, publisher and date"


def test_held_out_and_training_articles_do_not_overlap() -> None:
    held_out = {p.stem for p in (LONGFORM / "test").glob("*.json")}
    training = {p.stem for p in (LONGFORM / "train").glob("*.json")}
    assert not held_out & training, f"in both splits: {sorted(held_out & training)}"


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_html_evidence_is_in_the_article_not_the_furniture(annotation: Path) -> None:
    """A claim on a web page rests on the article, never on a related-link headline, a caption or
    the footer, which the evidence check above (run on the whole page) would let through."""
    document = _document_of(annotation)
    if document.suffix != ".html":
        return
    body, _ = _texts(document)
    for number, claim in enumerate(_claims(annotation)):
        for quoted in claim["evidence"]:
            assert _squeezed(quoted) in body, (
                f"{annotation}: claim {number}: evidence is outside the <article> body: {quoted!r}"
            )


@pytest.mark.parametrize("annotation", _annotations(), ids=lambda p: p.name)
def test_error_classes_when_given_are_a_list_of_names(annotation: Path) -> None:
    """Writer B's annotations name the error classes of issue 23 an article exercises (a reviewer's
    index); when the field is there it is a list of short names."""
    data = json.loads(annotation.read_text(encoding="utf-8"))
    classes = data.get("classes", [])
    assert isinstance(classes, list) and all(
        isinstance(name, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) for name in classes
    ), f"{annotation}: 'classes' must be a list of lower-case hyphenated names"
