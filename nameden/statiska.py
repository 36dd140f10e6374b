"""The static files' storage in production (STATIC_MANIFEST=1): whitenoise's hashed and
compressed copies, rewriting only `url(…)` references inside CSS.

Django's manifest storage also rewrites `@import "…"`, and its pattern matches inside
comments too: static/pdf/profil.css explains in a comment how to `@import "profil.css"`,
which made the file import itself and collectstatic fail ("Max post-process passes
exceeded"). The only stylesheets that @import are the PDF ones, and those never pass through
STATIC_ROOT: the PDF renderer reads them from static/ itself (nameden.pdf.render, through the
finders), so their @import needs no hashed name.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

_URL = r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))"""


class StatiskaFiler(CompressedManifestStaticFilesStorage):
    patterns = (("*.css", (_URL,)),)
