"""TMX 1.4b, the memory exchange format of CAT tools (Trados, memoQ, OmegaT, Weblate).

The one gateway to TMX files. Writing: `srclang` is the project's source language and every
`<tuv>` carries its real `xml:lang` (peers have been seen to label the German source `en`).
Reading: streamed and hardened as `_xml` does for every XML file from other tools. Language tags are
compared by their language (`de-DE`, `DE`, `de_de` are German); `srclang="*all*"` is read
with the project's source language as the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__
from ._xml import forget_before, stream
from .fileio import write_atomic
from .languages import base_language
from .model import MemoryUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tmx(path: Path, source_language: str, units: Iterable[MemoryUnit]) -> int:
    """Write the units as TMX 1.4b; the number written."""
    from lxml import etree  # imported when first needed: every command starts faster

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "i18n-tool",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": source_language,
            "o-tmf": "PO",
        },
    )
    body = etree.SubElement(root, "body")
    count = 0
    for unit in units:
        tu = (
            etree.SubElement(body, "tu", creationdate=unit.date)
            if unit.date
            else (etree.SubElement(body, "tu"))
        )
        if unit.where:
            prop = etree.SubElement(tu, "prop", type="x-document")
            prop.text = unit.where
        for language, text in ((source_language, unit.source), (unit.language, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: language})
            etree.SubElement(tuv, "seg").text = text
        count += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_atomic(path, data)
    return count


def read_tmx(path: Path, source_language: str) -> Iterator[MemoryUnit]:
    """The units of a TMX file with a segment in the source language and one in another."""
    source = base_language(source_language)
    for _, tu in stream(path, "TMX", tag="tu"):
        where = tu.findtext("prop[@type='x-document']") or path.name
        segments = {}
        for tuv in tu.iterfind("tuv"):
            language = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is not None and language:
                segments.setdefault(base_language(language), "".join(seg.itertext()))
        if segments.get(source):
            for language, text in segments.items():
                if language != source and text:
                    date = tu.get("creationdate", "")
                    yield MemoryUnit(segments[source], text, where, language, date)
        forget_before(tu)  # memory stays bounded for any file size
