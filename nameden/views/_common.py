"""What the committee side's views share: form pages that answer 400 with errors, success
banners, and refusals shown as a banner on the sammanträde's page."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

# The form-page answers are the system's (nameden.sidor), re-exported for these views.
from nameden.sidor import BAD_REQUEST as BAD_REQUEST
from nameden.sidor import klart as klart
from nameden.sidor import render_form as render_form
from nameden.workflow import TransitionNotAllowed


def call_service(form, service, /, **kwargs):
    """Call `service` for the valid `form`: its result, or None when it refused with a
    ValidationError, which is then on the form."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        form.add_service_errors(exc)
    return None


def statusfel(view):
    """A refusal that is about the sammanträde's status (TransitionNotAllowed), or a button's
    action that did not go (ValidationError), becomes an error banner on its page."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except (TransitionNotAllowed, ValidationError) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            return redirect("namnd:detalj", pk=pk)

    return wrapper
