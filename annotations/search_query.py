"""The corpus search grammar, web-search style, and its translation for the
store's full-text index.

    grain corridor        both words (AND)
    "grain corridor"      the phrase
    grain OR wheat        either word
    -wheat                without the word

The same grammar as PostgreSQL's `websearch_to_tsquery`, so a query means
the same on both backends: on SQLite it is rendered as an FTS5 MATCH
expression (every word quoted, so FTS5 operators and punctuation in the
user's text are never interpreted); on PostgreSQL the text goes to
`websearch_to_tsquery('english', ...)` as it is. Stemming (English, porter)
is the index's job, not this module's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import GlossatorError

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class SearchQueryError(GlossatorError):
    """A query that cannot be searched (empty, or only exclusions)."""


@dataclass(frozen=True)
class SearchQuery:
    groups: tuple[tuple[str, ...], ...] = ()  # AND of OR-groups; each item a word or a phrase
    excluded: tuple[str, ...] = ()
    text: str = field(default="", compare=False)

    def to_fts5(self) -> str:
        def quote(item: str) -> str:
            return '"' + item.replace('"', '""') + '"'

        parts = []
        for group in self.groups:
            parts.append(quote(group[0]) if len(group) == 1 else "(" + " OR ".join(map(quote, group)) + ")")
        expr = " AND ".join(parts)
        for item in self.excluded:
            expr = f"({expr}) NOT {quote(item)}"
        return expr


def parse(text: str) -> SearchQuery:
    """Parse a web-search style query; SearchQueryError when nothing positive is left."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for m in _TOKEN.finditer(text):
        negative, phrase, word = m.group(1) == "-", m.group(2), m.group(3)
        if word is not None:
            if word == "OR":
                join_next = bool(groups)
                continue
            if word.startswith("-") and len(word) > 1:
                negative, word = True, word[1:]
        item = " ".join((phrase if phrase is not None else word).split())
        if not item or not any(ch.isalnum() for ch in item):
            join_next = False
            continue
        if negative:
            excluded.append(item)
        elif join_next:
            groups[-1].append(item)
        else:
            groups.append([item])
        join_next = False
    if not groups:
        raise SearchQueryError(
            f"search {text!r}: needs at least one word that is not excluded" if excluded
            else "search: the query is empty")
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded), text)
