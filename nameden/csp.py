"""Content-Security-Policy on every response: only our own files run, nothing inline.

Why our own few lines rather than django-csp: the policy is one fixed string (no nonces, no
per-view changes, no report endpoint), and every page's script and style are static files
(`static/js/*.js`, `static/css/app.css`), so there is nothing to compute per request.
`tests/nameden/test_csp.py` proves that no template (outside `templates/pdf/`) holds an
inline script, an inline style or an event-handler attribute, which is what lets the policy
do without `'unsafe-inline'`.

The one exception is Django's own admin under `/admin/`: its change list writes a `<style>`
block and some admin pages (django-simple-history's, our logotyp preview in
`nameden.admin_kommun`) set `style="…"` attributes, which the strict policy would silently drop.
There `style-src` also allows `'unsafe-inline'`; scripts stay `'self'` only (Django 5.2's
admin loads every script from a file and passes its data in `data-` attributes). Inline
styles cannot run code, so the relaxation costs little, and the admin is for a few
administrators only. The same relaxation applies to error answers while `DEBUG` is on, so
Django's technical 404 and 500 pages stay readable in development.

PDFs are made server-side by WeasyPrint and are not affected; their templates
(`templates/pdf/`) keep their own styles.
"""

from django.conf import settings

#: The policy for every page of the application, one directive per row.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    # The document's logotyp is shown as a data: URI (`remiss/_dokument.html`) and the
    # stylesheet draws the select arrow as one; an image cannot run script.
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)

#: What the admin needs on top (see the module docstring).
ADMIN_POLICY = tuple(
    (name, "'self' 'unsafe-inline'" if name == "style-src" else value) for name, value in POLICY
)

HEADER = "Content-Security-Policy"


def header_value(policy=POLICY) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy)


_STRICT = header_value(POLICY)
_ADMIN = header_value(ADMIN_POLICY)


#: Where the admin lives (`nameden.urls`).
ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware:
    """Sets the header on every response that does not carry one already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            admin = request.path_info.startswith(ADMIN_PREFIX)
            # Django's debug pages (DEBUG only, never in production) style themselves inline.
            felsida = settings.DEBUG and response.status_code >= 400
            response[HEADER] = _ADMIN if admin or felsida else _STRICT
        return response
