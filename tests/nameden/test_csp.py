"""Content-Security-Policy without 'unsafe-inline' on every response (nameden.csp), and the
templates that make that possible: no inline script, style or event handler anywhere."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from nameden.csp import HEADER

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def direktiv(response) -> dict[str, str]:
    """The header as {directive: sources}."""
    value = response[HEADER]
    parts = (part.strip().partition(" ") for part in value.split(";") if part.strip())
    return {name: sources for name, _, sources in parts}


def assert_strict(response) -> None:
    policy = direktiv(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response[HEADER]
    assert "unsafe-eval" not in response[HEADER]


def test_the_login_page_has_the_strict_policy(client):
    """GIVEN nobody logged in WHEN the login page is fetched THEN its answer carries the
    strict policy: own files only, nothing inline, never framed, forms only to us."""
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict(response)


def test_a_redirect_to_login_has_it_too(client):
    """GIVEN nobody logged in WHEN a page that needs login is fetched THEN the redirect
    carries the policy as well."""
    response = client.get(reverse("remiss:lista"))
    assert response.status_code == 302
    assert_strict(response)


def test_pages_of_a_logged_in_user_have_it(client, karin, tu):
    """GIVEN Karin logged in WHEN her lists, a case, a form page and the PDF preview are
    fetched THEN every answer carries the strict policy."""
    client.force_login(karin)
    for url in (
        reverse("remiss:mina"),
        reverse("remiss:lista"),
        reverse("remiss:detalj", args=[tu.remiss.pk]),
        reverse("remiss:tu_huvud", args=[tu.remiss.pk]),
        reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_error_pages_have_it(client, karin, tu):
    """GIVEN Karin logged in WHEN she asks for something that does not exist, or posts to a
    page that only reads THEN the 404 and the 405 pages carry the policy."""
    client.force_login(karin)
    response = client.get("/remisser/999999/")
    assert response.status_code == 404
    assert_strict(response)
    response = client.post(reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]))
    assert response.status_code == 405
    assert_strict(response)


def test_the_public_anslagstavla_has_it(client):
    """GIVEN nobody logged in WHEN the public anslagstavla is fetched THEN it carries the
    strict policy."""
    response = client.get(reverse("anslagstavla:lista"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_admin_allows_inline_styles_only(admin_client):
    """GIVEN a superuser WHEN an admin page is fetched THEN its policy allows inline styles
    (Django's change list writes a <style> block) and nothing else more: scripts stay
    'self' only, and it still may not be framed."""
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = direktiv(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


# --- The templates ---------------------------------------------------------------------------

#: What the strict policy would block (or what would be a reason to weaken it).
INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def sidmallar() -> list[Path]:
    """Every template a browser receives: all of templates/ except the PDFs' (WeasyPrint
    renders those server-side and no browser applies a policy to them)."""
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        and path.suffix in (".html", ".txt", ".xml", ".svg")
        and "pdf" not in path.relative_to(TEMPLATES).parts[:1]
    ]


def test_the_scan_sees_the_templates_and_would_catch_each_kind():
    """GIVEN the scan below WHEN it is pointed at examples of each inline kind THEN it
    catches every one, and it reads the base template (so it is not scanning nothing)."""
    mallar = sidmallar()
    assert TEMPLATES / "base.html" in mallar
    assert not any("pdf" in p.relative_to(TEMPLATES).parts[:1] for p in mallar)
    exempel = {
        "inline script": '<script>alert(1)</script> <script src="/static/js/app.js"></script>',
        "style block": "<style>p{}</style>",
        "style attribute": '<p style="color:red">',
        "event handler": "<a onclick='x()'>",
        "javascript: URL": '<a href="javascript:void(0)">',
    }
    for namn, text in exempel.items():
        assert INLINE[namn].search(text), namn
    assert not INLINE["inline script"].search('<script src="/static/js/app.js" defer></script>')


def test_no_template_holds_inline_script_or_style():
    """GIVEN every template outside templates/pdf/ WHEN each is scanned THEN none holds an
    inline <script>, a <style> block, a style attribute, an event-handler attribute or a
    javascript: URL: everything is in static/js/*.js and static/css/app.css."""
    fynd = []
    for path in sidmallar():
        text = path.read_text(encoding="utf-8")
        # Template comments are documentation, not markup.
        text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)
        text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", text, flags=re.DOTALL)
        for namn, monster in INLINE.items():
            for match in monster.finditer(text):
                rad = text.count("\n", 0, match.start()) + 1
                fynd.append(f"{path.relative_to(TEMPLATES)}:{rad}: {namn}")
    assert fynd == []


def test_the_scripts_the_pages_load_are_our_static_files():
    """GIVEN the templates WHEN every <script src> is read THEN each one is one of our own
    static files, which exist (so 'self' is all the policy needs)."""
    static = Path(settings.BASE_DIR) / "static"
    kallor = set()
    for path in sidmallar():
        kallor |= set(
            re.findall(r"<script[^>]*src=\"\{% static '([^']+)' %\}\"", path.read_text("utf-8"))
        )
    assert "js/app.js" in kallor
    for kalla in kallor:
        assert (static / kalla).is_file(), kalla


def test_debug_error_pages_may_style_themselves_but_not_run_inline_script(client, settings):
    """GIVEN DEBUG on (development only) WHEN a page is not found THEN Django's technical 404
    may use its inline styles, while scripts stay 'self' only; with DEBUG off the same page
    has the strict policy (the test above)."""
    settings.DEBUG = True
    response = client.get("/logga-in/finns-inte/")
    assert response.status_code == 404
    policy = direktiv(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
