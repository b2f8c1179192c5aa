"""ASSERTION rules (a spaCy component): sentences with attribution (reporting
verbs, "according to", hedged passives), their stance, and a SOURCE relation
to the speaker's ACTOR span. Follows GUIDELINES.md, "ASSERTION".

Runs after the ACTOR component and reads `doc.spans["ACTOR"]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .attrs import add_relation, get_attrs, set_attrs
from .patterns import AssertionWords, actor_words, assertion_words
from .sentences import bounds, final_mark

_QUOTES = frozenset({'"', "“", "”"})
_AUX = frozenset({"has", "have", "had", "also", "later", "earlier", "previously", "repeatedly", "has also",
                  "then", "again", "separately", "publicly", "privately", "had also", "once", "would", "will"})
# a cue word right after these is a noun ("a dispute", "its claims") or negated/infinitive
_NOT_VERB = frozenset({"to", "the", "not", "n't", "never", "a", "an", "its", "their", "his", "her", "this", "of", "our", "whose"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_LINKS = frozenset({"of", "from", "at", "in", "with"})


@dataclass
class Cue:
    index: int  # token index of the cue
    stance: str
    kind: str  # "verb" | "according" | "hedge"


def _hedge_pattern(hedge: str) -> str:
    """"is reported to" also matches "is also reported to", "are widely believed to": one adverb
    may sit after the auxiliary."""
    words = [re.escape(w) for w in hedge.split()]
    if len(words) < 3:
        return rf"\b{' '.join(words)}\b"
    return rf"\b{words[0]}(?: (?:also|still|now|already|widely|further|long|\w+ly))? {' '.join(words[1:])}\b"


class AssertionFinder:
    def __init__(self, words: AssertionWords):
        self.w = words
        self.hedges = [re.compile(_hedge_pattern(h)) for h in words.hedges]
        self.estimates = [re.compile(p) for p in words.estimate_patterns]
        self.according = [tuple(phrase.lower().split()) for phrase in words.according]
        self.roles = actor_words().roles

    def quoted(self, sent: Span) -> set[int]:
        """Token indices inside quotation marks (their verbs are not the report's)."""
        marks = [t for t in sent if t.text in _QUOTES]
        first = next((t for t in sent if not t.is_space), None)
        # 'We never will," Ruiz said.': a sentence that closes a quotation opened before it
        inside, out = bool(marks) and len(marks) % 2 == 1 and marks[0].text != "“" and marks[0].i != first.i, set()
        for tok in sent:
            if tok.text in _QUOTES:
                inside = not inside if tok.text == '"' else tok.text == "“"
                continue
            if inside:
                out.add(tok.i)
        return out

    def closing(self, sent: Span, v: int) -> bool:
        """"…, Minister Ana Ruiz announced on Saturday.": the verb closes the
        sentence after a comma, so the clause before it is what was reported."""
        doc = sent.doc
        stop = next((t.i for t in doc[v + 1 : sent.end] if t.text == ","), sent.end)
        tail = [t for t in doc[v + 1 : stop] if not (t.is_space or t.is_punct)]
        comma = any(t.text == "," for t in doc[max(sent.start, v - 8) : v])
        named = v > sent.start and (doc[v - 1].text[:1].isupper() or (
            doc[v - 1].lower_ in self.w.org_descriptors and v - 1 > sent.start and doc[v - 2].lower_ in ("the", "its")))
        # "…, the government announced on Tuesday, in a move to …": what follows the second comma is context
        return named and comma and len(tail) <= 4

    def cue(self, sent: Span) -> Cue | None:
        quoted = self.quoted(sent)
        for tok in sent:
            if tok.i in quoted:
                continue
            low = tok.lower_
            for phrase in self.according:  # "according to X": the cue is the phrase's last word
                last = tok.i + len(phrase) - 1
                if low == phrase[0] and last < sent.end and tuple(t.lower_ for t in tok.doc[tok.i : last + 1]) == phrase:
                    return Cue(last, "states", "according")
            stance = self.w.verbs.get(low)
            if stance is None or (tok.i > sent.start and tok.doc[tok.i - 1].lower_ in _NOT_VERB):
                continue
            if (tok.i > sent.start and tok.doc[tok.i - 1].lower_ in _BE and low.endswith(("ed", "ld", "ght"))
                    and low not in ("said", "told")):
                continue  # a passive ("were denied entry", "is expected to close"): no one is reported
            if low in self.w.needs_complement:
                after = {t.lower_ for t in tok.doc[tok.i + 1 : min(tok.i + 7, sent.end)]}
                if not after & self.w.complements and not self.closing(sent, tok.i):
                    continue
            return Cue(tok.i, stance, "verb")
        text = sent.text.lower()
        for pattern in self.estimates:
            match = pattern.search(text)
            verb = sent.char_span(match.start(), match.end(), alignment_mode="expand") if match else None
            if verb is not None and verb.start not in quoted:
                return Cue(verb.start, "estimates", "verb")
        if any(h.search(text) for h in self.hedges):
            return Cue(sent.start, "other", "hedge")
        return None

    # ---- the speaker -----------------------------------------------------

    def speaker(self, doc: Doc, sent: Span, cue: Cue, actor_at: dict[int, Span], actors: list[Span]) -> Span | None:
        if cue.kind == "hedge":
            return None
        if cue.kind == "according":
            named = next((actor_at[k] for k in range(cue.index + 1, min(cue.index + 9, sent.end)) if k in actor_at), None)
            k = cue.index + 1
            if named is None and k + 1 < sent.end and doc[k].lower_ == "the" and doc[k + 1].lower_ in self.w.org_descriptors:
                return self._described(doc, actors, sent, doc[k + 1].lower_)  # "according to the council"
            return named
        if doc[cue.index].lower_.endswith("ing") and doc[cue.index - 1].text == ",":
            # "The agency appealed for funds, warning that ...": the subject speaks
            k = sent.start + (doc[sent.start].lower_ == "the")
            return actor_at.get(k)
        found, paren = self._left(doc, sent, cue.index, actor_at, actors)
        if paren is not None and any(t.lower_ in self.roles for t in doc[max(sent.start, paren[0] - 7) : paren[0] - 1]):
            # "The UN's coordinator, Clementine Nkweta-Salami, warned": the apposition is the speaker
            named = next((actor_at[k] for k in range(*paren) if k in actor_at), None)
            found = named or found
        if found is None and paren is not None and doc[paren[0]].lower_ not in ("which", "who", "whose"):
            found = next((actor_at[k] for k in range(*paren) if k in actor_at), None)
        if found is None and doc[cue.index - 1].text in (",", *_QUOTES):
            for k in range(cue.index + 1, min(cue.index + 7, sent.end)):
                if doc[k].text in (",", ".", ";") or doc[k].lower_ == "that":
                    break
                if k in actor_at:
                    return actor_at[k]
        return found

    def _left(self, doc, sent, v, actor_at, actors):
        j, paren, first = v - 1, None, True
        while j >= sent.start:
            tok = doc[j]
            if first and tok.lower_ in _AUX:
                j -= 1
                continue
            if tok.text == "," and first:
                k = next((k for k in range(j - 1, sent.start - 1, -1) if doc[k].text == ","), None)
                if k is None:
                    return None, None
                paren, j, first = (k + 1, j), k - 1, False
                continue
            first = False
            if tok.text in (",", ";") or tok.text in _QUOTES:
                return None, paren
            if j in actor_at:
                return self._chain_head(doc, sent, actor_at[j], actor_at), paren
            if tok.lower_ in self.w.person_pronouns:
                return self._previous(actors, sent.start_char, ("person",), doc), paren
            if tok.lower_ in self.w.org_descriptors and j > sent.start and doc[j - 1].lower_ == "the":
                return self._described(doc, actors, sent, tok.lower_), paren
            j -= 1
        return None, paren

    def _chain_head(self, doc, sent, actor: Span, actor_at) -> Span:
        """"Kwesi Boateng of Ghana said": the speaker heads the chain, not the place."""
        while True:
            k = actor.start - 1
            if k > sent.start and doc[k].lower_ == "the":
                k -= 1
            if k - 1 >= sent.start and doc[k].lower_ in _LINKS and (k - 1) in actor_at:
                actor = actor_at[k - 1]
                continue
            return actor

    def _described(self, doc: Doc, actors: list[Span], sent: Span, noun: str) -> Span | None:
        """"The agency said": the latest organisation before the sentence (a state for "the government")."""
        kinds = ("state", "organization") if noun == "government" else ("organization", "group")
        return self._previous(actors, sent.start_char, kinds, doc) or self._previous(
            actors, sent.start_char, ("organization", "group", "state"), doc)

    def _previous(self, actors: list[Span], before: int, kinds: tuple[str, ...], doc: Doc) -> Span | None:
        for span in reversed(actors):
            if span.end_char <= before and get_attrs(doc, "ACTOR", span.start_char, span.end_char)[0].get("kind") in kinds:
                return span
        return None

    def find(self, doc: Doc) -> list[tuple[Span, str, float, Span | None, str]]:
        """(sentence span, stance, score, source, family) for each assertion."""
        actors = list(doc.spans.get("ACTOR", []))
        actor_at = {t.i: a for a in actors for t in a}
        out = []
        previous = None  # (sentence end token, source) of the latest assertion
        opened: list[Span] = []  # sentences of a quotation still open, waiting for its speaker
        for sent in doc.sents:
            if sent.start > 0 and "\n" in doc[sent.start - 1].text_with_ws:
                opened = []  # a new paragraph
            if final_mark(sent) in (None, "?"):
                opened = []
                continue  # headlines and questions are never assertions
            cue = self.cue(sent)
            start, end = bounds(sent)
            span = doc.char_span(start, end, label="ASSERTION")
            if span is None:
                continue
            quotes = sum(t.text == '"' for t in sent)
            if cue is None:
                if previous is not None and previous[0] == sent.start and self.continues_quote(sent):
                    out.append((span, "states", 0.7, previous[1], "quote-after"))
                    previous = (sent.end, previous[1])
                elif (opened or self._opens_quote(sent)) and quotes % 2 == (0 if opened else 1):
                    opened.append(span)
                else:
                    opened = []
                continue
            source = self.speaker(doc, sent, cue, actor_at, actors)
            if opened and quotes % 2 == 1:
                # '"We will not sign. We never will," Ruiz said.': the quote's first sentences too
                out.extend((q, "states", 0.7, source, "quote-before") for q in opened)
            opened = []
            family = "hedge" if cue.kind == "hedge" else cue.kind
            out.append((span, cue.stance, 0.9 if cue.kind != "hedge" else 0.7, source, family))
            previous = (sent.end, source)
        out.sort(key=lambda item: item[0].start)
        return out

    def _opens_quote(self, sent: Span) -> bool:
        toks = [t for t in sent if not t.is_space]
        return bool(toks) and toks[0].text in ('"', "“") and sum(t.text in _QUOTES for t in toks) == 1

    def continues_quote(self, sent: Span) -> bool:
        """'"...," Ruiz said. "We will not sign."': a wholly quoted sentence in the
        same paragraph right after a speaker's sentence goes on quoting them."""
        toks = [t for t in sent if not t.is_space]
        gap = sent.doc[sent.start - 1] if sent.start > 0 else None
        return (len(toks) > 2 and toks[0].text in _QUOTES and toks[-1].text in _QUOTES
                and not (gap is not None and "\n" in gap.text_with_ws)
                and not any(t.text in _QUOTES for t in toks[1:-1]))


@Language.factory("glossator_assertions")
def make_assertion_component(nlp: Language, name: str):
    finder = AssertionFinder(assertion_words())

    def component(doc: Doc) -> Doc:
        spans = []
        for span, stance, score, source, family in finder.find(doc):
            spans.append(span)
            set_attrs(doc, span, {"stance": stance}, score, family=f"assertion:{family}")
            if source is not None:
                add_relation(doc, "SOURCE", ("ASSERTION", span.start_char, span.end_char),
                             ("ACTOR", source.start_char, source.end_char))
        doc.spans["ASSERTION"] = spans
        return doc

    return component
