"""The web-search grammar: words ANDed, quoted phrases, OR, -word; rendered
for FTS5 with every word quoted, so user punctuation never becomes syntax."""
import pytest

from annotations.search_query import SearchQueryError, parse


@pytest.mark.parametrize("text, groups, excluded", [
    ("grain corridor", (("grain",), ("corridor",)), ()),
    ('"grain corridor" Odesa', (("grain corridor",), ("Odesa",)), ()),
    ("grain OR wheat port", (("grain", "wheat"), ("port",)), ()),
    ("grain -wheat", (("grain",),), ("wheat",)),
    ('tariffs -"steel mills"', (("tariffs",),), ("steel mills",)),
    ("OR grain", (("grain",),), ()),
    ("grain OR", (("grain",),), ()),
    ("U.S. tariffs", (("U.S.",), ("tariffs",)), ()),
])
def test_parse(text, groups, excluded):
    q = parse(text)
    assert q.groups == groups and q.excluded == excluded


def test_fts5_rendering_quotes_every_word_and_keeps_operators_structural():
    assert parse('grain OR wheat "Black Sea" -insurance').to_fts5() == (
        '(("grain" OR "wheat") AND "Black Sea") NOT "insurance"')
    assert parse('say "NEAR(x" AND*').to_fts5() == '"say" AND "NEAR(x" AND "AND*"'
    assert parse('quote"d').to_fts5() == '"quote""d"'


@pytest.mark.parametrize("text", ["", "   ", "-wheat", '-"steel mills"', "OR", "- -- ?"])
def test_queries_with_nothing_to_find_are_refused(text):
    with pytest.raises(SearchQueryError):
        parse(text)
