"""The login forms (the app's and the admin's): Django's, with the username's length checked.

Django's AuthenticationForm sets the username field's `max_length` after the field is built,
so no length validator is attached and any username reaches `authenticate()`. django-axes
then stores a failed attempt's username in a 255-character column: on PostgreSQL a longer
one made the login page answer 500 (found by `tests/test_formular_hypotes.py`). With the
validator the form refuses it in Swedish and nothing is authenticated or logged as tried.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class _AnvandarnamnetsLangd:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        falt = self.fields["username"]
        falt.validators = [*falt.validators, MaxLengthValidator(falt.max_length)]


class InloggningForm(_AnvandarnamnetsLangd, AuthenticationForm):
    """The login page's form."""


class AdminInloggningForm(_AnvandarnamnetsLangd, AdminAuthenticationForm):
    """The admin's login form (staff only, the same check)."""
