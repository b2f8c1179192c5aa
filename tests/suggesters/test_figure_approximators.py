"""FIGURE "over"/"under": an approximator before a count, an amount or a
share ("over 3,000 people" = more than 3,000), but "during" before a
duration ("over three years"), which then stays outside the span."""
from __future__ import annotations

import pytest

from tests.suggesters.suggested import figures


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("Police arrested over 3,000 people on Sunday.", "over 3,000", 3000, "people"),
        ("Under 40 percent of voters turned out.", "Under 40 percent", 40, "percent"),
        ("He spent under $5 million on the campaign.", "under $5 million", 5_000_000, "USD"),
        ("The firm cut over 1,200 jobs.", "over 1,200", 1200, "items"),
    ],
)
def test_over_and_under_before_a_quantity_make_it_approximate(rules, text, span, value, unit):
    assert figures(rules, text) == {span: {"value": value, "unit": unit, "approximate": True}}


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("The project ran under two months.", "two months", 2, "months"),
        ("The loan will be repaid over five years.", "five years", 5, "years"),
    ],
)
def test_over_and_under_before_a_duration_mean_during(rules, text, span, value, unit):
    assert figures(rules, text) == {span: {"value": value, "unit": unit, "approximate": False}}


def test_both_readings_in_one_sentence(rules):
    assert figures(rules, "Prices rose by over 5 percent over two years.") == {
        "over 5 percent": {"value": 5, "unit": "percent", "approximate": True},
        "two years": {"value": 2, "unit": "years", "approximate": False},
    }
