"""FIGURE values read from words: hyphenated numbers at both ends of the tens
and units ranges ("twenty-one", "ninety-nine") give the whole number, not
the tens alone."""
from __future__ import annotations

import pytest

from annotations.suggesters import get_suggester


@pytest.fixture(scope="module")
def rules():
    return get_suggester("rules")


def figures(rules, text: str) -> dict[str, dict]:
    (suggestion,) = rules.suggest([text])
    return {text[s.start:s.end]: dict(s.attributes) for s in suggestion.spans if s.label == "FIGURE"}


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
