"""Deterministic, seeded synthetic news-like articles for benchmarks and
robustness tests: DocumentRecords whose spans align to spaCy tokens and
satisfy the default schema (ACTOR/FIGURE/ASSERTION with valid attributes,
SOURCE relations from assertions to actors)."""
from __future__ import annotations

import random

from annotations.types import DocumentRecord, RelationRecord, SpanRecord

ACTORS = [
    ("Ana Ruiz", "person"), ("the European Commission", "organization"), ("Germany", "state"),
    ("Tim Cook", "person"), ("Apple", "organization"), ("the World Bank", "organization"),
    ("Kenya", "state"), ("Oxfam", "organization"), ("Li Wei", "person"), ("the Red Brigade", "group"),
]
FIGURES = [("3,500 jobs", 3500, "jobs"), ("12 percent", 12, "percent"), ("€4 billion", 4e9, "EUR"),
           ("about 200 people", 200, "people"), ("7.5 tonnes", 7.5, "tonnes"), ("40 days", 40, "days")]
VERBS = [("said", "states"), ("warned", "warns"), ("estimated", "estimates"), ("denied", "denies")]
FILLER = ["Markets were calm on Tuesday.", "The report was published in Brussels.",
          "Officials declined to comment further.", "Talks will resume next week."]


class ArticleBuilder:
    """Appends text pieces and remembers the code-point offsets of labelled ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[SpanRecord] = []

    def add(self, text: str, label: str | None = None, **attributes) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if label is None:
            return -1
        self.spans.append(SpanRecord(start=start, end=self.length, label=label, attributes=attributes))
        return len(self.spans) - 1

    @property
    def text(self) -> str:
        return "".join(self.parts)


def article(rng: random.Random, number: int, spans_target: int = 20) -> DocumentRecord:
    """One article with about `spans_target` spans (each sentence adds four: an
    assertion holding an actor and a figure, plus a second actor) and SOURCE relations."""
    b = ArticleBuilder()
    relations = []
    b.add(f"Report {number}: ")
    while len(b.spans) < spans_target:
        actor, kind = rng.choice(ACTORS)
        verb, stance = rng.choice(VERBS)
        figure, value, unit = rng.choice(FIGURES)
        other, other_kind = rng.choice(ACTORS)
        sentence_start = b.length
        actor_i = b.add(actor, "ACTOR", kind=kind)
        b.add(f" {verb} that ")
        b.add(figure, "FIGURE", value=value, unit=unit, approximate=figure.startswith("about"))
        b.add(" were at risk after talks with ")
        b.add(other, "ACTOR", kind=other_kind)
        b.add(".")
        b.spans.append(SpanRecord(start=sentence_start, end=b.length, label="ASSERTION", attributes={"stance": stance}))
        relations.append(RelationRecord(head=len(b.spans) - 1, child=actor_i, label="SOURCE"))
        b.add(" " + rng.choice(FILLER) + " ")
    spans = b.spans[:spans_target]  # a sentence adds four spans; keep the count exact
    relations = [r for r in relations if r.head < spans_target and r.child < spans_target]
    return DocumentRecord(text=b.text.rstrip(), title=f"Report {number}", source="synthetic",
                          meta={"n": number}, spans=spans, relations=relations)


def articles(n: int, seed: int = 0, spans_per_doc: int = 20) -> list[DocumentRecord]:
    rng = random.Random(seed)
    return [article(rng, i, spans_per_doc) for i in range(n)]
