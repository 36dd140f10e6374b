"""System checks: what the app needs from the machine, told at start-up rather than at the
first PDF a nämndsekreterare tries to export."""

from django.core.checks import Error, register

from nameden.pdf import fonts


@register("nameden")
def check_pdf_fonts(app_configs=None, **kwargs) -> list[Error]:
    missing = fonts.missing_fonts()
    if not missing:
        return []
    return [
        Error(
            "Typsnittet för PDF:erna saknas / the PDF font is missing: "
            + ", ".join(str(path) for path in missing),
            hint=f"{fonts.INSTALL_HINT} / Run .ci/install-system-deps (installs "
            "fonts-liberation2), or point PDF_FONT_DIR at a directory with Liberation Sans.",
            id="nameden.E001",
        )
    ]
