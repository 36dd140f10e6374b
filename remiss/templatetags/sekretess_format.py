"""`{{ remiss|visad_rubrik }}`: the subject as a list may show it to its reader (masked
where the document is secret and the reader may not read it; `remiss.selectors.sekretess`)."""

from django import template

from remiss.selectors.sekretess import visad_rubrik as _visad_rubrik

register = template.Library()


@register.filter
def visad_rubrik(remiss) -> str:
    return _visad_rubrik(remiss)
