"""PDF reports (the UN panel's, think tanks') as documents: their text through pypdf, without the
running heads, footers and page numbers every page repeats, with words hyphenated at a line's end
joined again and each paragraph on one line, so that sentences read across line and page breaks."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from sanctionwatch.claims.documents import Document
from sanctionwatch.errors import InputError

#: A line that is only a page number: "12", "- 12 -", "Page 12", "Page 12 of 40", "12/40".
_PAGE_NUMBER = re.compile(r"\s*(page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(\s*(of|/)\s*\d{1,4})?\s*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_FULL_STOP = re.compile(r"[.!?:;][\"'”’)\]]*$")


def pdf_document(name: str, data: bytes) -> Document:
    """The text of a PDF's pages as one document; its information dictionary as ``meta``."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is encrypted; save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from exc
    text = join_pages(pages)
    if not text.strip():
        raise InputError(f"{name}: the PDF has no text layer (a scan?); run it through OCR first")
    return Document(name, text, "pdf", _meta(info))


def _meta(info: Any) -> dict[str, str]:
    if info is None:
        return {}
    found = {"title": info.title, "author": info.author}
    try:
        created = info.creation_date
    except (ValueError, TypeError):
        created = None
    if created is not None:
        found["date"] = created.date().isoformat()
    return {key: str(value).strip() for key, value in found.items() if value and str(value).strip()}


def join_pages(pages: list[str]) -> str:
    """The pages' text as paragraphs separated by blank lines: lines every page repeats (running
    heads, footers, with their page numbers) and lone page numbers dropped, words hyphenated at a
    line's end joined, a paragraph's lines joined by spaces, and a paragraph that runs over a page
    break kept whole."""
    split = [[line.strip() for line in page.splitlines()] for page in pages]
    repeated = _furniture(split)
    lines = [
        line
        for page in split
        for line in page
        if line and not _PAGE_NUMBER.fullmatch(line) and _DIGITS.sub("#", line) not in repeated
    ]
    if not lines:
        return ""
    width = sorted(len(line) for line in lines)[int(0.9 * (len(lines) - 1))]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not current:
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current = current[:-1] + line  # "trans-" + "ferred"
        else:
            current = f"{current} {line}"
        if _ends_paragraph(line, width):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"


def _ends_paragraph(line: str, width: int) -> bool:
    """A line that ends a sentence well short of the text's width, or a short one with no stop (a
    heading)."""
    if _FULL_STOP.search(line):
        return len(line) < 0.85 * width
    return len(line) < 0.5 * width


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines (digits ignored) that open or close at least half of the pages, when there are three
    or more: running heads and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        kept = [line for line in page if line]
        edges = {_DIGITS.sub("#", line) for line in kept[:2] + kept[-2:]}
        counts.update(edges)
    return {line for line, count in counts.items() if count >= max(3, len(pages) // 2)}
