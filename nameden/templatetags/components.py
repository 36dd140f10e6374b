"""Design-system components that wrap content, which `{% include %}` cannot.

`{% table %}` is the scrolling table of `templates/components/README.md`: the wrapper is a
named region keyboard users can focus to scroll it, the caption names it, the column headings
come from the tag. Only the rows are the page's own::

    {% load components %}
    {% table "Bilagor" "Nr" "Titel" "Fil" small=True hidden_caption=True id="bilagor" %}
      {% for b in bilagor %}<tr>…</tr>{% endfor %}
    {% endtable %}

The first argument is the caption (and the region's name), the others are the column
headings. Options: `small` (app-table--small), `hidden_caption` (read by screen readers
only), `id` (of the wrapper, e.g. for an error summary's link).
"""

from django import template
from django.template.base import kwarg_re
from django.utils.safestring import mark_safe

register = template.Library()

TABLE_OPTIONS = ("small", "hidden_caption", "id")


class TableNode(template.Node):
    def __init__(self, nodelist, args, options):
        self.nodelist = nodelist
        self.args = args
        self.options = options

    def render(self, context):
        caption, *columns = (arg.resolve(context) for arg in self.args)
        values = {name: value.resolve(context) for name, value in self.options.items()}
        rows = mark_safe(self.nodelist.render(context))
        component = context.template.engine.get_template("components/table.html")
        with context.push(caption=caption, columns=columns, rows=rows, **values):
            return component.render(context)


@register.tag
def table(parser, token):
    args, options = [], {}
    for bit in token.split_contents()[1:]:
        name, value = kwarg_re.match(bit).groups()
        if name is None:
            args.append(parser.compile_filter(value))
        elif name in TABLE_OPTIONS:
            options[name] = parser.compile_filter(value)
        else:
            raise template.TemplateSyntaxError(f"table has no option {name!r}")
    if not args:
        raise template.TemplateSyntaxError("table needs a caption")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, args, options)
