"""What the Registrera remiss page posts, for the view tests."""


def registrering_post(karin, socialnamnden, **andrat) -> dict:
    """A complete registration as the browser sends it (KS 2024/112 from Kommunstyrelsen, for
    Socialnämnden, Karin handläggare), then `andrat`."""
    return {
        "avsandare": "Kommunstyrelsen",
        "avsandarens_diarienummer": "KS 2024/112",
        "rubrik": "Remiss av Kommunikationsprogram för Stockholms stad",
        "inkom_datum": "2024-03-01",
        "svarsdatum": "2024-04-30",
        "namnder": [str(socialnamnden.pk)],
        "handlaggare": str(karin.pk),
        **andrat,
    }
