"""The SVG half of `nameden.logotyp`: parse with defusedxml, rebuild from allow-lists.

Nothing of the uploaded file is copied as it stands: the drawing is written out again
element by element, keeping only the SVG elements, attributes and style properties listed
here, and only local references ("#id", "url(#id)"). Active content, outside references,
a DTD or entities, and <use> that could loop or multiply are refused with a Swedish message
that names what was found; editor metadata and comments are simply left out.
"""

import re
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from django.core.exceptions import ValidationError

#: SVG: the most elements and the deepest nesting rebuilt.
MAX_ELEMENT = 5000
MAX_DJUP = 40

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

#: Elements that are active content or fetch something: a file holding one is refused.
AKTIVA_ELEMENT = frozenset(
    {
        "script",
        "foreignObject",
        "image",
        "feImage",
        "a",
        "animate",
        "animateMotion",
        "animateTransform",
        "set",
        "discard",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "handler",
        "listener",
        "cursor",
    }
)

#: The SVG elements a logo is rebuilt from.
TILLATNA_ELEMENT = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "style",
    }
)
#: Elements whose text is content (the rest only hold white space between children).
TEXT_ELEMENT = frozenset({"text", "tspan", "title", "desc", "style"})

#: Presentation properties: allowed as attributes and inside style="" and <style>.
EGENSKAPER = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "opacity",
        "color",
        "display",
        "visibility",
        "clip-path",
        "clip-rule",
        "mask",
        "stop-color",
        "stop-opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "font-variant",
        "text-anchor",
        "letter-spacing",
        "word-spacing",
        "dominant-baseline",
        "baseline-shift",
        "transform",
    }
)
#: Geometry and structure attributes (no namespace).
ATTRIBUT = EGENSKAPER | frozenset(
    {
        "id",
        "class",
        "style",
        "version",
        "viewBox",
        "preserveAspectRatio",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "d",
        "points",
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "offset",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "pathLength",
        "href",
        "type",
    }
)

#: url(...) in a value: only a local fragment is kept.
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_LOKAL = re.compile(r"#[A-Za-z_][\w.\-:]*")
#: Never in a value, whatever the property: script, CSS expressions, escapes that hide them.
_FARLIGT = re.compile(r"javascript:|vbscript:|data:|expression\s*\(|\\|@import|<|>", re.I)
#: A <style> selector: element names, classes, ids, groups, descendants. Nothing that
#: matches on attributes (which could read values out) or pseudo-elements.
_SELEKTOR = re.compile(r"[A-Za-z0-9_\-.#*,\s>]+")


def _fel(text: str, code: str) -> ValidationError:
    return ValidationError(text, code=code)


def ser_ut_som_svg(data: bytes) -> bool:
    """Starts like an XML document whose first element is <svg (after a declaration,
    comments or a DOCTYPE, which the parser then refuses)."""
    huvud = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return huvud.startswith(b"<") and b"<svg" in huvud


def _lokalnamn(tagg: str) -> tuple[str, str]:
    if tagg.startswith("{"):
        ns, _, namn = tagg[1:].partition("}")
        return ns, namn
    return "", tagg


def sanera_svg(data: bytes) -> bytes:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        rot = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise _fel(
            "SVG-filen innehåller en DTD eller entiteter (<!DOCTYPE …> eller <!ENTITY …>). "
            "Sådana tas inte emot eftersom de kan användas för att läsa filer eller fylla "
            "minnet. Spara om logotypen som vanlig SVG utan DOCTYPE.",
            "dtd",
        ) from exc
    except (ParseError, ValueError) as exc:
        raise _fel("SVG-filen är inte giltig XML och går inte att läsa.", "trasig") from exc
    if _lokalnamn(rot.tag) != (SVG_NS, "svg"):
        raise _fel(
            "Filen är ingen SVG-bild: dess yttersta element är inte <svg> i SVG:s namnrymd.",
            "inte_svg",
        )
    if not (rot.get("viewBox") or (rot.get("width") and rot.get("height"))):
        raise _fel(
            "SVG-bilden saknar storlek: den behöver viewBox eller både width och height.",
            "storlek",
        )
    _kontrollera_use(rot)
    raknare = [0]
    delar: list[str] = []
    _bygg(rot, delar, raknare, djup=0, rot=True)
    return ("".join(delar) + "\n").encode("utf-8")


def _kontrollera_use(rot: Element) -> None:
    """Every <use> must point at an element of the file that holds no <use> itself: a
    <use> of its own ancestor never ends, and <use> of <use> of <use> … grows the drawing
    exponentially (the billion laughs of SVG)."""
    med_id = {el.get("id"): el for el in rot.iter() if el.get("id")}
    for el in rot.iter(f"{{{SVG_NS}}}use"):
        href = (el.get("href") or el.get(f"{{{XLINK_NS}}}href") or "").strip()
        if not _LOKAL.fullmatch(href):
            continue  # refused with its own message when the attributes are rebuilt
        mal = med_id.get(href[1:])
        if mal is None or any(_lokalnamn(d.tag)[1] == "use" for d in mal.iter()):
            raise _fel(
                f"SVG-filen har en <use> som hänvisar till {href}, som inte finns eller själv "
                "innehåller <use>. En <use> får bara upprepa en vanlig form i filen.",
                "use_slinga",
            )


def _aktiv(namn: str) -> ValidationError:
    return _fel(
        f"SVG-filen innehåller <{namn}>, som kan köra kod eller hämta innehåll utifrån. "
        "En logotyp får bara innehålla former, text och färger.",
        "aktivt_innehall",
    )


def _bygg(el: Element, ut: list[str], raknare: list[int], *, djup: int, rot=False) -> None:
    ns, namn = _lokalnamn(el.tag)
    if ns == SVG_NS and namn in AKTIVA_ELEMENT:
        raise _aktiv(namn)
    if ns != SVG_NS or namn not in TILLATNA_ELEMENT:
        return  # editor metadata (inkscape, sodipodi, rdf, <metadata>) and the like
    raknare[0] += 1
    if raknare[0] > MAX_ELEMENT or djup > MAX_DJUP:
        raise _fel(
            f"SVG-filen är för komplex (högst {MAX_ELEMENT} element och {MAX_DJUP} nivåer).",
            "for_komplex",
        )
    attribut = _attribut(el, namn)
    if rot:
        attribut.insert(0, ("xmlns", SVG_NS))
    ut.append(f"<{namn}" + "".join(f" {k}={quoteattr(v)}" for k, v in attribut) + ">")
    if namn == "style":
        ut.append(escape(_sanera_stilmall(el.text or "")))
    else:
        if namn in TEXT_ELEMENT and el.text:
            ut.append(escape(el.text))
        for barn in el:
            _bygg(barn, ut, raknare, djup=djup + 1)
            if namn in TEXT_ELEMENT and barn.tail:
                ut.append(escape(barn.tail))
    ut.append(f"</{namn}>")


def _attribut(el: Element, element: str) -> list[tuple[str, str]]:
    behall = []
    for nyckel, varde in sorted(el.attrib.items()):
        ns, namn = _lokalnamn(nyckel)
        if namn.lower().startswith("on"):
            raise _fel(
                f"SVG-filen har en händelsehanterare ({namn}=…) på <{element}>. Sådana kan "
                "köra kod och tas inte emot.",
                "handelse",
            )
        if namn == "href" and ns in ("", XLINK_NS):
            if not _LOKAL.fullmatch(varde.strip()):
                raise _fel(
                    f"SVG-filen hänvisar till ”{varde[:60]}” på <{element}>. En logotyp får "
                    "bara hänvisa till sina egna delar (#id), aldrig till filer, webbadresser "
                    "eller javascript:.",
                    "extern_referens",
                )
            behall.append(("href", varde.strip()))
            continue
        if ns or namn not in ATTRIBUT:
            continue  # inkscape:label, xml:space, data-*, … say nothing the drawing needs
        if namn == "style":
            varde = _sanera_deklarationer(varde, element=element)
            if not varde:
                continue
        else:
            _kontrollera_varde(varde, element=element, egenskap=namn)
        behall.append((namn, varde))
    return behall


def _kontrollera_varde(varde: str, *, element: str, egenskap: str) -> None:
    if _FARLIGT.search(varde):
        raise _fel(
            f"SVG-filen har ett otillåtet värde i {egenskap} på <{element}>: ”{varde[:60]}”.",
            "farligt_varde",
        )
    for match in _URL.finditer(varde):
        if not _LOKAL.fullmatch(match.group(2).strip()):
            raise _fel(
                f"SVG-filen hänvisar till ”{match.group(2)[:60]}” i {egenskap} på "
                f"<{element}>. En logotyp får bara hänvisa till sina egna delar (url(#id)).",
                "extern_referens",
            )


def _sanera_deklarationer(text: str, *, element: str) -> str:
    """A style="" (or a <style> rule's body) kept to the allow-listed properties."""
    import tinycss2

    behall = []
    for dekl in tinycss2.parse_blocks_contents(text, skip_whitespace=True, skip_comments=True):
        if dekl.type != "declaration":
            continue
        namn = dekl.lower_name
        if namn not in EGENSKAPER:
            continue
        varde = tinycss2.serialize(dekl.value).strip()
        _kontrollera_varde(varde, element=element, egenskap=namn)
        behall.append(f"{namn}:{varde}{' !important' if dekl.important else ''}")
    return ";".join(behall)


def _sanera_stilmall(text: str) -> str:
    """A <style> element kept to plain rules (Illustrator writes its colours as classes):
    no @import, @font-face or other at-rule, simple selectors, allow-listed properties."""
    import tinycss2

    regler = []
    for regel in tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True):
        if regel.type == "at-rule":
            raise _fel(
                f"SVG-filens stilmall innehåller @{regel.lower_at_keyword}, som inte tillåts "
                "i en logotyp (den kan hämta filer eller typsnitt utifrån).",
                "stilmall",
            )
        if regel.type != "qualified-rule":
            continue
        selektor = tinycss2.serialize(regel.prelude).strip()
        if not _SELEKTOR.fullmatch(selektor):
            continue
        innehall = _sanera_deklarationer(tinycss2.serialize(regel.content), element="style")
        if innehall:
            regler.append(f"{selektor}{{{innehall}}}")
    return "".join(regler)
