"""ACTOR rules (a spaCy component): states and capitals from the gazetteer
(SpanRuler spans under `doc.spans["gazetteer"]`), organisations by their head
words (English and Romance/German heads), acronyms (dotted, with "&", joined by
hyphens, "+" suffix), persons by titles, roles and reporting verbs (hyphenated
given names included), firm names with "and" inside, and later short mentions of
names already found (surnames, family names written first, company first words,
"the Commission"). Codes next to numbers are currencies or units, never actors.
Follows GUIDELINES.md, "ACTOR".

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

_CAMEL = re.compile(r"^(?!Mc|Mac)[A-Z][a-z]+[A-Z][a-z]+$")
_DEMONYM = re.compile(r"(?:an|ians?|eans?|ese|ish|ic|i|ans|is)$")
# Verbs whose object is a place at every mention ("crews reached Kamrup").
ARRIVAL_VERBS = frozenset({"reach", "reached", "reaching", "enter", "entered", "toured", "crossed", "evacuated",
                           "flooded", "shelled", "bombed"})
_AMPERSAND = re.compile(r"^[A-Z]{1,3}&[A-Z]{1,3}$")  # "S&P", "AT&T": one token
_PLAIN_NAME = re.compile(r"^[^\W\d_][^\W\d_A-Z]*(?:['’][^\W\d_][^\W\d_A-Z]*)?$")  # "Siobhan", "O'Brien"
_YEAR = re.compile(r"^(?:1[5-9]|2[01])\d\d$")  # "In 2024 AFP reported": a year, not a quantity
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,4}$")
_WORD = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")


def _core(text: str) -> str:
    """"OPEC+" -> "OPEC": a symbol glued to the end of a name (one token) belongs to it."""
    return text[:-1] if len(text) > 2 and text.endswith("+") else text


@dataclass
class Found:
    start: int  # token indices, end exclusive
    end: int
    kind: str
    score: float
    weak: bool = False  # a headline guess a longer known name may replace
    family: str = ""  # which rule found it (scores are calibrated per family)


class ActorFinder:
    """Finds actors in one doc; holds the word lists and per-doc state."""

    def __init__(self, words: ActorWords):
        self.w = words
        self.currency_codes = figure_words().currency_codes
        self.currency_words = figure_words().currency_words
        self.reporting = frozenset(assertion_words().verbs)
        self.heads = words.org_heads | words.group_heads | words.company_heads
        self.place_stems = frozenset(w[:4] for name in words.states | words.capitals | words.region_words
                                     for w in name.split() if len(w) >= 4)
        self.strong_heads = words.org_heads | words.group_heads

    # ---- token tests -----------------------------------------------------

    def is_name(self, tok: Token) -> bool:
        text = _core(tok.text)
        return (bool(_WORD.match(text) or _AMPERSAND.match(text)) and text[0].isupper()
                and text not in self.w.stopwords and not self.by_number(tok))

    def by_number(self, tok: Token) -> bool:
        """An upper-case code next to a number is a currency or a unit ("EUR 1.2 billion",
        "1,900 TEU"), or part of an index's name ("FTSE 250"): never an actor."""
        if not (tok.text.isupper() and tok.text.isalpha()) or tok.text in self.w.state_acronyms:
            return False
        doc = tok.doc
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if before is not None and before.text[:1].isdigit() and not _YEAR.match(before.text):
            return True
        return after is not None and after.like_num and after.text[:1].isdigit()

    def name_words(self, span: Span) -> int:
        """Capitalised words of a name: "Luiz Inácio Lula da Silva" has 4 (particles and hyphens do not count)."""
        return sum(t.text != "-" and not (t.is_lower and t.lower_ in self.w.name_particles) for t in span)

    def hyphen_given(self, doc: Doc, j: int, limit: int) -> bool:
        """Token j is the hyphen of a hyphenated given name ("Ji-hoon", "Soo-yeon"): a short
        capitalised part glued to a short lower-case part that is no modifier suffix ("-based")."""
        if j == 0 or j + 1 >= limit or doc[j].text != "-" or doc[j - 1].whitespace_ or doc[j].whitespace_:
            return False
        prev, nxt = doc[j - 1].text, doc[j + 1].text
        return (2 <= len(prev) <= 4 and prev.isalpha() and prev[0].isupper() and prev[1:].islower()
                and 2 <= len(nxt) <= 5 and nxt.isalpha() and nxt.islower() and nxt not in self.w.glue_suffixes)

    def is_acronym(self, tok: Token) -> bool:
        text = _core(tok.text)
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
            if low in self.w.name_prepositions and (has_prep or prev.text in self.heads or prev.text in self.w.titles):
                k = j + 1 + (doc[j + 1].lower_ == "the" and j + 2 < limit)
                if k < limit and (self.is_name(doc[k]) or k in gaz):
                    has_prep, j = True, k
                    continue
                break
            if low == "and" and has_prep and (self.is_name(nxt) or j + 1 in gaz):
                j += 1
                continue
            if low == "and" and j == i + 1 and self._firm_pair(doc, i, limit, gaz):
                j += 1  # "Ferrow and Blake": two words joined by "and" that only ever occur together
                continue
            if low in ("and", "&") and prev.text not in self.w.company_heads and self._company_after(doc, j + 1, limit):
                j += 1  # "Marks and Spencer Group", "Smith and Nephew plc": "and" inside a company name
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
            if (tok.text in ("'s", "’s") and nxt.text in self.strong_heads and not prev.text.isupper()
                    and prev.text not in self.w.states and prev.text not in self.w.capitals):
                j += 1  # "the Women's Union": a possessive before an organisation head is part of the name
                continue
            if tok.text == "&" and self.is_name(nxt):
                j += 1
                continue
            if tok.text == "-" and not prev.whitespace_ and not tok.whitespace_ and self.is_name(nxt):
                j += 1  # "Nkweta-Salami", "Port-au-Prince" style double names
                continue
            if self.hyphen_given(doc, j, limit):
                j += 2  # "Park Ji-hoon"
                continue
            break
        return j

    def _firm_pair(self, doc: Doc, i: int, limit: int, gaz: dict[int, int]) -> bool:
        """"Ferrow and Blake" (tokens i..i+2): two plain capitalised words that never occur
        apart in the document, where the context names a body ("at", "by the research firm",
        ", a grain trader", ", which")."""
        if i + 2 >= limit or i in gaz or i + 2 in gaz or (i + 3 < limit and self.is_name(doc[i + 3])):
            return False
        pair = (doc[i].text, doc[i + 2].text)
        w = self.w
        for text in pair:
            if (not (text.isalpha() and text[0].isupper() and text[1:].islower()) or text in self.heads
                    or text in w.titles or text in w.states or text in w.capitals or text in w.place_words
                    or text in w.region_words or text in w.non_actor_heads or text in w.demonyms):
                return False
        nxt = doc[i + 3] if i + 3 < len(doc) else None
        if (nxt is not None and nxt.is_lower and nxt.lower_ not in self.reporting
                and any(self.demonym_like(text) for text in pair)):
            return False  # "Kenyan and Ugandan troops"
        k = i - 1 - (i > 0 and doc[i - 1].lower_ == "the")
        before = doc[k].lower_ if k >= 0 else ""
        after = [t.lower_ for t in doc[i + 3 : i + 10]]
        cue = before in ("at", "from") or before in w.org_nouns or (  # not "with"/"by": "talks with Putin and Xi"
            len(after) > 1 and after[0] == "," and (
                after[1] == "which" or after[1] in ("a", "an", "the") and any(a in w.org_nouns for a in after[2:])))
        if not cue:
            return False
        for tok in doc:  # never apart: each word occurs only inside "X and Y"
            if tok.text in pair and not (tok.i + 2 < len(doc) and (tok.text, doc[tok.i + 2].text) == pair
                                         and doc[tok.i + 1].lower_ == "and"
                                         or tok.i >= 2 and (doc[tok.i - 2].text, tok.text) == pair):
                return False
        return True

    def _company_after(self, doc: Doc, k: int, limit: int) -> bool:
        """A run of at most three names from token k that ends in a company head."""
        start = k
        while k < limit and k - start < 3 and self.is_name(doc[k]):
            k += 1
        return k > start and doc[k - 1].text in self.w.company_heads

    def bare_person(self, doc: Doc, start: int, end: int) -> bool:
        """Two or three plain capitalised words with nothing marking them as a
        place, a body or a title: the shape of a person's name."""
        before, after = doc[start - 1], (doc[end] if end < len(doc) else None)
        if before.lower_ in ("the", "a", "an", "of", "'s", "’s") or before.lower_ in self.w.location_prepositions:
            return False
        if before.lower_ in self.w.location_modifiers or before.lower_ in self.w.place_verbs or before.text[:1].isupper():
            return False
        if before.lower_ in ("and", "or") and self.after_place(doc, start - 1):
            return False  # "the states of São Paulo and Minas Gerais"
        if after is not None and (after.text[:1].isupper() or after.text in ("-", "&") or after.lower_ in self.w.org_nouns):
            return False
        for tok in doc[start:end]:
            text = tok.text
            if self.hyphen_given(doc, tok.i, end) or tok.i > start and self.hyphen_given(doc, tok.i - 1, end):
                continue  # "Hae-won"
            if not (_PLAIN_NAME.match(text) and text[0].isupper()):
                return False
            if (text in self.heads or text in self.w.non_actor_heads or text in self.w.place_words
                    or text in self.w.region_words or text in self.w.states or text in self.w.titles
                    or self.demonym_like(text)):
                return False
        return True

    def after_place(self, doc: Doc, conj: int) -> bool:
        """The name before the conjunction at `conj` is a place: it follows a locative preposition
        or "<place noun> of" ("in Sylhet and ...", "the provinces of Alto Beni and ...")."""
        j = conj - 1
        while j > 0 and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
            j -= 1
        if j == conj - 1 or j < 0:
            return False
        prev = doc[j].lower_
        if prev in self.w.location_prepositions and prev != "to":
            return True
        return prev == "of" and j > 0 and self.place_noun(doc[j - 1].lower_)

    def place_noun(self, word: str) -> bool:
        """"city", "cities", "provinces": a place noun, singular or plural."""
        places = self.w.place_nouns
        return word in places or word.endswith("s") and (word[:-1] in places or word[:-2] in places)

    def demonym_like(self, text: str) -> bool:
        """"Kenyan", "Peruvian", "Chinese", "Turkish": adjectives of places, never actors. The
        suffix alone is not enough ("Siobhan", "Meridian"): the word must also start like a
        state, capital or region ("Keny-a", "Peru", "Chin-a")."""
        return text in self.w.demonyms or (len(text) > 4 and bool(_DEMONYM.search(text))
                                           and text[:4] in self.place_stems)

    def _particle_then_name(self, doc: Doc, j: int, limit: int) -> bool:
        """"van der Merwe": particles lead to a capitalised word."""
        while j < limit and doc[j].lower_ in self.w.name_particles and not doc[j].text[0].isupper():
            j += 1
        return j < limit and self.is_name(doc[j])

    # ---- classification ---------------------------------------------------

    def preposition_head(self, span: Span) -> int | None:
        """Index (in the span) of a head word followed by "of"/"for" ("Office of ...")."""
        for k in range(len(span) - 2):
            if span[k].text in self.heads and span[k + 1].lower_ in self.w.name_prepositions:
                return k
        return None

    def org_kind(self, span: Span) -> str | None:
        texts = [t.text for t in span]
        if texts[-1] in self.w.non_actor_heads and self.preposition_head(span) is None:
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
        if prev in self.w.neighbour_words and k > 0 and doc[k - 1].lower_ in self.w.location_prepositions:
            return True  # "in neighbouring Burkina Faso"
        if prev == "to" and self.is_recipient(doc, k):
            return False
        if prev in self.w.location_prepositions or prev in self.w.location_modifiers:
            return True
        if prev == "with" and k > 0 and self.place_noun(doc[k - 1].lower_):
            return True  # "the border with Moldova"
        if prev in ("and", "or", ","):
            return decided.get(k - 1, False)
        return False

    def is_recipient(self, doc: Doc, to: int) -> bool:
        """"pledged €150 million to Tunisia": a state receiving something acts."""
        window = doc[max(0, to - 6) : to]
        return any(t.lower_ in self.w.giving_words or t.text in self.w.money_marks or t.is_currency
                   or t.text in self.currency_codes or (t.lower_,) in self.currency_words for t in window)

    def glued(self, doc: Doc, end: int) -> bool:
        """Followed by a hyphen and a lower-case word ("Zürich-based", "Cross-border")."""
        return (end < len(doc) - 1 and doc[end].text == "-" and not doc[end - 1].whitespace_
                and doc[end + 1].is_lower and not self.hyphen_given(doc, end, len(doc)))

    def person_or_body(self, doc: Doc, start: int, end: int) -> str:
        """"Analysts at Baltic Commodities Research", "the Helix Trust": names after
        "the" or a place-like preposition are bodies, not people."""
        k = start - 1
        if k >= 0 and doc[k].lower_ == "the" or any(t.lower_ == "and" for t in doc[start:end]):
            return "organization"
        return "organization" if k >= 0 and doc[k].lower_ in ("at", "from", "with") else "person"

    def person_cue(self, doc: Doc, start: int, end: int, surnames: dict[str, int]) -> bool:
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and (before.lower_ in self.w.roles or before.text in self.w.titles):
            return True
        if doc[start].text in self.w.place_words:
            return False
        if before is not None and before.text == "," and any(t.lower_ in self.w.roles for t in doc[max(0, start - 7) : start - 1]):
            return True  # "Its president, Luis Ortega, warned", "A spokesman for the union, Ana Pires,"
        if before is not None and before.lower_ in self.reporting and before.lower_ not in ("told", "tells"):
            return True  # '"...," said Maria Lind'
        if (before is not None and before.text == "," and after is not None and after.text == ","
                and end + 1 < len(doc) and doc[end + 1].lower_ in self.reporting):
            return True  # "..., Ana Pires, denied that ..."
        if before is not None and before.lower_ == "by" and start > 1 and doc[start - 2].lower_ in self.w.agent_verbs:
            return True
        if after is not None and after.lower_ in self.reporting:
            return True
        if (after is not None and after.text == "," and end + 1 < len(doc)
                and (doc[end + 1].lower_ in ("who", "the", "a", "an") or doc[end + 1].lower_ in self.w.roles)):
            return True  # "Rajiv Menon Pillai, chief Asia economist at ..."
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
        loose: list[tuple[int, int]] = []  # name runs no rule classified
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
                first = self._name_start(doc, i, sent.end, gaz)
                if first is None:
                    i += 1
                    continue
                end = self.run_end(doc, first, sent.end, gaz)
                count = len(found)
                self._classify(doc, i, end, sent.start, gaz, gaz_label, decided, surnames, found)
                if len(found) == count and not any(k in gaz for k in range(i, end)):
                    loose.append((i, end))
                i = end
        self._short_mentions(doc, found, headline_tokens)
        self._repeated(doc, found)
        self._coordinated(doc, loose, found)  # after _repeated: "Equinor and Petrobras", Equinor repeated
        self._defined_acronyms(doc, found)
        for f in found:  # "OPEC+": a symbol glued to the end of a name belongs to it
            if f.end < len(doc) and doc[f.end].text == "+" and not doc[f.end - 1].whitespace_:
                f.end += 1
        found.sort(key=lambda f: (f.start, f.end))
        return found

    def _name_start(self, doc: Doc, i: int, limit: int, gaz: dict[int, int]) -> int | None:
        """First name token of a run starting at i: i itself, or the capitalised
        word after lower-case particles opening a name ("van der Berg said")."""
        if i in gaz or self.is_name(doc[i]):
            return i
        if (doc[i].lower_ in self.w.name_particles and doc[i].is_lower and not (i > 0 and self.is_name(doc[i - 1]))
                and self._particle_then_name(doc, i, limit)):
            k = i
            while doc[k].lower_ in self.w.name_particles:
                k += 1
            return k
        return None

    def _coordinated(self, doc: Doc, loose: list[tuple[int, int]], found: list[Found]) -> None:
        """"financed by Kivu Trust and Amberly": an unclassified name joined by
        "and"/"or" to an organisation is an organisation too."""
        orgs_end = {f.end: f for f in found if f.kind == "organization"}
        orgs_start = {f.start: f for f in found if f.kind == "organization"}
        covered = {k for f in found for k in range(f.start, f.end)}
        for start, end in loose:
            if (doc[start].text in self.w.place_words or end - start > 4 or doc[start - 1].text == "the"
                    or any(k in covered for k in range(start, end))):
                continue
            left = start >= 2 and doc[start - 1].lower_ in ("and", "or") and (start - 1) in orgs_end
            k = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
            right = end + 1 < len(doc) and doc[end].lower_ in ("and", "or") and k in orgs_start
            if left or right:
                found.append(Found(start, end, "organization", 0.6, family="coordinated"))

    def _headline_token(self, doc, i, gaz, gaz_label, decided, found) -> int:
        if i in gaz:
            end = gaz[i]
            self._gazetteer(doc, i, end, gaz_label[i], decided, found, weak=True)
            return end
        if self.is_acronym(doc[i]):
            kind = self.org_kind(doc[i : i + 1])
            if kind:
                found.append(Found(i, i + 1, kind, 0.8, weak=True, family="headline-acronym"))
        return i + 1

    def _gazetteer(self, doc, start, end, label, decided, found, weak: bool = False) -> None:
        if label == "ORG":
            found.append(Found(start, end, "organization", 0.9, weak, family="gazetteer-org"))
            return
        location = self.is_location(doc, start, end, decided)
        decided[end - 1] = location
        if not location:
            found.append(Found(start, end, "state", 0.8, weak, family="gazetteer-state"))

    def _classify(self, doc, start, end, sent_start, gaz, gaz_label, decided, surnames, found) -> None:
        opener = doc[start].lower_
        if start == sent_start and end - start > 1 and doc[start].text not in self.heads and doc[start].text not in self.w.titles and (
                gaz.get(start + 1) == end and (opener in self.w.neighbour_words or opener.endswith("ing"))
                or opener in self.w.roles and end - start > 2):
            # "Neighbouring Côte d'Ivoire has ...", "Striker Moussa Diallo said": a capitalised
            # common word opening the sentence is not part of the name after it
            if gaz.get(start + 1) == end:
                self._gazetteer(doc, start + 1, end, gaz_label[start + 1], decided, found)
            else:
                found.append(Found(start + 1, end, "person", 0.8, family="person-cue"))
            return
        if gaz.get(start) == end:
            self._gazetteer(doc, start, end, gaz_label[start], decided, found)
            return
        if self.glued(doc, end):
            return
        span = doc[start:end]
        titles = [k for k in range(start, end) if doc[k].text in self.w.titles]
        if titles and doc[end - 1].text not in self.heads and not self._office_name(doc, span, titles):
            self._titled(doc, start, end, titles, found)
            return
        if len(span) == 1 and _DOTTED.match(span[0].text):
            letters = span[0].text.replace(".", "")
            if letters in self.w.state_acronyms:
                if not self.is_location(doc, start, end, decided):
                    found.append(Found(start, end, "state", 0.8, family="dotted"))
            elif letters not in self.w.acronym_stoplist:
                found.append(Found(start, end, "organization", 0.8, family="dotted"))
            return
        kind = self.org_kind(span) or self.body_cue(doc, start, end) or self.hyphenated_acronym(span)
        if kind:
            found.append(Found(start, end, kind, 0.85 if len(span) > 1 else 0.75,
                               family="org-head" if len(span) > 1 else "acronym"))
            return
        if span[-1].text in self.w.non_actor_heads or span[0].text in self.w.place_words:
            return
        if len(span) == 1 and self._quoted_speaker(doc, start, end, sent_start):
            found.append(Found(start, end, "person", 0.6, family="quoted-speaker"))
            return
        if len(span) < 2 or self.name_words(span) > 4:
            return
        if any(k in gaz for k in range(start, end)):
            return
        if self.person_cue(doc, start, end, surnames):
            found.append(Found(start, end, self.person_or_body(doc, start, end), 0.8, family="person-cue"))
        elif any(t.text == "&" for t in span):
            found.append(Found(start, end, "organization", 0.6, family="ampersand"))  # "Procter & Gamble"
        elif (start == sent_start and sum(not t.is_lower for t in span) <= 3 and end < len(doc) and doc[end].is_lower
              and doc[end].lower_ not in ("and", "or")):
            # "Tim Cook leads Apple": a bare name opening a sentence, before its verb (a weaker guess)
            found.append(Found(start, end, "person", 0.5, family="bare-name"))
        elif start > sent_start and self.name_words(span) <= 3 and self.bare_person(doc, start, end):
            # "talks with Oluwaseun Adebayo": a name of two or three plain words, no cue (a weak guess)
            found.append(Found(start, end, "person", 0.5, family="bare-name"))

    def _quoted_speaker(self, doc: Doc, start: int, end: int, sent_start: int) -> bool:
        """'"We will appeal," Kovac said': a lone name between a quote (or comma)
        and a reporting verb, not opening the sentence, is a person."""
        return (start > sent_start and doc[start - 1].text in ('"', "”", ",") and end < len(doc)
                and doc[end].lower_ in self.reporting and doc[end].lower_ not in ("told", "tells"))

    def _office_name(self, doc: Doc, span: Span, titles: list[int]) -> bool:
        """"Office of the High Commissioner for Refugees": a title inside an
        organisation name that opens with "<head> of"; a title followed by a
        name ("... Governor Ada Obi") is a person's title instead."""
        head = self.preposition_head(span)
        if head is None or titles[0] - span.start < head:
            return False
        after = titles[-1] + 1
        return after == span.end or doc[after].lower_ in self.w.name_prepositions

    def hyphenated_acronym(self, span: Span) -> str | None:
        """"ZCCM-IH": acronyms joined by hyphens name one body."""
        parts = [t for t in span if t.text != "-"]
        if len(parts) > 1 and len(parts) < len(span) and all(self.is_acronym(t) for t in parts):
            return "organization"
        return None

    def body_cue(self, doc: Doc, start: int, end: int) -> str | None:
        """A name that context marks as an organisation: a body noun before or
        after it ("the broadcaster Telenord", "The Unite union"), ", which"
        after it, an inner capital ("PayPal"), or the object of "told"
        (the outlet a speaker talked to)."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if any(t.text in self.w.region_words for t in doc[start:end]):
            return None  # "the Sahel network": a region
        if before is not None and before.lower_ in self.w.org_nouns:
            return "organization"
        if (after is not None and after.lower_ in self.w.org_nouns and start > 0
                and doc[start - 1].lower_ == "the"):
            return "organization"
        if after is not None and after.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ == "which":
            return "organization"
        if end - start == 1 and _CAMEL.match(doc[start].text):
            return "organization"
        k = start - 1 - (before is not None and before.lower_ == "the")
        if k >= 0 and doc[k].lower_ in ("told", "tells", "telling"):
            return "organization"
        return None

    def _titled(self, doc, start, end, titles, found) -> None:
        first, last = titles[0], titles[-1]
        if first > start:
            cut = first - (doc[first - 1].lower_ in self.w.name_prepositions)
            prefix = doc[start:cut]
            kind = self.org_kind(prefix)
            if kind and (prefix[-1].text in self.strong_heads or len(prefix) == 1):
                found.append(Found(start, cut, kind, 0.8, family="org-head"))
        rest = last + 1
        if rest < end and doc[rest].lower_ in self.w.name_prepositions:
            if end - rest >= 4:  # "Minister of X and Y Technology Arjun Mehra": the name closes the run
                found.append(Found(end - 2, end, "person", 0.6, family="titled"))
            return
        if rest < end and self.name_words(doc[rest:end]) <= 4 and doc[rest].text not in self.heads:
            found.append(Found(rest, end, "person", 0.9, family="titled"))

    def _defined_acronyms(self, doc: Doc, found: list[Found]) -> None:
        """"the Movement for Change (MFC)": the acronym, wherever it occurs, has its name's kind."""
        at = {f.start: f for f in found}
        kinds = {}
        for f in found:
            k = f.end
            if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")" and k + 1 in at and at[k + 1].end == k + 2:
                kinds[doc[k + 1].text] = f.kind
        for f in found:
            if f.end - f.start == 1 and doc[f.start].text in kinds:
                f.kind = kinds[doc[f.start].text]

    def _short_mentions(self, doc: Doc, found: list[Found], headline: set[int]) -> None:
        """Later (or headline) mentions of names already found: surnames, company first words."""
        known: dict[tuple[str, ...], str] = {}
        heads: set[str] = set()
        for f in found:
            if f.kind == "state":
                continue  # states come from the gazetteer, each mention checked for being a place
            words = tuple(t.text for t in doc[f.start : f.end])
            known.setdefault(words, f.kind)
            if f.kind == "person":
                for k in range(1, len(words)):
                    if words[k][0].isupper():
                        known.setdefault(words[k:], "person")
                if self.hyphen_given(doc, f.end - 2, f.end):
                    known.setdefault(words[:1], "person")  # "Park Ji-hoon" -> "Park": the family name comes first
            elif words[-1] in self.w.company_heads and len(words) > 1:
                known.setdefault(words[:1], f.kind)
            elif words[-1] in self.w.org_heads and len(words) > 1 and not any(w in self.w.name_prepositions for w in words):
                heads.add(words[-1])  # "European Commission" -> later "the Commission"
        if not known:
            return
        covered = set()
        for f in found:
            if not f.weak:
                covered.update(range(f.start, f.end))
        for tok in doc:  # "the Commission": the head alone, after "the", names the body found before
            if (tok.text in heads and tok.i not in covered and tok.i > 0 and doc[tok.i - 1].lower_ == "the"
                    and not tok.is_sent_start and self._alone(doc, tok.i, tok.i + 1)
                    and not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in self.w.name_prepositions)
                    and any(f.end <= tok.i and doc[f.end - 1].text == tok.text for f in found)):
                found.append(Found(tok.i, tok.i + 1, "organization", 0.6, family="short-head"))
                covered.add(tok.i)
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
                    found.append(Found(i, i + n, known[words], 0.75, family="short-mention"))
                    covered.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1

    def _repeated(self, doc: Doc, found: list[Found]) -> None:
        """A single capitalised word no rule explained, used at least twice and at
        least once inside a sentence (a company without a suffix: "Vantora"), is an
        organisation at each mention that is not a place ("in Vantora")."""
        covered = {k for f in found for k in range(f.start, f.end)}
        places = {doc[i].text for i in range(len(doc)) if self.place_mention(doc, i)}
        mentions: dict[str, list[int]] = {}
        for tok in doc:
            text = tok.text
            if (tok.i in covered or not self.is_name(tok) or not text.isalpha() or len(text) < 3
                    or text.isupper() or not text[1:].islower() or not self._alone(doc, tok.i, tok.i + 1)):
                continue
            mentions.setdefault(text, []).append(tok.i)
        w = self.w
        for text, where in mentions.items():
            if len(where) < 2 or all(doc[i].is_sent_start for i in where):
                continue
            if (text in self.heads or text in w.titles or text in w.non_actor_heads or text in w.place_words
                    or text in w.region_words or text in w.states or text in w.capitals
                    or self.demonym_like(text) or text.lower() in self.reporting):
                continue
            if text in places:
                continue
            for i in where:
                before = doc[i - 1].lower_ if i > 0 else ""
                if before in ("'s", "’s"):
                    continue  # "the company's Marikana shaft": a name used as a modifier
                owner = i + 1 < len(doc) and doc[i + 1].text in ("'s", "’s")
                stake = i > 1 and before == "in" and doc[i - 2].lower_ in w.stake_nouns
                if not (owner or stake) and (before in w.location_prepositions or before in w.location_modifiers):
                    continue  # "in Vantora" (but "into Vantora's settings", "shares in Vantora")
                if before in ("the", "a", "an"):
                    continue
                found.append(Found(i, i + 1, "organization", 0.5, family="repeated"))

    def place_mention(self, doc: Doc, i: int) -> bool:
        """"the city of Kelowna", "West Kelowna": this mention shows the word names a place."""
        if i > 0 and (doc[i - 1].text in self.w.place_words or doc[i - 1].lower_ in ARRIVAL_VERBS):
            return True  # "West Kelowna", "crews reached Sunamganj"
        return i > 1 and doc[i - 1].lower_ == "of" and self.place_noun(doc[i - 2].lower_)

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
            set_attrs(doc, span, {"kind": f.kind}, f.score, family=f"actor:{f.family}")
        doc.spans["ACTOR"] = spans
        return doc

    return component
