"""The document's header on a page, as the PDF prints it: ``{% with huvud=dokument|huvud %}``.

One reader (`remiss.huvudvy.huvudvy`) for the PDF and the preview, so the preview shows the
fields, labels and order the document's own layout gives it.
"""

from django import template

from remiss.huvudvy import huvudvy

register = template.Library()


@register.filter
def huvud(dokument):
    return huvudvy(dokument)
