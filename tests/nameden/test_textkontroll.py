"""The text rule (nameden.textkontroll): what may be stored, what is folded, and its messages.

Every form gets it through AppFormMixin; the services call it directly.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from nameden import textkontroll
from nameden.forms import AppFormMixin
from nameden.pdf import fonts


def _fel(text: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        textkontroll.kontrollera(text, etikett="Rubrik", **kwargs)
    return exc.value.messages[0]


def test_nul_is_refused_naming_field_code_point_and_place():
    """GIVEN a one-line text with NUL as its 6th character WHEN checked THEN the message names
    the field, U+0000 and the place, in Swedish."""
    assert _fel("Remis\x00s") == (
        "”Rubrik” innehåller ett osynligt tecken som inte får sparas: U+0000 på plats 6. "
        "Ta bort det och försök igen."
    )


@pytest.mark.parametrize(
    "tecken",
    [
        "\x01",
        "\x08",
        "\x7f",
        "\x9f",
        "\ufffe",
        "\uffff",
        "\U0010ffff",
        "\ufdd0",
        "\u202e",
        "\u2066",
        "\ud800",
    ],
)
def test_controls_noncharacters_bidi_overrides_and_surrogates_are_refused(tecken):
    """GIVEN a text holding a C0/C1 control, a noncharacter, a bidi override or isolate, or
    a lone surrogate WHEN checked THEN it is refused with its code point."""
    assert f"U+{ord(tecken):04X}" in _fel(f"a{tecken}b")


def test_multi_line_text_keeps_tab_and_line_breaks_and_names_the_line():
    """GIVEN a multi-line text with tabs, CRLF and a control on its third line WHEN checked
    THEN tab and line breaks are allowed and the message names line 3, place 4."""
    assert textkontroll.kontrollera("Ett\tstycke.\r\n\r\nTvå.", etikett="T", flerradig=True) == (
        "Ett\tstycke.\r\n\r\nTvå."
    )
    assert "U+000B på rad 3, plats 4" in _fel("Ett\n\nTvå\x0b", flerradig=True)


def test_one_line_text_folds_line_breaks_and_runs_of_white_space():
    """GIVEN a one-line text pasted with line breaks, tabs and double spaces WHEN checked
    THEN it becomes one line with single spaces."""
    assert textkontroll.kontrollera("  Remiss av\r\n  äldreplan\t2024  ", etikett="R") == (
        "Remiss av äldreplan 2024"
    )


def test_line_and_paragraph_separators_become_line_breaks_in_multi_line_text():
    """GIVEN text with U+2028 and U+2029 (pasted from some editors) WHEN checked as
    multi-line text THEN they become plain line breaks."""
    assert textkontroll.kontrollera("Ett\u2028två\u2029tre", etikett="T", flerradig=True) == (
        "Ett\ntvå\ntre"
    )


def test_characters_the_font_lacks_are_listed_with_their_code_points():
    """GIVEN document text with an emoji and a non-breaking hyphen WHEN checked THEN both
    are listed as character and U+ code, in order, and Swedish letters pass."""
    assert textkontroll.kontrollera("Åsa, Örjan och Zoë", etikett="R", dokument=True)
    assert _fel("Bra \U0001f600 non\u2011stop", dokument=True) == (
        "”Rubrik” innehåller tecken som inte finns i dokumentets typsnitt (Liberation Sans) "
        "och inte kan skrivas ut: ”‑” (U+2011), ”😀” (U+1F600). Ta bort eller ersätt dem."
    )


def test_text_outside_the_document_is_not_held_to_the_font():
    """GIVEN a comment (not printed) with an emoji WHEN checked without `dokument` THEN it
    passes: only the document needs the font."""
    assert textkontroll.kontrollera("Tack \U0001f600", etikett="Kommentar") == "Tack \U0001f600"


def test_the_font_is_read_once_per_process():
    """GIVEN the font's characters were read once WHEN a 50,000-character section is checked
    THEN the cached set is used, not the font files again."""
    fonts.missing_characters("a")
    before = fonts._drawable.cache_info()

    assert fonts.missing_characters("Förvaltningen instämmer. " * 2000) == []

    after = fonts._drawable.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 1)


def test_a_list_names_the_point():
    """GIVEN beslutspunkter whose second holds a control WHEN checked THEN the message names
    "punkt 2"."""
    with pytest.raises(ValidationError, match=r"”Förslag, punkt 2” innehåller .* U\+0007"):
        textkontroll.kontrollera_lista(["Bra.", "Dåligt\x07."], etikett="Förslag")


class _Form(AppFormMixin, forms.Form):
    rubrik = forms.CharField(label="Rubrik", max_length=20)
    text = forms.CharField(label="Text", widget=forms.Textarea, required=False)


def test_every_form_field_follows_the_rule_through_the_mixin():
    """GIVEN a form with the mixin WHEN a one-line field has a line break and the textarea a
    tab THEN the one is folded and the other kept; max_length counts the folded value."""
    form = _Form({"rubrik": "Remiss\r\n          av plan", "text": "a\tb"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"rubrik": "Remiss av plan", "text": "a\tb"}


def test_a_field_added_after_init_is_checked_too():
    """GIVEN a form that adds a text field after __init__ (as HuvudForm does) WHEN NUL is
    posted to it THEN the field carries the Swedish message, not Django's."""
    form = _Form({"rubrik": "R", "extra": "x\x00"})
    form.fields["extra"] = forms.CharField(label="Extra")

    assert not form.is_valid()
    assert form.errors["extra"] == [
        "”Extra” innehåller ett osynligt tecken som inte får sparas: U+0000 på plats 2. "
        "Ta bort det och försök igen."
    ]


def test_a_form_of_document_text_checks_the_font():
    """GIVEN a form marked `text_i_dokumentet` WHEN its field holds an emoji THEN the field
    says the font cannot print it; the same form unmarked accepts it."""

    class Dokumentform(_Form):
        text_i_dokumentet = True

    assert "U+1F600" in Dokumentform({"rubrik": "Bra \U0001f600"}).errors["rubrik"][0]
    assert _Form({"rubrik": "Bra \U0001f600"}).is_valid()
