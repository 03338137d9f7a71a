from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.claims.documents import MAX_CHUNK, Document, cut, paragraphs, read_document
from sanctionwatch.claims.extract import extract
from sanctionwatch.errors import ConfigError, InputError


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><script>var x = 'North Korea sent shells';</script><style>p{}</style></head><body>"
        "<nav>Home | World | North Korea sent coal</nav><article><h1>Shells for Russia</h1>"
        "<p>North Korea sent artillery shells to Russia, officials said.</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )
    document = read_document(str(page))
    assert document.format == "html"
    assert "artillery shells to Russia" in document.text
    assert "newsletter" not in document.text and "var x" not in document.text and "coal" not in document.text


def test_markdown_keeps_its_offsets(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Title\n\n*North Korea* sent shells to **Russia**.\n")
    assert read_document(str(note)).text == note.read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"fine line\n\xff\xfe\xfa broken", "line 2 is not UTF-8"),
    ],
)
def test_bad_documents_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(str(path))
    assert "bad.txt" in str(info.value)


# --- documents as they come -------------------------------------------------------------------

WRAPPED = (
    "Shells for oil\n"
    "North Korea has shipped more than a million artillery shells to Russia since\n"
    "August, South Korea's National Intelligence Service said on Tuesday, in\n"
    "return for oil.\n"
    "\n"
    "The Kremlin denied\n"
    "the report.\n"
)


def test_hard_wrapped_text_reads_a_line_break_as_a_space_and_a_blank_line_as_a_paragraph() -> None:
    document = Document("t", WRAPPED, "text")
    texts = [WRAPPED[a:b] for a, b in document.paragraphs]
    assert texts[0] == "Shells for oil"  # a short line with no stop is a title of its own
    assert texts[1].startswith("North Korea") and texts[1].endswith("return for oil.")
    assert texts[2] == "The Kremlin denied\nthe report."
    readings = [document.reading(chunk) for chunk in document.chunks()]
    assert readings[1] == WRAPPED[slice(*document.paragraphs[1])].replace("\n", " ")
    assert all(len(document.reading(c)) == c[1] - c[0] for c in document.chunks())  # offsets kept


def test_lines_too_long_to_be_wrapped_are_paragraphs_and_list_items_stand_alone() -> None:
    first = "Russia denied the report, which it called a fabrication meant to hurt relations, " * 2
    text = f"{first.strip()}\nChina said it had seen no evidence of any such shipment at all.\n"
    assert len(paragraphs(text)) == 2
    listed = "Findings:\n- coal left Nampo\n- oil reached Nampo\n"
    assert [listed[a:b] for a, b in paragraphs(listed)] == [
        "Findings:",
        "- coal left Nampo",
        "- oil reached Nampo",
    ]


def test_a_long_paragraph_is_cut_at_sentence_ends_into_bounded_chunks() -> None:
    text = "North Korea sent shells to Russia. " * 400
    pieces = cut(text, 0, len(text.rstrip()))
    assert len(pieces) > 1 and all(b - a <= MAX_CHUNK for a, b in pieces)
    assert all(text[b - 1] == "." for _, b in pieces)
    endless = "x" * (MAX_CHUNK * 2 + 5)
    assert [b - a for a, b in cut(endless, 0, len(endless))] == [MAX_CHUNK, MAX_CHUNK, 5]


def test_front_matter_is_exposed_and_blanked(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "---\ntitle: Shells for oil\npublisher: Yonhap\ndate: 2025-06-03\nurl: https://example.org/a\n"
        "language: en\n---\nNorth Korea sent shells to Russia.\n"
    )
    document = read_document(str(path))
    assert document.meta == {
        "title": "Shells for oil",
        "publisher": "Yonhap",
        "date": "2025-06-03",
        "url": "https://example.org/a",
        "language": "en",
    }
    assert document.text.index("North Korea") == path.read_text().index("North Korea")
    assert "Yonhap" not in document.text


PAGE = """<html lang="en"><head><title>Shells for oil | The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2025-06-03T08:00:00Z">
<link rel="canonical" href="https://example.org/shells"></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
<nav><a href="/">Home</a> <a href="/world">North Korea sent coal to China</a></nav>
<article><h1>Shells for oil</h1><p class="byline">By Jane Kim, Seoul correspondent</p>
<p>North Korea has shipped more than a million artillery shells to Russia since August, South Korea's
National Intelligence Service said on Tuesday.</p>
<p>In return, Moscow has supplied oil and food, the agency said, in what analysts describe as a growing
exchange between the two.</p>
<p>The Kremlin denied the report, calling it a fabrication.</p>
<aside class="related"><h3>Related</h3>
<ul><li><a href="/x">China sold coal to North Korea</a></li></ul></aside>
</article><div class="newsletter"><p>Sign up for our newsletter on Korea</p></div>
<footer>Copyright The Daily</footer></body></html>"""


def test_html_page_furniture_is_left_out_and_its_head_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    document = read_document(str(path))
    assert document.format == "html"
    assert document.meta["publisher"] == "The Daily" and document.meta["language"] == "en"
    assert document.meta["url"] == "https://example.org/shells"
    assert document.meta["date"].startswith("2025-06-03")
    for furniture in ("cookies", "Home", "coal", "Jane Kim", "newsletter", "Copyright"):
        assert furniture not in document.text
    texts = [document.text[a:b] for a, b in document.paragraphs]
    assert texts[0] == "Shells for oil"
    assert texts[-1] == "The Kremlin denied the report, calling it a fabrication."
    assert len(texts) == 4


def test_a_page_of_nested_blocks_is_read_once(tmp_path: Path) -> None:
    sentence = "North Korea sent artillery shells to Russia, officials said. "
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 3000 + sentence * 50 + "</div>" * 3000 + "</body></html>")
    document = read_document(str(path))
    assert document.text.count("artillery shells") == 50


def _pdf(path: Path, pages: list[list[str]]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.set_title("Panel report")
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.cell(0, 8, "S/2024/215 - Panel of Experts", new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 8, str(number), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_a_pdf_report_reads_across_lines_and_pages_without_its_running_heads(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    body = [
        [
            "The Panel found that the tanker delivered refined petroleum to a North Korean",
            "vessel in a ship-to-ship transfer off Nampo in March, and that the trans-",
        ],
        ["fer was not reported to the Committee.", "Russia denied that its vessels took part."],
        ["The Member State did not reply to the Panel's letter of inquiry sent on 4 May."],
    ]
    _pdf(path, body)
    document = read_document(str(path))
    assert document.format == "pdf" and document.meta["title"] == "Panel report"
    assert "Panel of Experts" not in document.text  # the running head, on every page
    assert "transfer was not reported" in document.text  # hyphenated over a page break
    assert "North Korean vessel" in document.text  # one line read into the next
    first = document.text[slice(*document.paragraphs[0])]
    assert first.startswith("The Panel found") and first.endswith("to the Committee.")


def test_a_broken_pdf_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    with pytest.raises(InputError, match="broken.pdf"):
        read_document(str(path))


def test_a_document_over_the_size_limit_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONWATCH_MAX_DOCUMENT_CHARS", "1000")
    path = tmp_path / "long.txt"
    path.write_text("North Korea sent shells to Russia. " * 100)
    with pytest.raises(InputError) as info:
        read_document(str(path))
    message = str(info.value)
    assert (
        "long.txt" in message
        and "3,500 characters" in message
        and "SANCTIONWATCH_MAX_DOCUMENT_CHARS" in message
    )
    assert "\n" not in message
    with pytest.raises(InputError, match="over the limit"):
        extract(Document("api", "North Korea sent shells. " * 100, "text"))
    monkeypatch.setenv("SANCTIONWATCH_MAX_DOCUMENT_MB", "0")
    with pytest.raises(ConfigError, match="SANCTIONWATCH_MAX_DOCUMENT_MB"):
        read_document(str(path))


def test_a_document_past_spacys_own_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # spaCy refuses a text over nlp.max_length (E088); read by chunks, a document never reaches it
    from sanctionwatch.claims.lexicon import lexicons

    monkeypatch.setattr(lexicons().nlp, "max_length", 5000)
    text = "\n\n".join(["Officials said the talks went well."] * 300 + ["North Korea sent shells to Russia."])
    claims = extract(Document("long", text, "text"))
    assert {(c.category, c.supplier, c.recipient) for c in claims} == {("arms", "KP", "RU")}
    (claim,) = claims
    assert text[claim.start : claim.end] == claim.text == "North Korea sent shells to Russia."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .?\n-#"), max_size=400), st.integers(min_value=5, max_value=60))
def test_paragraphs_and_chunks_cover_the_text_in_order_within_bounds(text: str, limit: int) -> None:
    spans = paragraphs(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(spans[n][1] <= spans[n + 1][0] for n in range(len(spans) - 1))
    words = [w for w in text.split() if w]
    assert "".join("".join(text[a:b].split()) for a, b in spans) == "".join(words)  # nothing lost
    for a, b in spans:
        pieces = cut(text, a, b, limit)
        assert all(y - x <= limit for x, y in pieces)
        assert "".join("".join(text[x:y].split()) for x, y in pieces) == "".join(text[a:b].split())
