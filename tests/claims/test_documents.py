from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.claims.documents import read_document
from sanctionwatch.errors import InputError


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
