"""The running header and footer as pagination artifacts, not orphaned tagged content.

WeasyPrint 70 marks the text of the page's margin boxes (our running header: organ,
document type, Dnr, "Sida X (Y)"; the grafisk profil's footer) as tagged content with
marked-content ids, builds structure elements for it, and then links them to nothing
(upstream issue #1836: an /Artifact structure element exists only in PDF 2.0, and PDF/A-2
is PDF 1.7). A reader that follows the structure tree never reaches that content, and a
PDF/UA checker reports it as content that is neither in the tree nor an artifact.

PDF 1.7 has the other way, which is the one PDF/UA-1 asks for page furniture: marked
content `/Artifact << /Type /Pagination >> BDC … EMC` in the content stream (ISO 32000-1,
14.8.2.2). So after WeasyPrint has written the file, every marked-content sequence whose
MCID no element of the structure tree reaches becomes such an artifact, and its entry in
the /ParentTree becomes null (the orphaned elements are then unreferenced and are not
written). Nothing reachable is touched; a file without a structure tree is returned as it
is. The result is saved deterministically, so the same input still gives the same bytes.
"""

import io

import pikepdf

_ARTEFAKT = (pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination))


def marginalinnehall_som_artefakt(pdf: bytes) -> bytes:
    """`pdf` with its untreed marked content (the margin boxes) made pagination artifacts."""
    with pikepdf.open(io.BytesIO(pdf)) as dokument:
        rot = dokument.Root.get("/StructTreeRoot")
        if rot is None or "/ParentTree" not in rot:
            return pdf
        natt = _nadda_mcid(dokument, rot)
        foraldrar = _foraldratrad(rot.ParentTree)
        andrat = False
        for sida in dokument.pages:
            lista = foraldrar.get(int(sida.obj.get("/StructParents", -1)))
            foraldralosa = _gor_artefakter(dokument, sida, natt)
            for mcid in foraldralosa:
                if lista is not None and mcid < len(lista):
                    lista[mcid] = None
            andrat = andrat or bool(foraldralosa)
        if not andrat:
            return pdf
        ut = io.BytesIO()
        dokument.save(ut, deterministic_id=True)
    return ut.getvalue()


def _gor_artefakter(dokument: pikepdf.Pdf, sida: pikepdf.Page, natt: set) -> list[int]:
    """Rewrite the page's BDC operators for MCIDs outside the tree; their MCIDs."""
    instruktioner = pikepdf.parse_content_stream(sida)
    foraldralosa = []
    for index, (operander, operator) in enumerate(instruktioner):
        if str(operator) != "BDC" or len(operander) != 2:
            continue
        egenskaper = operander[1]
        if not isinstance(egenskaper, pikepdf.Dictionary) or "/MCID" not in egenskaper:
            continue
        mcid = int(egenskaper.MCID)
        if (sida.obj.objgen, mcid) in natt:
            continue
        foraldralosa.append(mcid)
        instruktioner[index] = pikepdf.ContentStreamInstruction(list(_ARTEFAKT), operator)
    if foraldralosa:
        sida.obj.Contents = dokument.make_stream(pikepdf.unparse_content_stream(instruktioner))
    return foraldralosa


def _nadda_mcid(dokument: pikepdf.Pdf, rot: pikepdf.Dictionary) -> set[tuple[tuple, int]]:
    """(page objgen, MCID) of every marked-content reference the tree reaches from its root."""
    natt: set[tuple[tuple, int]] = set()
    besokta: set[tuple] = set()
    stack = [(rot.get("/K"), None)]
    while stack:
        obj, sida = stack.pop()
        if obj is None:
            continue
        if isinstance(obj, int):
            if sida is not None:
                natt.add((sida, obj))
        elif isinstance(obj, pikepdf.Array):
            stack.extend((k, sida) for k in obj)
        elif isinstance(obj, pikepdf.Dictionary):
            if obj.is_indirect:
                if obj.objgen in besokta:
                    continue
                besokta.add(obj.objgen)
            if "/Pg" in obj:
                sida = obj.Pg.objgen
            if obj.get("/Type") == pikepdf.Name.MCR:
                natt.add((sida, int(obj.MCID)))
            elif obj.get("/Type") != pikepdf.Name.OBJR and "/K" in obj:
                stack.append((obj.K, sida))
    return natt


def _foraldratrad(parent_tree: pikepdf.Dictionary) -> dict[int, pikepdf.Array]:
    """The /ParentTree's arrays by key (WeasyPrint writes one flat /Nums)."""
    nums = parent_tree.get("/Nums", pikepdf.Array())
    return {
        int(nyckel): varde
        for nyckel, varde in zip(nums[::2], nums[1::2], strict=True)
        if isinstance(varde, pikepdf.Array)
    }
