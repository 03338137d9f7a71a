"""Web pages as documents: the article's own text, without the page's furniture (navigation, related
links, cookie banners, bylines, share buttons, comments), and what the page says about itself.

The main text comes from trafilatura, a maintained extractor built for news pages; a page it finds
no article in (a bare fragment, a page of nested blocks) is read block by block with selectolax,
less its furniture. Either way each paragraph is a block of the document, separated by a blank
line. Title, publisher, date, url, language and author come from the page's head.
"""

from __future__ import annotations

import re
from typing import Any

from sanctionwatch.claims.documents import Document
from sanctionwatch.errors import InputError

#: Elements that are never the article's text.
FURNITURE = (
    "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, "
    "select, figure figcaption, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]"
)
#: Class or id words of page furniture: cookie and consent banners, related and recommended links,
#: bylines and author boxes, share and social bars, newsletters, comments, breadcrumbs, adverts.
_FURNITURE_NAMES = re.compile(
    r"cookie|consent|gdpr|banner|related|recommend|read-?more|more-?stories|byline|author|share|"
    r"social|newsletter|subscribe|signup|comment|breadcrumb|advert|\bads?\b|promo|sidebar|popup|"
    r"modal|menu|masthead|footer|header|tags?\b|caption|credit",
    re.IGNORECASE,
)
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, dd"
#: A line that is only a byline or a dateline stamp: "By Jane Kim", "Updated 3 June 2025".
_BYLINE = re.compile(r"(by|updated|published|posted)\b[^.]{0,80}$", re.IGNORECASE)
_META = {
    "title": ("og:title", "twitter:title", "title"),
    "publisher": ("og:site_name", "application-name", "publisher"),
    "date": ("article:published_time", "date", "pubdate", "dc.date", "datepublished"),
    "url": ("og:url",),
    "author": ("author", "article:author"),
}


def html_document(name: str, html: str) -> Document:
    """The page's main text, one paragraph per block, and its metadata."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    meta = page_meta(tree)
    blocks = _extracted(html) or _blocks(tree)
    title = meta.get("title")
    heading = tree.css_first("h1")
    headline = " ".join(heading.text(separator=" ").split()) if heading is not None else title
    if headline and blocks and headline not in blocks[0]:
        blocks.insert(0, headline)  # the headline opens the document, as in the corpus
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{name}: the HTML page has no main text")
    return Document(name, text + "\n", "html", meta)


def _extracted(html: str) -> list[str]:
    """The article's paragraphs as trafilatura finds them, or none."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            deduplicate=False,
            favor_precision=True,
        )
    except (ValueError, TypeError, RecursionError):  # a page too broken for lxml: read it by blocks
        return []
    return [line for line in (" ".join(raw.split()) for raw in (text or "").splitlines()) if line]


def _blocks(tree: Any) -> list[str]:
    """The page's text blocks, innermost first, less its furniture: each block's own text, so that
    nested blocks are read once (a page of nested blocks is read in linear time)."""
    for node in tree.css(FURNITURE):
        node.decompose()
    for node in tree.css("[class], [id]"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _FURNITURE_NAMES.search(names) and node.tag not in ("html", "body", "article", "main"):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return []
    found = []
    for node in root.css(_BLOCKS):
        text = " ".join(node.text(deep=True, separator=" ").split()) if not node.css_first(_BLOCKS) else ""
        if text and not _BYLINE.match(text):
            found.append(text)
    if not found:
        found = [" ".join(root.text(separator=" ").split())]
    return [text for text in found if text]


def page_meta(tree: Any) -> dict[str, str]:
    """Title, publisher, date, url, author from the page's ``<meta>`` tags (Open Graph first), its
    ``<title>`` and canonical link, and the language from ``<html lang>``."""
    tags: dict[str, str] = {}
    for node in tree.css("meta"):
        key = (node.attributes.get("property") or node.attributes.get("name") or "").lower()
        value = (node.attributes.get("content") or "").strip()
        if key and value and key not in tags:
            tags[key] = value
    meta = {}
    for field, keys in _META.items():
        value = next((tags[key] for key in keys if key in tags), None)
        if value:
            meta[field] = value
    title = tree.css_first("title")
    if "title" not in meta and title is not None and title.text().strip():
        meta["title"] = " ".join(title.text().split())
    link = tree.css_first("link[rel=canonical]")
    if "url" not in meta and link is not None and (link.attributes.get("href") or "").strip():
        meta["url"] = (link.attributes.get("href") or "").strip()
    page = tree.css_first("html")
    if page is not None and (lang := (page.attributes.get("lang") or "").strip()):
        meta["language"] = lang
    return meta
