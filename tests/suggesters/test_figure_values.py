"""FIGURE values read from words: hyphenated numbers at both ends of the tens
and units ranges ("twenty-one", "ninety-nine") give the whole number, not
the tens alone."""
from __future__ import annotations

import pytest

from tests.suggesters.suggested import figures


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("Twenty-one soldiers died.", "Twenty-one", 21, "people"),
        ("Ninety-nine people were hurt.", "Ninety-nine", 99, "people"),
        ("Thirty-nine percent agreed.", "Thirty-nine percent", 39, "percent"),
    ],
)
def test_hyphenated_number_words(rules, text, span, value, unit):
    assert figures(rules, text) == {span: {"value": value, "unit": unit, "approximate": False}}


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("The bank lost 5bn last year.", "5bn", 5_000_000_000, "items"),   # scale glued to the number
        ("Ticket sales hit 30k.", "30k", 30_000, "items"),
        ("The deal is worth R2bn.", "R2bn", 2_000_000_000, "ZAR"),           # currency and scale glued
        ("The fund raised $40m in May.", "$40m", 40_000_000, "USD"),
    ],
)
def test_scales_and_currencies_written_inside_the_number_token(rules, text, span, value, unit):
    assert figures(rules, text) == {span: {"value": value, "unit": unit, "approximate": False}}


def test_whole_values_are_integers_and_fractions_stay_decimal(rules):
    found = figures(rules, "Exports fell 3,500 tonnes and prices rose 2.5 percent.")
    assert found == {"3,500 tonnes": {"value": 3500, "unit": "tonnes", "approximate": False},
                     "2.5 percent": {"value": 2.5, "unit": "percent", "approximate": False}}
    # exported as 3500, not 3500.0
    assert type(found["3,500 tonnes"]["value"]) is int and type(found["2.5 percent"]["value"]) is float
