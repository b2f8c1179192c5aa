"""The `default` suggester: the rules plus the best installed pretrained
English spaCy pipeline (rules alone when none is installed).

From the pipeline only its named entities are used (only `ner` and what it
listens to run): PERSON, ORG, GPE and NORP names, corrected by the
guidelines (no leading "the", no titles or roles, no possessive 's) and
filtered by them (no demonyms, regions, events, currency codes, places used
only as locations, nothing inside a FIGURE). A name the rules already found
keeps the rules' span; the pipeline adds the names the rules missed, and its
place/event entities veto the rules' weakest guesses (a bare capitalised
name that is really a town). FIGURE and ASSERTION come from the rules.

`default:NAME` combines the rules with pipeline NAME when it is installed,
and falls back to the rules alone (logged) when it is not.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ARRIVAL_VERBS, ActorFinder
from .base import SuggestedSpan, Suggestion
from .calibration import calibrated
from .patterns import actor_words, figure_words
from .pipeline import installed_pipelines, load_pipeline, resolve_pipeline
from .rules import LABELS, RulesSuggester, build_pipeline, doc_to_suggestion
from .sentences import is_title_case

log = logging.getLogger(__name__)

NAME = "default"
BATCH_SIZE = 64
# Best first. A re-upload under another package name counts as the pipeline it copies.
PREFERENCE = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")
NAME_ENTITIES = {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "group"}
# Pipeline entity types that say "this is a place, thing or event": they veto weak rule guesses.
NOT_ACTORS = frozenset({"LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE", "DATE", "TIME",
                        "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
LOCATIVE = frozenset({"in", "near", "outside", "inside", "into", "across", "throughout", "toward", "towards",
                      "around", "within", "along", "beyond", "via", "through", "off", "onto"})
WEAK_RULES = frozenset({"actor:bare-name", "actor:repeated", "actor:coordinated"})


def best_english_pipeline() -> str | None:
    """The installed pipeline `default` uses: the first of PREFERENCE that resolves."""
    for name in PREFERENCE:
        found = resolve_pipeline(name)
        if found is not None:
            return found
    return None


def ner_only(nlp: Language) -> Language:
    """Keep `ner` and the components it listens to; the tagger, parser and lemmatizer are not needed."""
    keep = {"ner"}
    for name, pipe in nlp.pipeline:
        if "ner" in getattr(pipe, "listening_components", ()):
            keep.add(name)
    nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep])
    return nlp


class NameCorrector:
    """Pipeline entities -> ACTOR candidates that follow the guidelines, read on the rules' Doc."""

    def __init__(self) -> None:
        self.w = actor_words()
        self.finder = ActorFinder(self.w)
        self.currency_codes = figure_words().currency_codes
        self.currency_words = figure_words().currency_words
        self.roles = self.w.roles
        self._places: tuple[Doc | None, set[str]] = (None, set())

    def correct(self, doc: Doc, start_char: int, end_char: int, label: str,
                figures: set[int]) -> tuple[int, int, str] | None:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        toks = list(span)
        while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].text in self.w.titles
                        or toks[0].lower_ in self.roles or toks[0].is_punct):
            toks = toks[1:]
        while toks and (toks[-1].text in ("'s", "’s", "'", "’") or toks[-1].is_punct and toks[-1].text not in (".", "+")
                        or toks[-1].is_lower):
            toks = toks[:-1]  # a possessive, punctuation or a particle ("Banco de la") does not end a name
        if not toks:
            return None
        # "Mines Minister Chanda Mwale": a title inside the entity ends the part before the name
        cut = max((k for k, t in enumerate(toks[:-1]) if t.text in self.w.titles), default=-1)
        if label == "PERSON" and cut >= 0:
            toks = toks[cut + 1:]
        text = " ".join(t.text for t in toks)
        first, last = toks[0], toks[-1]
        if not first.text[:1].isupper() or any(t.i in figures for t in toks) or any(t.like_num for t in toks):
            return None
        if text in self.currency_codes or text.upper() in self.w.acronym_stoplist:
            return None
        if last.text in self.w.non_actor_heads or any(t.text in self.w.region_words for t in toks):
            return None  # events, laws, regions
        kind = NAME_ENTITIES[label]
        if label == "NORP":
            if not any(t.text in self.w.group_heads or t.text in self.w.org_heads for t in toks):
                return None  # demonyms, religions, nationalities
            kind = "group"
        if len(toks) == 1 and self.finder.demonym_like(first.text) and label != "PERSON":
            return None
        if self.placeish(doc, first.i, last.i + 1, label):
            return None
        if last.i + 1 < len(doc) and (doc[last.i + 1].lower_,) in self.currency_words:
            return None  # "the Kazakh tenge": a currency's adjective
        if last.i + 1 < len(doc) and doc[last.i + 1].text[:1].isdigit():
            return None  # "FTSE 250", "Ligue 1": a name with a number is an index, a league or a product
        if label == "PERSON" and len(toks) == 1 and not self.person_evidence(doc, first):
            return None  # a lone capitalised word the model calls a person, with nothing else saying so
        if is_title_case(first.sent) and doc.text.count(text) < 2:
            return None  # a headline's capitals fool the model; a name the body repeats is kept
        if len(toks) == 1 and first.is_sent_start and not self.seen_inside(doc, first.text):
            return None  # "Turnout reached ...", "Rainfall in ...": a capitalised common word
        nxt = [t for t in doc[last.i + 1 : last.i + 4] if t.lower_ != "and"]
        if (any(t.text in self.w.titles for t in nxt[:2])
                and not any(t.text in self.w.org_heads for t in toks)):
            return None  # "Mineral Resources Minister ...": a portfolio, not a body
        if label == "GPE":
            if len(toks) == 1 and first.text not in self.w.states and first.text not in self.w.capitals:
                kind = "organization" if first.text.isupper() else "state"
        if label == "ORG" and any(t.text in self.w.group_heads for t in toks):
            kind = "group"
        return toks[0].idx, last.idx + len(last.text), kind


    def placeish(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """A name used as a place: after a locative preposition ("in Copenhagen", "outside the
        Gare de Lyon"), "the town of X", "the border with X", before "states"/"province",
        or glued to "-based"."""
        if self.finder.glued(doc, end):
            return True
        if end - start == 1 and doc[start].text in self.places(doc):
            return True  # "Kelowna" where the text also says "West Kelowna" or "the city of Kelowna"
        text = doc[start:end].text
        if (label == "GPE" or text in self.w.states or text in self.w.capitals) and self.finder.is_location(doc, start, end, {}):
            return True
        k = start - 1 - (start > 0 and doc[start - 1].lower_ == "the")
        if k >= 0 and (doc[k].lower_ in LOCATIVE or doc[k].lower_ in ARRIVAL_VERBS):
            return True
        if k >= 1 and doc[k].lower_ in ("of", "with") and self.finder.place_noun(doc[k - 1].lower_):
            return True  # "the city of X", "the departments of X and Y"
        if k >= 1 and doc[k].lower_ in ("and", "or"):  # "in São Paulo and Minas Gerais"
            j = k - 1
            while j > 0 and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
                j -= 1
            if j < k - 1 and self.placeish(doc, j + 1, k, ""):
                return True
        for tok in doc[end : end + 4]:
            if tok.lower_ in self.w.place_nouns and tok.is_lower:
                return True
            if not (tok.lower_ == "and" or tok.text[:1].isupper()):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                # "the Vaca Muerta shale field": one lower-case word before the place noun
                return tok.is_lower and tok.is_alpha and nxt is not None and nxt.lower_ in self.w.place_nouns
        return False


    def places(self, doc: Doc) -> set[str]:
        """Words the document shows to be places somewhere (cached for the doc being read)."""
        if self._places[0] is not doc:
            self._places = (doc, {doc[i].text for i in range(len(doc)) if self.finder.place_mention(doc, i)})
        return self._places[1]

    def person_evidence(self, doc: Doc, tok) -> bool:
        """A one-word person needs support: a title or role before it, a reporting verb
        after it, or a longer name in the document that ends with it ("Ruiz" after "Ana Ruiz")."""
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if before is not None and (before.text in self.w.titles or before.lower_ in self.roles):
            return True
        if after is not None and after.lower_ in self.finder.reporting:
            return True
        return any(t.text == tok.text and t.i > 0 and self.finder.is_name(doc[t.i - 1])
                   and not doc[t.i - 1].is_sent_start for t in doc)

    def seen_inside(self, doc: Doc, text: str) -> bool:
        return any(t.text == text and not t.is_sent_start for t in doc)


class DefaultSuggester:
    """Rules + a pretrained pipeline's names (see the module docstring)."""

    name = NAME
    labels = LABELS

    def __init__(self, pipeline: str | None = None):
        self.rules = RulesSuggester()
        self.rules_nlp = build_pipeline()
        self.pipeline_name = pipeline
        self.nlp = ner_only(load_pipeline(pipeline)) if pipeline else None
        self.corrector = NameCorrector() if pipeline else None
        if self.nlp is not None:
            self.version = f"{self.rules.version}+{pipeline}-{self.nlp.meta.get('version', '?')}"
        else:
            self.version = self.rules.version

    def suggest(self, texts: Iterable[str]) -> Iterator[Suggestion]:
        if self.nlp is None:
            yield from self.rules.suggest(texts)
            return
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == BATCH_SIZE:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, texts: list[str]) -> Iterator[Suggestion]:
        rule_docs = self.rules_nlp.pipe(texts, batch_size=BATCH_SIZE)
        for rdoc, pdoc in zip(rule_docs, self.nlp.pipe(texts, batch_size=BATCH_SIZE)):
            yield self.combine(rdoc, pdoc)

    def combine(self, rdoc: Doc, pdoc: Doc) -> Suggestion:
        base = doc_to_suggestion(rdoc)
        figures = {t.i for s in rdoc.spans.get("FIGURE", []) for t in s}
        actors = [s for s in base.spans if s.label == "ACTOR"]
        vetoes = [(e.start_char, e.end_char) for e in pdoc.ents if e.label_ in NOT_ACTORS]
        dropped = {id(s) for s in actors if s.family in WEAK_RULES
                   and any(a <= s.start and s.end <= b for a, b in vetoes)}
        fixed_names = {}  # (start, end) of a piece of an entity -> (start, end, kind), and its label
        for ent in pdoc.ents:
            if ent.label_ not in NAME_ENTITIES:
                continue
            whole = rdoc.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
            if whole is None or self.corrector.placeish(rdoc, whole.start, whole.end, ent.label_):
                continue  # "near Cox's Bazar": a place as a whole, whatever its pieces
            for a, b in possessive_pieces(ent, self.corrector.finder.strong_heads):  # "Alphabet's Google": two names
                fixed = self.corrector.correct(rdoc, a, b, ent.label_, figures)
                if fixed is not None:
                    fixed_names[a, b] = (*fixed, ent.label_)
        for start, end, _kind, _label in fixed_names.values():  # "Bangko Sentral" inside "Bangko Sentral ng Pilipinas"
            dropped.update(id(s) for s in actors if s.family in WEAK_RULES and start <= s.start and s.end <= end
                           and (start, end) != (s.start, s.end))
        taken = [(s.start, s.end) for s in actors if id(s) not in dropped]
        added: list[SuggestedSpan] = []
        for start, end, kind, label in fixed_names.values():
            if any(a < end and start < b for a, b in taken):
                continue  # the rules' span wins where both found a name
            family = f"pipeline:{label}"
            added.append(SuggestedSpan(start, end, "ACTOR", calibrated(family), {"kind": kind}, family))
            taken.append((start, end))
        added.extend(self._surnames(rdoc, added, taken))
        added.extend(self._coordinated(rdoc, [s for s in actors if id(s) not in dropped] + added, taken))
        if not added and not dropped:
            return base
        spans = [s for s in base.spans if id(s) not in dropped]
        index = {id(s): i for i, s in enumerate(spans)}
        old_index = {i: index.get(id(s)) for i, s in enumerate(base.spans)}
        relations = [replace(r, head=old_index[r.head], child=old_index[r.child]) for r in base.relations
                     if old_index[r.head] is not None and old_index[r.child] is not None]
        return Suggestion(tuple(spans + added), tuple(relations))

    def _surnames(self, doc: Doc, added: list[SuggestedSpan], taken: list[tuple[int, int]]) -> list[SuggestedSpan]:
        """Later surname-only mentions of the persons the pipeline added ("Adebayo" after "Oluwaseun
        Adebayo", "Park" after "Park Ji-hoon": a hyphenated given name comes after the family name)."""
        surnames = {}
        for s in added:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if s.attributes.get("kind") == "person" and span is not None and len(span) > 1:
                first = self.corrector.finder.hyphen_given(doc, span.end - 2, span.end)
                surnames[span[0].text if first else span[-1].text] = s.start
        out = []
        if not surnames:
            return out
        family = "pipeline:surname"
        for tok in doc:
            first = surnames.get(tok.text)
            if first is None or tok.idx <= first:
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            neighbours = [doc[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(doc)]
            if any(t.text[:1].isupper() and t.is_alpha and not t.is_sent_start for t in neighbours if t.i == tok.i + 1):
                continue  # part of a longer name
            if any(a < end and start < b for a, b in taken):
                continue
            out.append(SuggestedSpan(start, end, "ACTOR", calibrated(family), {"kind": "person"}, family))
            taken.append((start, end))
        return out


    def _coordinated(self, doc: Doc, spans: list[SuggestedSpan], taken: list[tuple[int, int]]) -> list[SuggestedSpan]:
        """"Tesla and Volkswagen have lost ...": a lone capitalised word joined by "and"/"or" to an
        organisation found by either side is an organisation too (once the pipeline found the other)."""
        finder, w = self.corrector.finder, self.corrector.w
        family, out = "pipeline:coordinated", []
        for s in spans:
            if s.attributes.get("kind") != "organization":
                continue
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is None:
                continue
            for k, conj in ((span.start - 2, span.start - 1), (span.end + 1, span.end)):
                if not (0 <= k < len(doc) and 0 <= conj < len(doc)) or doc[conj].lower_ not in ("and", "or"):
                    continue
                tok = doc[k]
                text = tok.text
                if (not finder.is_name(tok) or not finder._alone(doc, k, k + 1) or text in w.states or text in w.capitals
                        or text in w.place_words or text in w.region_words or finder.demonym_like(text)
                        or text in w.titles or text.lower() in w.roles):
                    continue
                start, end = tok.idx, tok.idx + len(text)
                if any(a < end and start < b for a, b in taken):
                    continue
                out.append(SuggestedSpan(start, end, "ACTOR", calibrated(family), {"kind": "organization"}, family))
                taken.append((start, end))
        return out


def possessive_pieces(ent, heads: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of an entity split at a possessive inside it ("Alphabet's Google"),
    unless an organisation head follows it ("the Women's Union" is one name)."""
    pieces, start = [], ent.start_char
    for k, tok in enumerate(ent[:-1]):
        if tok.text in ("'s", "’s") and ent[k + 1].text not in heads:
            pieces.append((start, tok.idx))
            start = ent[k + 1].idx
    pieces.append((start, ent.end_char))
    return [(a, b) for a, b in pieces if b > a]


def make_default(arg: str, store) -> DefaultSuggester:
    """`default` (best installed pipeline) or `default:NAME`; rules alone when the pipeline is absent."""
    if arg:
        found = resolve_pipeline(arg)
        if found is None:
            log.warning("pipeline %r is not installed; the default suggester uses the rules alone", arg)
        return DefaultSuggester(found)
    return DefaultSuggester(best_english_pipeline())


def available(store) -> list[str]:
    return [NAME] + [f"{NAME}:{n}" for n in installed_pipelines() if n.startswith("en_")]
