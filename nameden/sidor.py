"""What every form page of the system answers with, whichever app it belongs to.

A page with form errors answers 400 (so tools, tests and assistive software can tell), a
done action redirects with a success banner.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

BAD_REQUEST = 400
CONFLICT = 409


def render_form(request, template: str, context: dict, *, form=None):
    """Render a form page: 400 when the (bound) form has errors, so tools and tests can tell."""
    form = form if form is not None else context.get("form")
    status = BAD_REQUEST if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def klart(request, meddelande: str, to, *args, **kwargs):
    """Redirect to `to` (as `redirect` takes it) with `meddelande` as a success banner."""
    messages.success(request, meddelande)
    return redirect(to, *args, **kwargs)
