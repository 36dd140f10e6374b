"""The tjänsteutlåtande as PDF/A: rendering (`render`), the safe URL fetcher (`fetcher`),
the fonts (`fonts`) and the metadata (`metadata`). See docs/pdf.md.

Importing this package does not import WeasyPrint; rendering does.
"""

from remiss.pdf.render import (
    PdfFel,
    RenderedPdf,
    render_pdf,
    render_tjansteutlatande,
    validate_pdfa,
)

__all__ = ["PdfFel", "RenderedPdf", "render_pdf", "render_tjansteutlatande", "validate_pdfa"]
