"""The book's identifiers in the PDF's XMP metadata, where catalogues and Calibre read
them: the print ISBN (PRISM's `prism:isbn`, `dc:identifier` as a URN, and `xmp:Identifier`
with its scheme), the edition statement (`prism:edition`), and the series in Calibre's
own schema (`calibre:series`, the only series property a reader of PDFs looks for).

The properties go into one more `rdf:Description` of WeasyPrint's packet; nothing else
of it changes, so the PDF/UA identification and the title stay as written.
"""

from __future__ import annotations

import pikepdf

from bookbuilder.model import BookConfig
from bookbuilder.text import isbn_digits, xml_escape

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpidq": "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    "calibre": "http://calibre-ebook.com/xmp-namespace",
    "calibreSI": "http://calibre-ebook.com/xmp-namespace-series-index",
}


def identifiers_xmp(config: BookConfig) -> str:
    """The `rdf:Description` of the book's ISBN, edition and series; "" when it has none."""
    properties = []
    if config.isbn:
        digits = xml_escape(isbn_digits(config.isbn))
        properties += [
            f"<prism:isbn>{digits}</prism:isbn>",
            f"<dc:identifier>urn:isbn:{digits}</dc:identifier>",
            '<xmp:Identifier><rdf:Bag><rdf:li rdf:parseType="Resource">'
            f"<xmpidq:Scheme>isbn</xmpidq:Scheme><rdf:value>{digits}</rdf:value>"
            "</rdf:li></rdf:Bag></xmp:Identifier>",
        ]
    if config.edition:
        properties.append(f"<prism:edition>{xml_escape(config.edition)}</prism:edition>")
    if config.series:
        index = config.series_number if config.series_number is not None else 1
        properties.append(
            f'<calibre:series rdf:parseType="Resource"><rdf:value>{xml_escape(config.series)}'
            f"</rdf:value><calibreSI:series_index>{index:.2f}</calibreSI:series_index>"
            "</calibre:series>"
        )
    if not properties:
        return ""
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    return f'<rdf:Description rdf:about="" {declared}>{"".join(properties)}</rdf:Description>'


def add_to_xmp(pdf: pikepdf.Pdf, description: str) -> None:
    """`description` added to the PDF's XMP packet, before the end of its `rdf:RDF`."""
    if not description or "/Metadata" not in pdf.Root:
        return
    packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
    end = packet.rfind("</rdf:RDF>")
    if end < 0:
        return
    packet = packet[:end] + description + packet[end:]
    metadata = pikepdf.Stream(pdf, packet.encode("utf-8"))
    metadata[pikepdf.Name.Type] = pikepdf.Name.Metadata
    metadata[pikepdf.Name.Subtype] = pikepdf.Name.XML
    pdf.Root.Metadata = metadata
