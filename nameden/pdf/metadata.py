"""What the PDF says about itself: dates as W3C strings and the archive's XMP fields.

WeasyPrint writes dc:title (from <title>), dc:description, dc:creator, pdf:Keywords,
xmp:CreatorTool, xmp:CreateDate and xmp:ModifyDate from the HTML head. An archive also wants
the diarienummer and the förvaltning as fields of their own, so `xmp_description` adds a
Dublin Core description (dc:identifier, dc:publisher, dc:type, dc:language) that the
renderer's finisher splices into the XMP packet. Dublin Core is one of the schemas PDF/A
predefines, so no extension schema is needed.
"""

import datetime as dt
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from django.utils import timezone

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
LANGUAGE = "sv-SE"

# The prefixes WeasyPrint uses too, so the packet reads "rdf:" and "dc:" throughout.
register_namespace("rdf", RDF)
register_namespace("dc", DC)


def w3c_datum(value: dt.date | dt.datetime) -> str:
    """'2024-04-11' for a date; '2024-04-11T09:30:00+02:00' (Stockholm time) for a datetime.

    Seconds, not microseconds: a PDF date has no finer unit, and the XMP date must equal it.
    """
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValueError("Tidpunkter i PDF:ens metadata måste ha tidszon.")
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def xmp_description(*, identifier: str, publisher: str, typ: str) -> bytes:
    """One rdf:Description with the fields an archive searches by: the diarienummer
    (`identifier`), the förvaltning that issues the document (`publisher`) and its kind."""
    description = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    SubElement(description, f"{{{DC}}}identifier").text = identifier
    for name, values in (
        ("publisher", [publisher]),
        ("type", [typ]),
        ("language", [LANGUAGE]),
    ):
        bag = SubElement(SubElement(description, f"{{{DC}}}{name}"), f"{{{RDF}}}Bag")
        for value in values:
            SubElement(bag, f"{{{RDF}}}li").text = value
    return tostring(description, encoding="unicode").encode()


def splice_xmp(packet: bytes, description: bytes) -> bytes:
    """Insert `description` as the last child of the packet's rdf:RDF element."""
    end = packet.rfind(b"</rdf:RDF>")
    if end < 0:
        raise ValueError("XMP-paketet saknar rdf:RDF.")
    return packet[:end] + description + packet[end:]
