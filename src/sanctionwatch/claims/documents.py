"""Reading documents: plain text, Markdown, HTML (main text only), from files or standard input."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import InputError
from sanctionwatch.files import open_binary

BOILERPLATE = (
    "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, figure figcaption"
)
_BLOCKS = re.compile(r"\n\s*\n+")


@dataclass
class Document:
    """A document's name and the text that claims are read from (offsets index into ``text``).

    ``meta`` holds Markdown front matter (title, publisher, date, url) when the document has it."""

    name: str
    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)


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


def html_text(html: str) -> str:
    """The main text of a page: article or main element if present, boilerplate removed."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for node in tree.css(BOILERPLATE):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return ""
    blocks = []
    for node in root.css("h1, h2, h3, h4, p, li, blockquote"):
        text = " ".join(node.text(separator=" ").split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.text(separator=" ").split())]
    return "\n\n".join(blocks)


def read_document(path: str) -> Document:
    """One document from a path, or ``-`` for standard input."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"{path}: no such file")
        with open_binary(file) as handle:
            data = handle.read()
        name = path
    text = decode(name, data)
    if looks_like_html(text, name):
        main = html_text(text)
        if not main.strip():
            raise InputError(f"{name}: the HTML page has no main text")
        return Document(name, main, "html")
    fmt = "markdown" if name.lower().endswith((".md", ".markdown")) else "text"
    body, meta = front_matter(text)
    return Document(name, body, fmt, meta)
