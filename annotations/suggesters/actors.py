"""ACTOR rules (a spaCy component): states and capitals from the gazetteer
(SpanRuler spans under `doc.spans["gazetteer"]`), organisations by their head
words, acronyms, persons by titles, roles and reporting verbs, and later
short mentions of names already found. Follows GUIDELINES.md, "ACTOR".

Results go to `doc.spans["ACTOR"]`, with `kind` and a score in
`doc.user_data` (see `rules.set_attrs`). No Qt, no store.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .attrs import set_attrs
from .patterns import ActorWords, actor_words, assertion_words, figure_words
from .sentences import is_title_case

_WORD = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")


@dataclass
class Found:
    start: int  # token indices, end exclusive
    end: int
    kind: str
    score: float
    weak: bool = False  # a headline guess a longer known name may replace


class ActorFinder:
    """Finds actors in one doc; holds the word lists and per-doc state."""

    def __init__(self, words: ActorWords):
        self.w = words
        self.currency_codes = figure_words().currency_codes
        self.reporting = frozenset(assertion_words().verbs)
        self.heads = words.org_heads | words.group_heads | words.company_heads
        self.strong_heads = words.org_heads | words.group_heads

    # ---- token tests -----------------------------------------------------

    def is_name(self, tok: Token) -> bool:
        text = tok.text
        return bool(_WORD.match(text)) and text[0].isupper() and text not in self.w.stopwords

    def is_acronym(self, tok: Token) -> bool:
        text = tok.text
        return (
            2 <= len(text) <= 7 and text.isalpha() and text.isupper()
            and text not in self.w.acronym_stoplist and text not in self.currency_codes
        )

    # ---- runs of capitalised words ----------------------------------------

    def run_end(self, doc: Doc, i: int, limit: int, gaz: dict[int, int]) -> int:
        """End (exclusive) of the capitalised name run starting at token i."""
        j, has_prep = i, False
        while j < limit:
            if j in gaz:
                j = gaz[j]
                continue
            tok = doc[j]
            if self.is_name(tok):
                j += 1
                continue
            nxt = doc[j + 1] if j + 1 < limit else None
            if nxt is None or j == i:
                break
            low, prev = tok.lower_, doc[j - 1]
            if low in self.w.name_prepositions and (prev.text in self.heads or prev.text in self.w.titles):
                k = j + 1 + (doc[j + 1].lower_ == "the" and j + 2 < limit)
                if k < limit and (self.is_name(doc[k]) or k in gaz):
                    has_prep, j = True, k
                    continue
                break
            if low == "and" and has_prep and (self.is_name(nxt) or j + 1 in gaz):
                j += 1
                continue
            if (low == "," and has_prep and self.is_name(nxt) and j + 2 < limit
                    and doc[j + 2].lower_ in ("and", ",")):
                j += 1
                continue
            if low in self.w.name_particles and not tok.text[0].isupper() and self._particle_then_name(doc, j, limit):
                j += 1
                continue
            if tok.text in ("'", "’") and prev.text.endswith("s") and not prev.whitespace_ and self.is_name(nxt):
                j += 1
                continue
            if tok.text == "&" and self.is_name(nxt):
                j += 1
                continue
            if tok.text == "-" and not prev.whitespace_ and not tok.whitespace_ and self.is_name(nxt):
                j += 1  # "Nkweta-Salami", "Port-au-Prince" style double names
                continue
            break
        return j

    def _particle_then_name(self, doc: Doc, j: int, limit: int) -> bool:
        """"van der Merwe": particles lead to a capitalised word."""
        while j < limit and doc[j].lower_ in self.w.name_particles and not doc[j].text[0].isupper():
            j += 1
        return j < limit and self.is_name(doc[j])

    # ---- classification ---------------------------------------------------

    def org_kind(self, span: Span) -> str | None:
        texts = [t.text for t in span]
        if texts[-1] in self.w.non_actor_heads:
            return None
        if len(span) == 1 and not self.is_acronym(span[0]):
            return None  # "Company spokesperson", "the League": a head word alone names nothing
        if any(t in self.w.group_heads for t in texts):
            return "group"
        if any(t in self.w.org_heads or t in self.w.company_heads for t in texts):
            return "organization"
        if len(span) == 1 and self.is_acronym(span[0]):
            return "state" if texts[0] in self.w.state_acronyms else "organization"
        return None

    def is_location(self, doc: Doc, start: int, end: int, decided: dict[int, bool]) -> bool:
        """A state name used as a place ("in Jakarta", "southern Norway", "Zürich-based")."""
        if end < len(doc) - 1 and doc[end].text == "-" and not doc[end - 1].whitespace_ and doc[end + 1].is_lower:
            return True
        k = start - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k < 0:
            return False
        prev = doc[k].lower_
        if prev == "to" and self.is_recipient(doc, k):
            return False
        if prev in self.w.location_prepositions or prev in self.w.location_modifiers:
            return True
        if prev in ("and", "or", ","):
            return decided.get(k - 1, False)
        return False

    def is_recipient(self, doc: Doc, to: int) -> bool:
        """"pledged €150 million to Tunisia": a state receiving something acts."""
        window = doc[max(0, to - 6) : to]
        return any(t.lower_ in self.w.giving_words or t.text in self.w.money_marks or t.is_currency for t in window)

    def glued(self, doc: Doc, end: int) -> bool:
        """Followed by a hyphen and a lower-case word ("Zürich-based", "Cross-border")."""
        return (end < len(doc) - 1 and doc[end].text == "-" and not doc[end - 1].whitespace_
                and doc[end + 1].is_lower)

    def person_or_body(self, doc: Doc, start: int) -> str:
        """"Analysts at Baltic Commodities Research", "the Helix Trust": names after
        "the" or a place-like preposition are bodies, not people."""
        k = start - 1
        if k >= 0 and doc[k].lower_ == "the":
            return "organization"
        return "organization" if k >= 0 and doc[k].lower_ in ("at", "from", "with") else "person"

    def person_cue(self, doc: Doc, start: int, end: int, surnames: dict[str, int]) -> bool:
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and (before.lower_ in self.w.roles or before.text in self.w.titles):
            return True
        if before is not None and before.text == "," and start > 1 and doc[start - 2].lower_ in self.w.roles:
            return True  # "Its president, Luis Ortega, warned"
        if before is not None and before.lower_ == "by" and start > 1 and doc[start - 2].lower_ in self.w.agent_verbs:
            return True
        if after is not None and after.lower_ in self.reporting:
            return True
        if after is not None and after.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ in ("who", "the", "a", "an"):
            return True
        return surnames.get(doc[end - 1].text, 0) > 1

    # ---- the pass over a doc ---------------------------------------------

    def find(self, doc: Doc) -> list[Found]:
        gaz = {s.start: s.end for s in doc.spans.get("gazetteer", [])}
        gaz_label = {s.start: s.label_ for s in doc.spans.get("gazetteer", [])}
        surnames: dict[str, int] = {}  # capitalised words standing alone (a later short mention)
        for tok in doc:
            if self.is_name(tok) and not (tok.i > 0 and self.is_name(doc[tok.i - 1]) and not tok.is_sent_start) and not (
                tok.i + 1 < len(doc) and self.is_name(doc[tok.i + 1])
            ):
                surnames[tok.text] = surnames.get(tok.text, 0) + 1
        found: list[Found] = []
        decided: dict[int, bool] = {}  # last token index of a state span -> was a location
        headline_tokens: set[int] = set()
        for sent in doc.sents:
            headline = is_title_case(sent)
            if headline:
                headline_tokens.update(range(sent.start, sent.end))
            i = sent.start
            while i < sent.end:
                if headline:
                    i = self._headline_token(doc, i, gaz, gaz_label, decided, found)
                    continue
                if not (i in gaz or self.is_name(doc[i])):
                    i += 1
                    continue
                end = self.run_end(doc, i, sent.end, gaz)
                self._classify(doc, i, end, sent.start, gaz, gaz_label, decided, surnames, found)
                i = end
        self._short_mentions(doc, found, headline_tokens)
        found.sort(key=lambda f: (f.start, f.end))
        return found

    def _headline_token(self, doc, i, gaz, gaz_label, decided, found) -> int:
        if i in gaz:
            end = gaz[i]
            self._gazetteer(doc, i, end, gaz_label[i], decided, found, weak=True)
            return end
        if self.is_acronym(doc[i]):
            kind = self.org_kind(doc[i : i + 1])
            if kind:
                found.append(Found(i, i + 1, kind, 0.8, weak=True))
        return i + 1

    def _gazetteer(self, doc, start, end, label, decided, found, weak: bool = False) -> None:
        if label == "ORG":
            found.append(Found(start, end, "organization", 0.9, weak))
            return
        location = self.is_location(doc, start, end, decided)
        decided[end - 1] = location
        if not location:
            found.append(Found(start, end, "state", 0.8, weak))

    def _classify(self, doc, start, end, sent_start, gaz, gaz_label, decided, surnames, found) -> None:
        if gaz.get(start) == end:
            self._gazetteer(doc, start, end, gaz_label[start], decided, found)
            return
        if self.glued(doc, end):
            return
        titles = [k for k in range(start, end) if doc[k].text in self.w.titles]
        if titles and doc[end - 1].text not in self.heads:
            self._titled(doc, start, end, titles, found)
            return
        span = doc[start:end]
        kind = self.org_kind(span)
        if kind:
            found.append(Found(start, end, kind, 0.85 if len(span) > 1 else 0.75))
            return
        if span[-1].text in self.w.non_actor_heads or not 2 <= len(span) <= 4:
            return
        if any(k in gaz for k in range(start, end)):
            return
        if self.person_cue(doc, start, end, surnames):
            found.append(Found(start, end, self.person_or_body(doc, start), 0.8))
        elif start == sent_start and len(span) <= 3 and end < len(doc) and doc[end].is_lower:
            # "Tim Cook leads Apple": a bare name opening a sentence, before its verb (a weaker guess)
            found.append(Found(start, end, "person", 0.5))

    def _titled(self, doc, start, end, titles, found) -> None:
        first, last = titles[0], titles[-1]
        if first > start:
            prefix = doc[start:first]
            kind = self.org_kind(prefix)
            if kind and (prefix[-1].text in self.strong_heads or len(prefix) == 1):
                found.append(Found(start, first, kind, 0.8))
        rest = last + 1
        if rest < end and doc[rest].lower_ in self.w.name_prepositions:
            if end - rest >= 4:  # "Minister of X and Y Technology Arjun Mehra": the name closes the run
                found.append(Found(end - 2, end, "person", 0.6))
            return
        if rest < end and end - rest <= 4 and doc[rest].text not in self.heads:
            found.append(Found(rest, end, "person", 0.9))

    def _short_mentions(self, doc: Doc, found: list[Found], headline: set[int]) -> None:
        """Later (or headline) mentions of names already found: surnames, company first words."""
        known: dict[tuple[str, ...], str] = {}
        for f in found:
            if f.kind == "state":
                continue  # states come from the gazetteer, each mention checked for being a place
            words = tuple(t.text for t in doc[f.start : f.end])
            known.setdefault(words, f.kind)
            if f.kind == "person":
                for k in range(1, len(words)):
                    if words[k][0].isupper():
                        known.setdefault(words[k:], "person")
            elif words[-1] in self.w.company_heads and len(words) > 1:
                known.setdefault(words[:1], f.kind)
        if not known:
            return
        covered = set()
        for f in found:
            if not f.weak:
                covered.update(range(f.start, f.end))
        longest = max(len(k) for k in known)
        i = 0
        while i < len(doc):
            if i in covered or not self.is_name(doc[i]):
                i += 1
                continue
            for n in range(min(longest, len(doc) - i), 0, -1):
                words = tuple(t.text for t in doc[i : i + n])
                if (words in known and not any(k in covered for k in range(i, i + n))
                        and (i in headline or self._alone(doc, i, i + n))):
                    found[:] = [f for f in found if not (f.weak and f.start < i + n and i < f.end)]
                    found.append(Found(i, i + n, known[words], 0.75))
                    covered.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1

    def _alone(self, doc: Doc, start: int, end: int) -> bool:
        """Not glued to other capitalised words (then it is part of another name)."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if after is not None and (self.is_name(after) or (after.text == "-" and not doc[end - 1].whitespace_)):
            return False
        return not (before is not None and self.is_name(before) and not before.is_sent_start
                    and before.text not in self.w.titles)


@Language.factory("glossator_actors")
def make_actor_component(nlp: Language, name: str):
    finder = ActorFinder(actor_words())

    def component(doc: Doc) -> Doc:
        spans = []
        for f in finder.find(doc):
            span = Span(doc, f.start, f.end, label="ACTOR")
            spans.append(span)
            set_attrs(doc, span, {"kind": f.kind}, f.score)
        doc.spans["ACTOR"] = spans
        return doc

    return component
