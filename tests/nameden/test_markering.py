"""The sections' small markup (nameden.markering): each construct, and what it never lets through.

Pure functions: no database, no HTTP. The PDF side (tags, text read back) is
tests/remiss/test_avsnitt_markering.py.
"""

import re

import pytest
from django.template import Context, Template

from nameden import markering

# --- Each construct ------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_a_wrap_is_a_space():
    """GIVEN two paragraphs, the first wrapped WHEN rendered THEN two <p>, the wrap kept as
    white space (the page and the PDF show it as a space)."""
    assert markering.html("Första raden\nfortsätter.\n\nAndra.") == (
        "<p>Första raden\nfortsätter.</p>\n<p>Andra.</p>"
    )


def test_dash_lines_are_a_bulleted_list():
    """GIVEN lines starting with "- " WHEN rendered THEN one <ul> with an <li> per line."""
    assert (
        markering.html("- Bostäder\n- Skolor") == "<ul>\n<li>Bostäder</li>\n<li>Skolor</li>\n</ul>"
    )


def test_a_numbered_list_carries_its_numbers_as_text():
    """GIVEN "1. " lines WHEN rendered THEN an ol.numrerad whose items start with their
    number as text, as the beslutspunkter print (read and copied with the sentence)."""
    assert markering.html("1. Första\n2. Andra") == (
        '<ol class="numrerad">\n'
        '<li><span class="numrerad__nr">1.</span> Första</li>\n'
        '<li><span class="numrerad__nr">2.</span> Andra</li>\n'
        "</ol>"
    )


def test_a_numbered_list_starts_at_its_first_number_and_counts_on():
    """GIVEN a list that starts at 3 and repeats "1." WHEN rendered THEN it is numbered 3, 4, 5
    (the PDF honours no start attribute, so the numbers must be text)."""
    html = markering.html("3. c\n1. d\n1. e")

    assert re.findall(r'<span class="numrerad__nr">(\d+)\.</span>', html) == ["3", "4", "5"]


def test_a_nested_list_is_numbered_on_its_own():
    html = markering.html("1. Ett\n   - a\n   - b\n2. Två")

    assert re.findall(r'numrerad__nr">(\d+)\.', html) == ["1", "2"]
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in html


@pytest.mark.parametrize("rad", ["### Ekonomi", "## Ekonomi", "# Ekonomi", "#### Ekonomi"])
def test_every_heading_is_the_one_sub_heading_level(rad):
    """GIVEN a heading line with any number of # WHEN rendered THEN an <h3>: a section has one
    level of sub-heading, under its own <h2>."""
    assert markering.html(f"{rad}\n\nText.") == "<h3>Ekonomi</h3>\n<p>Text.</p>"


def test_the_sub_heading_level_follows_the_page():
    """GIVEN a page that shows sections as h3 WHEN it asks for level 4 THEN <h4>; a level the
    markup does not offer is a programming error."""
    assert markering.html("### Ekonomi", rubrikniva=4) == "<h4>Ekonomi</h4>"
    with pytest.raises(ValueError):
        markering.html("### Ekonomi", rubrikniva=1)


def test_asterisks_make_italic_and_bold_but_underscores_stay():
    assert markering.html("*kursiv*, **fet** och fil_namn_x _inte_") == (
        "<p><em>kursiv</em>, <strong>fet</strong> och fil_namn_x _inte_</p>"
    )


def test_a_pipe_table_has_a_head_and_a_body_and_no_alignment_attributes():
    """GIVEN a pipe table with a right-aligned column WHEN rendered THEN table/thead/tbody with
    th and td, and no style attribute (alignment is not part of the markup)."""
    html = markering.html("| År | Kostnad |\n|---|---:|\n| 2025 | *100* kr |")

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>År</th>\n<th>Kostnad</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>2025</td>\n<td><em>100</em> kr</td>\n</tr>\n</tbody>\n</table>"
    )


def test_a_dated_beslutsunderlag_is_just_a_list():
    text = "- Tjänsteutlåtande daterat 2024-04-10\n- Protokoll 2024-04-17"

    assert markering.html(text).count("<li>") == 2


@pytest.mark.parametrize(
    "text, html",
    [
        ("    indraget", "<p>indraget</p>"),
        ("> citat", "<p>&gt; citat</p>"),
        ("---", "<p>---</p>"),
        ("Text\n===", "<p>Text\n===</p>"),
        ("`kod`", "<p>`kod`</p>"),
        ("~~struken~~", "<p>~~struken~~</p>"),
        ("&amp; &nbsp;", "<p>&amp;amp; &amp;nbsp;</p>"),
        ("2024\\. Året", "<p>2024. Året</p>"),
    ],
)
def test_what_is_not_in_the_subset_prints_as_typed(text, html):
    """GIVEN code, quotes, rules, setext headings, strikethrough or entities WHEN rendered THEN
    the characters as typed (a backslash still escapes, so "2024\\." is no list)."""
    assert markering.html(text) == html


# --- Sanitising ---------------------------------------------------------------------------

FARLIGT = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "<b onclick='x'>fet</b>",
    "<!-- kommentar -->",
    "[länk](javascript:alert(1))",
    "[länk](https://example.org)",
    "<https://example.org>",
    "https://example.org",
    "![bild](file:///etc/passwd)",
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>body{}</style>",
    "- <iframe src=x></iframe>\n- *<svg onload=x>*",
    "| <a href=x>a</a> | b |\n|---|---|\n| c | d |",
]

TILLATET = {"p", "ul", "ol", "li", "h3", "em", "strong", "table", "thead", "tbody", "tr"}
TILLATET |= {"th", "td", "span"}


@pytest.mark.parametrize("text", FARLIGT)
def test_raw_html_links_and_images_are_printed_as_text_never_as_markup(text):
    """GIVEN raw HTML, a link, an autolink or an image WHEN rendered THEN no tag but the
    allow-list, no attribute but the numbered list's classes, no URL made a link."""
    html = markering.html(text)

    taggar = set(re.findall(r"</?([a-zA-Z0-9]+)", html))
    attribut = re.findall(r"<[a-z0-9]+(\s[^>]*)>", html)
    assert taggar <= TILLATET
    assert all(a in (' class="numrerad"', ' class="numrerad__nr"') for a in attribut)
    assert not re.search(r"<(a|img|script|link|iframe|svg|style)\b", html)
    assert not re.search(r"<[^>]*(href|src|on\w+)=", html)


def test_a_script_tag_is_shown_as_its_characters():
    assert markering.html("Se <script>alert(1)</script>") == (
        "<p>Se &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_the_sanitiser_removes_what_the_parser_should_never_produce():
    """GIVEN HTML that would come from a parser bug WHEN it passes the sanitiser THEN only the
    allow-list is left: the second line of defence holds on its own."""
    farlig = (
        '<p onclick="x"><a href="javascript:x">l</a><img src=x><script>s</script>'
        '<span class="annat">t</span></p><ol class="numrerad" start="9"><li>x</li></ol>'
    )

    assert markering._sanera(farlig, 3) == (
        '<p>l<span>t</span></p><ol class="numrerad"><li>x</li></ol>'
    )


# --- Plain text stays plain -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ett stycke.\n\nEtt till, med ”citat”, 'apostrof', & och <b>.",
        "Radbrytning\ninne i stycket.",
        "Förvaltningen är positiv — 2017–2022 (dnr 179-2103/2016).",
        "",
    ],
)
def test_text_without_markup_does_not_use_it(text):
    assert not markering.anvander_markering(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. Första\n2. Andra",
        "- punkt",
        "### Rubrik",
        "Ett *ord*.",
        "| a | b |\n|---|---|",
        "Rad\n \nrad",  # a line of spaces separates paragraphs in the markup, not in plain text
        "Stjärna \\*",
    ],
)
def test_text_with_markup_uses_it(text):
    assert markering.anvander_markering(text)


def test_plain_paragraphs_are_written_as_the_template_wrote_them():
    """GIVEN paragraphs with quotes, apostrophes, & and < WHEN written by `stycken_html` THEN
    byte for byte what the PDF template's loop wrote before the markup existed."""
    stycken = ("Ett ”citat”, \"dubbelt\" och 'enkelt'.", "A & B < C > D", "Sista.")
    gammal = Template("{% for stycke in stycken %}<p>{{ stycke }}</p>{% endfor %}")

    assert markering.stycken_html(stycken) == gammal.render(Context({"stycken": stycken}))


# --- No input breaks it ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- " * 25_000,
        "*" * 50_000,
        "**a" * 16_000,
        "|" * 50_000,
        "| a |\n|---|\n" + "| x |\n" * 8_000,
        "1. " * 16_000,
        "> " * 25_000,
        "[" * 25_000 + "]" * 25_000,
    ],
)
def test_long_and_deeply_nested_input_renders_within_the_allow_list(text):
    """GIVEN the longest text a section takes (50 000 characters), built to nest or backtrack
    WHEN rendered THEN it renders (markdown-it stops nesting at 20 levels) and stays within
    the allow-list."""
    html = markering.html(text)

    assert set(re.findall(r"</?([a-zA-Z0-9]+)", html)) <= TILLATET
