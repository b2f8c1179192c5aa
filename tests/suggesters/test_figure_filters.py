"""FIGURE filters at their edges (GUIDELINES.md, "FIGURE"): years at both ends
of the year range, a bare "one", scores written with an en dash, numbers
after a name word at the very start of a text, and figures that open or
close a text (no neighbour token on that side)."""
from __future__ import annotations

import pytest

from tests.suggesters.suggested import figures


@pytest.mark.parametrize(
    "text",
    [
        "The fort was built in 1500.",            # first year of the range
        "The treaty runs until 2199.",            # last year of the range
        "Only one candidate remains.",            # a bare "one" is a pronoun more often than a count
        "The court ruled 5–4 against the plan.",  # a score with an en dash, both numbers
        "Flight 370 vanished over the sea.",      # a name word right at the start of the text
        "Section 8 of the law was struck down.",
        "The agency approved the R21 vaccine.",   # a model name after an article, not 21 rand
        "Each child gets an R21 dose.",
        "The Apollo 11 crew landed.",             # a number inside a name
    ],
)
def test_not_figures(rules, text):
    assert figures(rules, text) == {}


def test_a_four_digit_count_past_the_year_range_is_a_figure(rules):
    assert figures(rules, "Police counted 2200 protesters.") == {
        "2200": {"value": 2200, "unit": "people", "approximate": False}}


def test_a_figure_opening_a_text_is_kept(rules):
    # the last token of the text is a capitalised name: it must not be taken for the word before
    assert figures(rules, "500 workers were laid off on Monday, said Ana Ruiz") == {
        "500": {"value": 500, "unit": "people", "approximate": False}}


def test_a_figure_closing_a_text_is_kept(rules):
    assert figures(rules, "The death toll rose to 214") == {
        "214": {"value": 214, "unit": "items", "approximate": False}}


def test_the_counted_unit_comes_from_the_words_before_when_none_follow(rules):
    assert figures(rules, "Gunmen killed 214 on Sunday.") == {
        "214": {"value": 214, "unit": "people", "approximate": False}}


def test_a_currency_code_lookalike_without_an_article_is_an_amount(rules):
    assert figures(rules, "He paid R50 for bread.") == {"R50": {"value": 50, "unit": "ZAR", "approximate": False}}


def test_a_number_glued_to_a_dash_is_not_a_figure_on_its_own(rules):
    assert "450" not in figures(rules, "A 450–kilometre pipeline was built.")
    assert figures(rules, "A 450-kilometre pipeline was built.") == {  # GUIDELINES.md's example
        "450-kilometre": {"value": 450, "unit": "km", "approximate": False}}


def test_in_a_title_case_headline_a_number_after_a_capitalised_word_is_kept(rules):
    # "Formula 1" reading (a number inside a name) does not apply where every word is capitalised
    text = "Vantora Cuts 40 Jobs In Lima\n\nThe firm said so."
    assert figures(rules, text) == {"40": {"value": 40, "unit": "items", "approximate": False}}
