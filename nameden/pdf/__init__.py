"""PDF/A for every document the system makes: rendering (`render`), the safe URL fetcher
(`fetcher`), the fonts (`fonts`) and the metadata (`metadata`). See docs/pdf.md.

Importing this package does not import WeasyPrint; rendering does.
"""

from nameden.pdf.render import PdfFel, RenderedPdf, render_pdf, validate_pdfa

__all__ = ["PdfFel", "RenderedPdf", "render_pdf", "validate_pdfa"]
