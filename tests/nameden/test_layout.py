"""Widths that once hid content: date inputs cut off the year, the case list hid a column, and
a long word or a wide table made a 320 px page scroll sideways.

What was checked in a browser (1280 px and 320 px, headless Chromium) is pinned here as the
rules that made it work, read through the stylesheet's cascade (`stilmall`).
"""

import pytest
from django.urls import reverse

from tests.nameden.stilmall import Stylesheet, el, page

CSS = Stylesheet()


@pytest.mark.parametrize("width", ["app-input--width-5", "app-input--width-10", ""])
def test_a_date_input_keeps_the_width_its_picker_needs(width):
    """GIVEN a date input, with or without a width class (DatumInput uses width-10) WHEN
    styled THEN its width is its own intrinsic width, at least ten characters and the calendar
    button, and no width class caps it."""
    classes = ".".join(filter(None, ["input", "app-input", width]))
    date = el(classes, type="date", parent=page("div.app-form-group"))

    assert CSS.declared(date, "width") == "auto"
    assert CSS.declared(date, "min-width") == "calc(10ch + 3rem)"
    assert CSS.declared(date, "max-width") in (None, "100%")


def test_a_text_input_still_follows_its_width_class():
    """GIVEN a text input with app-input--width-10 WHEN styled THEN it is capped as before."""
    text = el("input.app-input.app-input--width-10", type="text", parent=page("div.app-form-group"))

    assert CSS.declared(text, "max-width") == "calc(10ch + 1.5rem)"


def test_grid_columns_may_shrink_below_their_content():
    """GIVEN a grid column (a flex item) WHEN it holds a long word or a wide table THEN it may
    be narrower than that content (min-width 0), so the page does not widen."""
    column = el("div.app-grid-column-full", parent=page("div.app-grid-row"))

    assert CSS.declared(column, "min-width") == "0"


def test_a_table_wrapper_scrolls_its_table_and_the_hidden_texts_in_it():
    """GIVEN a table wrapper WHEN its table is wider than the screen THEN it scrolls, and it is
    the containing block of the visually hidden texts inside, which would otherwise widen the
    page."""
    wrapper = el("div.app-table-wrapper", parent=page())

    assert CSS.declared(wrapper, "overflow-x") == "auto"
    assert CSS.declared(wrapper, "position") == "relative"


def test_long_words_break_rather_than_widen_the_page():
    """GIVEN body text WHEN a word is wider than the line THEN it breaks."""
    assert CSS.declared(el("body"), "overflow-wrap") == "break-word"


@pytest.mark.django_db
def test_case_list_is_a_named_focusable_region(client, karin, remiss):
    """GIVEN the case list WHEN Karin opens it THEN its table sits in a region named after it
    that keyboard users can focus to scroll, and every column is there, Status last."""
    client.force_login(karin)

    html = client.get(reverse("remiss:lista")).content.decode()

    assert (
        '<div class="app-table-wrapper" role="region" aria-label="Remisser" tabindex="0">' in html
    )
    rubriker = html[html.index("<thead>") : html.index("</thead>")]
    assert [
        r.split("</th>")[0].replace("&shy;", "") for r in rubriker.split('scope="col">')[1:]
    ] == [
        "Diarienummer",
        "Rubrik",
        "Avsändare",
        "Nämnd",
        "Handläggare",
        "Svarsdatum",
        "Status",
    ]
