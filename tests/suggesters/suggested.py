"""What a suggester proposes for one text, as the suggester tests compare it."""
from __future__ import annotations

from annotations.suggesters.base import Suggestion


def run(suggester, text: str) -> Suggestion:
    return next(iter(suggester.suggest([text])))


def spans(suggester, text: str, label: str) -> list[str]:
    return [text[s.start : s.end] for s in run(suggester, text).spans if s.label == label]


def attrs(suggester, text: str, label: str) -> dict[str, dict]:
    return {text[s.start : s.end]: dict(s.attributes) for s in run(suggester, text).spans if s.label == label}


def figures(suggester, text: str) -> dict[str, dict]:
    """{FIGURE text: its attributes}."""
    return attrs(suggester, text, "FIGURE")
