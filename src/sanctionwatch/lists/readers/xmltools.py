"""Reading the publishers' XML lists record by record, whatever namespace they use this year.

OFAC has published ``sdnList`` under two namespaces (``http://tempuri.org/sdnList.xsd``, then its
Sanctions List Service's), the EU uses ``http://eu.europa.ec/fpi/fsd/export`` and the FCDO none:
the readers match local names only. Records are read with ``iterparse`` and cleared once read,
so a 100 MB list never becomes a whole tree in memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from pyexpat import ErrorString
from xml.parsers.expat.errors import XML_ERROR_INVALID_TOKEN
from xml.parsers.expat.errors import codes as expat_codes

from sanctionwatch.errors import ParseError
from sanctionwatch.files import open_binary


def local(tag: str) -> str:
    """The tag without its namespace: ``{http://...}sdnEntry`` -> ``sdnEntry``."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """The direct children named ``name`` (any namespace)."""
    return [child for child in element if local(child.tag) == name]


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    found = children(element, name)
    return found[0] if found else None


def text(element: ET.Element | None, name: str) -> str:
    """The text of the first child named ``name``, whitespace collapsed; "" when absent."""
    found = child(element, name)
    if found is None or found.text is None:
        return ""
    return " ".join(found.text.split())


def descend(element: ET.Element | None, *path: str) -> list[ET.Element]:
    """The elements at a path of child names (``descend(e, "akaList", "aka")``)."""
    level = [element] if element is not None else []
    for name in path:
        level = [found for parent in level for found in children(parent, name)]
    return level


def texts(element: ET.Element | None, *path: str) -> list[str]:
    """The non-empty texts at a path of child names (``texts(e, "programList", "program")``)."""
    values = [" ".join((found.text or "").split()) for found in descend(element, *path)]
    return [value for value in values if value]


@dataclass
class XmlList:
    """The records of one XML list file, read one at a time.

    ``root`` is the expected name of the root element; ``header`` names elements outside the
    records whose text the reader wants (OFAC's ``Publish_Date``), found in ``found``; the root's
    attributes (the EU's ``generationDate``) are in ``attributes`` once reading has begun.
    """

    path: Path
    root: str
    record: str
    header: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)

    def records(self) -> Iterator[ET.Element]:
        depth = 0
        inside = 0  # how many record elements enclose the current one
        try:
            with open_binary(self.path) as handle:
                for event, element in ET.iterparse(handle, events=("start", "end")):
                    name = local(element.tag)
                    if event == "start":
                        if depth == 0:
                            if name != self.root:
                                raise ParseError(
                                    self.path, "root element", f"expected {self.root}, found {name}"
                                )
                            self.attributes = dict(element.attrib)
                        depth += 1
                        inside += name == self.record
                        continue
                    depth -= 1
                    if name == self.record:
                        inside -= 1
                        if inside == 0:
                            yield element
                            element.clear()
                    elif inside == 0 and name in self.header and element.text:
                        self.found.setdefault(name, " ".join(element.text.split()))
        except ET.ParseError as exc:
            raise broken_xml(self.path, exc) from exc


def broken_xml(path: Path, exc: ET.ParseError) -> ParseError:
    """The parser's reason, its position given once, and for an invalid token what usually causes
    one: a file declared UTF-8 (XML's default) with bytes of another encoding gives only "not
    well-formed (invalid token)", which tells a user nothing to fix."""
    line, column = exc.position
    reason = ErrorString(exc.code)
    if exc.code == expat_codes[XML_ERROR_INVALID_TOKEN]:
        reason += ": a character XML does not allow, or bytes that are not in the file's encoding"
    return ParseError(path, f"line {line}, column {column}", f"broken XML, {reason}")
