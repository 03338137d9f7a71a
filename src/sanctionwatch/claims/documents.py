"""Reading documents as they come: plain and hard-wrapped text, Markdown, HTML pages with their
furniture, PDF reports; from files or standard input.

A document's ``text`` is what claims' offsets index: the file itself for text and Markdown (front
matter blanked out, so offsets still point into the file), the main text for HTML and PDF.
``paragraphs`` are its blocks: a blank line ends one, a single line break is a space (hard-wrapped
text), and a heading, a list item or a short line without a full stop stands alone. ``chunks``
are the pieces the parser reads: a paragraph, or a long paragraph cut at sentence ends, so that
reading time and memory grow with the length of a document, never with its square.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import InputError
from sanctionwatch.files import open_binary
from sanctionwatch.settings import max_document_bytes, max_document_chars

Span = tuple[int, int]
#: Longest piece of text the parser reads at once; a longer paragraph is cut at sentence ends.
MAX_CHUNK = 4000
#: Front matter keys a document may carry (``Document.meta``); others are kept as given.
META_KEYS = ("title", "publisher", "date", "url", "language", "author")


@dataclass
class Document:
    """A document's name and the text that claims are read from (offsets index into ``text``).

    ``meta`` holds what the document says about itself: title, publisher, date, url, language and
    author, from Markdown or text front matter, an HTML page's head or a PDF's information."""

    name: str
    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)
    #: (start, end) of each paragraph in ``text``, computed from the text when not given.
    paragraphs: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.paragraphs:
            self.paragraphs = paragraphs(self.text)

    def chunks(self) -> list[Span]:
        """The pieces the parser reads, in order: each paragraph, cut at sentence ends when long."""
        return [piece for paragraph in self.paragraphs for piece in cut(self.text, *paragraph)]

    def reading(self, span: Span) -> str:
        """The text of a chunk as the parser reads it: a line break inside it is a space (the same
        length, so offsets stay those of ``text``)."""
        return self.text[span[0] : span[1]].replace("\r", " ").replace("\n", " ")


def check_size(name: str, text: str) -> None:
    """Refuse a text longer than the document limit, in one line that says how to raise it."""
    limit = max_document_chars()
    if len(text) > limit:
        raise InputError(
            f"{name}: {len(text):,} characters of text, over the limit of {limit:,}; split the document "
            "or raise SANCTIONWATCH_MAX_DOCUMENT_CHARS"
        )


# --- paragraphs and chunks -------------------------------------------------------------------

_LINE = re.compile(r"[^\n]*\n?")
#: Lines that start a block of their own: Markdown headings, list items, quotes, rules, tables.
_OWN_LINE = re.compile(r"\s*(#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|>|\||---|\*\*\*|===)")
#: A line that ends a sentence (closing quotes and brackets may follow the stop).
_FULL_STOP = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")


def paragraphs(text: str) -> list[Span]:
    """Each paragraph's (start, end) in ``text``, without its surrounding white space.

    A blank line ends a paragraph, and so does a line break in a block with lines too long to be
    wrapped. A single line break in hard-wrapped text does not, except after a line that stands
    alone: a heading or list item, a short line with no full stop (a
    title), or a line ending a sentence well short of the block's width (a paragraph's last line
    in text with one paragraph per line)."""
    spans: list[Span] = []
    block: list[Span] = []
    for match in _LINE.finditer(text):
        if not match.group():
            break
        start, end = match.start(), match.end()
        line = text[start:end]
        if line.strip():
            stripped = line.rstrip()
            block.append((start + len(line) - len(line.lstrip()), start + len(stripped)))
        elif block:
            spans += _split_block(text, block)
            block = []
    if block:
        spans += _split_block(text, block)
    return spans


#: Lines longer than this are not hard-wrapped: each is a paragraph of its own.
MAX_WRAP = 150


def _split_block(text: str, lines: list[Span]) -> list[Span]:
    """The paragraphs of a block of consecutive lines."""
    width = max(end - start for start, end in lines)
    if width > MAX_WRAP:
        return lines  # one paragraph per line
    found: list[Span] = []
    current: Span | None = None
    ends = False
    for start, end in lines:
        line = text[start:end]
        own = bool(_OWN_LINE.match(line))
        if current is None or own or ends:
            if current is not None:
                found.append(current)
            current = (start, end)
        else:
            current = (current[0], end)
        stop = bool(_FULL_STOP.search(line))
        short = end - start < 0.6 * width
        ends = (
            (own and line.lstrip().startswith("#"))
            or (short and not stop)
            or (stop and end - start < 0.8 * width and len(lines) > 2)
        )
    if current is not None:
        found.append(current)
    return found


#: Where a sentence may end inside a long paragraph: a stop, closing quotes, space, a capital.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def cut(text: str, start: int, end: int, limit: int = MAX_CHUNK) -> list[Span]:
    """A paragraph as pieces of at most ``limit`` characters, cut after the last sentence end that
    fits, or else at the last space, or else (one endless word) at the limit."""
    pieces: list[Span] = []
    while end - start > limit:
        window = text[start : start + limit]
        stops = [m.end() for m in _SENTENCE_END.finditer(window)]
        at = stops[-1] if stops else window.rfind(" ") + 1 or limit
        if at <= 0:
            at = limit
        pieces.append((start, start + len(text[start : start + at].rstrip())))
        start += at
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


# --- front matter -----------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text with its front matter blanked out (offsets keep pointing into the file), and the
    front matter's ``key: value`` pairs."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    meta = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        if key.strip() and value.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    blank = re.sub(r"[^\n]", " ", match.group(0))
    return blank + text[match.end() :], meta


# --- decoding ---------------------------------------------------------------------------------


def decode(name: str, data: bytes) -> str:
    if not data.strip():
        raise InputError(f"{name}: empty document")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary data, not a text document")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}: line {line} is not UTF-8 text; save the file as UTF-8") from exc


def looks_like_html(text: str, name: str) -> bool:
    head = text[:2000].lower()
    return name.lower().endswith((".html", ".htm")) or "<html" in head or "<body" in head or "<p>" in head


def looks_like_pdf(data: bytes, name: str) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-") or name.lower().endswith(".pdf")


# --- reading ----------------------------------------------------------------------------------


def read_document(path: str) -> Document:
    """One document from a path, or ``-`` for standard input."""
    limit = max_document_bytes()
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        name = "<stdin>"
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"{path}: no such file")
        with open_binary(file) as handle:
            data = handle.read(limit + 1)
        name = path
    if len(data) > limit:
        raise InputError(
            f"{name}: over the limit of {limit:,} bytes; split the document or raise "
            "SANCTIONWATCH_MAX_DOCUMENT_MB"
        )
    return parse_document(name, data)


def parse_document(name: str, data: bytes) -> Document:
    """A document from its bytes, by its content: PDF, HTML, or text and Markdown."""
    if looks_like_pdf(data, name):
        from sanctionwatch.claims.pdf import pdf_document

        document = pdf_document(name, data)
    else:
        text = decode(name, data)
        if looks_like_html(text, name):
            from sanctionwatch.claims.html import html_document

            document = html_document(name, text)
        else:
            fmt = "markdown" if name.lower().endswith((".md", ".markdown")) else "text"
            body, meta = front_matter(text)
            document = Document(name, body, fmt, meta)
    check_size(name, document.text)
    return document


def from_text(name: str, text: str) -> Document:
    """A document from text already in memory (the API's request body), checked for size."""
    check_size(name, text)
    body, meta = front_matter(text)
    return Document(name, body, "text", meta)
