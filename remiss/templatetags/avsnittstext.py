"""The text of a tjänsteutlåtande's section on a page: ``{{ avsnitt|avsnittstext:4 }}``.

The PDF prints `Avsnitt.html()` (sub-headings at h3, under its h2 sections); a page that
shows the document under headings of its own asks for a lower level, so headings stay in
order (WCAG 1.3.1). Same renderer, same HTML but for that one tag.
"""

from django import template

from nameden import markering

register = template.Library()


@register.filter
def avsnittstext(avsnitt, rubrikniva=markering.RUBRIKNIVA):
    return avsnitt.html(rubrikniva=int(rubrikniva))
