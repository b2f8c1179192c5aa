"""FIGURE rules (a spaCy component): a small grammar read left to right over
the tokens instead of a list of cases:

    figure   := hedge? (number unit? rate? | range | fraction | multiple | "a" duration)
    number   := currency? (digits | spelled words) ("and a half")? scale* currency-code?
    unit     := "-"? modifier* unit-word | currency word (pycountry names) | minor currency
    range    := "between" number unit? "and" number unit? | number unit? ("to" | "-") number unit
    rate     := ("a" | "per" | "each" | "/") time-or-measure noun      (after a unit or currency)

then filters (years, dates, ages, times of day, numbers inside names and
codes) and the attributes value, unit and approximate. Word lists live in
`resources/patterns/figures.toml`. Follows GUIDELINES.md, "FIGURE".

`parse_figure` is shared with the pipeline suggester, which gets FIGURE spans
from a model and needs the same attributes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .attrs import set_attrs
from .patterns import FigureWords, figure_words
from .sentences import is_title_case

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SUFFIX = r"(?:bn|mn|m|k|tn|b|bln)"
_SYMBOLS = "|".join(re.escape(k) for k in sorted(figure_words().currency_symbols, key=len, reverse=True))
_NUMBER = re.compile(rf"^(?P<cur>{_SYMBOLS})?(?P<num>{_DIGITS})(?P<scale>{_SUFFIX})?$")
_JOINED = re.compile(rf"^(?P<cur>{_SYMBOLS})?(?P<low>{_DIGITS})[-–—](?P<high>{_DIGITS})$")  # "40–50": one token
_FOLD = re.compile(r"^(?P<num>[a-z]+|\d+)-?fold$")
_DASHES = ("-", "–", "—")
_CLOSERS = frozenset({"in", "on", "from", "to", "of", "last", "this", "since", "by", "at", "and", "or", "over"})
_TWICE = {"twice": 2, "thrice": 3}
_GOODS_AFTER = frozenset({"of", "into", "on"})
_NOT_RATE = frozenset({"earlier", "later", "ago", "before", "after", "since", "on", "into", "of"})


@dataclass
class Parsed:
    start: int  # token indices, end exclusive
    end: int
    value: Decimal
    unit: str | None
    hedge: int  # tokens of hedge at the start (kept in the span)
    approximate: bool
    family: str  # which part of the grammar made it: money, percent, measure, count, ...
    bare: bool  # a lone number with nothing else that says it is a quantity


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class FigureGrammar:
    """The grammar above over one doc; `parse(doc, i, limit)` reads a figure starting at token i."""

    def __init__(self, words: FigureWords):
        self.w = words
        self.hedges: dict[str, list[tuple[str, ...]]] = {}  # first word -> hedges, longest first
        for h in sorted((tuple(h.split()) for h in words.hedges), key=len, reverse=True):
            self.hedges.setdefault(h[0], []).append(h)
        self.tens = {w for w, v in words.numbers.items() if 20 <= v <= 90 and v % 10 == 0}
        self.singular_times = {u[0]: unit for u, unit in words.units.items()
                               if len(u) == 1 and unit in words.durations and not u[0].endswith("s")}

    # ---- pieces ------------------------------------------------------------

    def hedge(self, doc: Doc, i: int, limit: int) -> int:
        for h in self.hedges.get(doc[i].lower_, ()) if i < limit else ():
            n = len(h)
            if i + n <= limit and all(doc[i + k].lower_ == h[k] for k in range(n)):
                return n
        return 0

    def number(self, doc: Doc, i: int, limit: int) -> tuple[int, Decimal, str | None, bool] | None:
        """(end, value, currency, spelled) of a number starting at token i."""
        unit = None
        if i < limit and (doc[i].text in self.w.currency_symbols or doc[i].text in self.w.currency_codes):
            unit = self.w.currency_symbols.get(doc[i].text, doc[i].text)
            i += 1
        if i >= limit:
            return None
        tok = doc[i]
        m = _NUMBER.match(tok.text) or self.joined_range(tok.text)
        spelled = False
        if m:
            value = _decimal(m["num"])
            if value is None:
                return None
            if m["cur"]:
                if unit is not None:
                    return None
                unit = self.w.currency_symbols.get(m["cur"])
            if m["scale"]:
                value *= self.w.scales.get(m["scale"], 1000000000 if m["scale"] in ("b", "bln") else 1)
            j = i + 1
        else:
            parsed = self.spelled(doc, i, limit)
            if parsed is None:
                return None
            j, value = parsed
            spelled = True
        if j + 2 < limit and doc[j].lower_ == "and" and doc[j + 1].lower_ in ("a", "one") and doc[j + 2].lower_ == "half":
            value += Decimal("0.5")
            j += 3
        while j < limit and doc[j].lower_ in self.w.scales and (doc[j].lower_ not in ("m", "k") or not doc[j - 1].whitespace_):
            value *= self.w.scales[doc[j].lower_]  # "2 billion", "£112m"; a spaced "m" or "k" is a unit or a letter
            j += 1
        if unit is None and j < limit and doc[j].text in self.w.currency_codes and doc[j].text.isupper():
            unit, j = doc[j].text, j + 1
        return j, value, unit, spelled

    @staticmethod
    def joined_range(text: str) -> dict[str, str | None] | None:
        """"40–50" written as one token: a range whose value is its lower bound (never two
        years, "2019–2020", and never a score, "5–4")."""
        m = _JOINED.match(text)
        if m is None:
            return None
        low, high = _decimal(m["low"]), _decimal(m["high"])
        if low is None or high is None or low >= high or re.fullmatch(r"\d{4}", m["low"]) and 1500 <= low <= 2199:
            return None
        return {"cur": m["cur"], "num": m["low"], "scale": None}

    @staticmethod
    def ascending(first: Decimal, second: Decimal, text: str) -> bool:
        return first < second and not (re.fullmatch(r"\d{4}", text) and 1500 <= first <= 2199)

    def spelled(self, doc: Doc, i: int, limit: int) -> tuple[int, Decimal] | None:
        """"seven", "twenty-five", "two hundred and fifty", "a dozen", "a million"."""
        numbers, scales = self.w.numbers, self.w.scales
        low = doc[i].lower_
        if low in ("a", "an") and i + 1 < limit and doc[i + 1].lower_ in ("hundred", "thousand", "million", "billion", "dozen"):
            word = doc[i + 1].lower_
            return i + 2, Decimal(numbers.get(word) or scales[word])
        if low not in numbers or low == "hundred":
            return None
        value, j = Decimal(numbers[low]), i + 1
        if low in self.tens and j + 1 < limit and doc[j].text == "-" and doc[j + 1].lower_ in numbers:
            value += numbers[doc[j + 1].lower_]
            j += 2
        if j < limit and doc[j].lower_ == "hundred":
            value *= 100
            j += 1
            if j + 1 < limit and doc[j].lower_ == "and" and doc[j + 1].lower_ in numbers:
                rest = self.spelled(doc, j + 1, limit)
                if rest is not None:
                    j, value = rest[0], value + rest[1]
        return j, value

    def unit(self, doc: Doc, j: int, limit: int) -> tuple[int, str, str] | None:
        """(end, unit, kind) of the unit words at token j; kind is currency, minor or measure."""
        if j >= limit:
            return None
        if doc[j].text in self.w.metric_symbols:
            return j + 1, self.w.metric_symbols[doc[j].text], "measure"
        if doc[j].lower_ in self.w.minor_currency:
            if doc[j].lower_ == "p" and doc[j - 1].whitespace_:
                return None
            return j + 1, doc[j].lower_, "minor"
        k = j
        while k < limit and doc[k].lower_ in self.w.unit_modifiers:
            k += 1
        for n in range(min(self.w.longest_unit, limit - k), 0, -1):
            words = tuple(t.lower_ for t in doc[k : k + n])
            if words in self.w.currency_words and k == j:
                return k + n, self.w.currency_words[words], "currency"
            if words in self.w.units:
                return k + n, self.w.units[words], "measure"
        return None

    def code_unit(self, doc: Doc, j: int, limit: int) -> tuple[int, str, str] | None:
        """"1,900 TEU per day", "40 GWh.": an upper-case code right after a number, closing the
        phrase (a rate, punctuation or a preposition follows), is its unit."""
        if j >= limit or not (doc[j].text.isalpha() and doc[j].text.isupper() and 2 <= len(doc[j].text) <= 4):
            return None
        if (j == 0 or not doc[j - 1].text[:1].isdigit() or doc[j].text in self.w.currency_codes
                or re.fullmatch(r"(?:1[5-9]|2[01])\d\d", doc[j - 1].text)):
            return None  # (not a year: "in 2024 AFP ...")
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if nxt is None or nxt.is_punct or nxt.lower_ in self.w.rate_openers or nxt.lower_ in _CLOSERS:
            return j + 1, doc[j].text, "measure"
        return None

    def rate(self, doc: Doc, j: int, limit: int, unit: str | None = None) -> int:
        """End of a rate tail at j ("a day", "per month", "/day"), or j when none."""
        if j + 1 < limit and doc[j].lower_ in self.w.rate_openers and doc[j + 1].lower_ in self.w.rate_nouns:
            nxt = doc[j + 2].lower_ if j + 2 < len(doc) else ""
            if nxt in _NOT_RATE and not (nxt in _GOODS_AFTER and self.goods(unit)):
                return j  # "a year earlier", "a day later": a time, not a rate
                # (but "1.8 million barrels a day of crude", "... a day into next year" are rates)
            return j + 2
        if j < limit and doc[j].lower_.startswith("/") and doc[j].lower_[1:] in self.w.rate_nouns:
            return j + 1
        return j

    def goods(self, unit: str | None) -> bool:
        """A unit of goods or money (not a duration or a share): its "a day of ..." is a rate."""
        return unit is not None and unit not in self.w.durations and unit not in ("percent", "percentage points")

    # ---- a whole figure -----------------------------------------------------

    def parse(self, doc: Doc, i: int, limit: int) -> Parsed | None:
        low = doc[i].lower_
        if low in self.w.range_openers:
            parsed = self._range(doc, i, limit)
            if parsed is not None:
                return parsed
            return None
        h = self.hedge(doc, i, limit)
        k = i + h
        if k >= limit:
            return None
        special = self._article_duration(doc, i, k, limit, h) or self._fraction(doc, i, k, limit, h)
        if special is not None:
            return special
        if doc[k].lower_ in _TWICE and (h or k + 1 < limit and doc[k + 1].lower_ in ("the", "as", "that", "what")):
            # "almost twice the cost", "twice as many": a multiple ("met twice" is no quantity)
            return Parsed(i, k + 1, Decimal(_TWICE[doc[k].lower_]), "times", h, h > 0, "multiple", False)
        num = self.number(doc, k, limit)
        if num is None:
            return self._fold(doc, i, k, limit, h)
        end, value, unit, spelled = num
        family = "money" if unit else ("spelled" if spelled else "count")
        # "450-kilometre", "two-day": a unit glued by a hyphen
        found = None
        if (end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_):
            found = self.unit(doc, end + 1, limit)
            if (found is None or found[2] != "measure") and self._range_tail(doc, k, end, limit, unit) is None:
                return None
            if found is None or found[2] != "measure":
                found = None  # "40-50 people": a range, read below
        if found is not None:
            if found[0] + 1 < limit and doc[found[0]].text == "-" and doc[found[0] + 1].lower_ in self.w.after_stop:
                return None  # "45-year-old": an age
            return Parsed(i, found[0], value, found[1], h, h > 0, "hyphen", False)
        if end < limit and doc[end].lower_ in self.w.multiples:
            return Parsed(i, end + 1, value, "times", h, h > 0, "multiple", False)
        found = self.unit(doc, end, limit) or self.code_unit(doc, end, limit)
        bare = unit is None and found is None and end - k == 1
        if found is not None:
            end, name, kind = found
            if kind == "minor":
                cur, per = self.w.minor_currency[name]
                if unit is None:
                    unit, value = cur, value / per
            elif kind == "currency" and unit is None:
                unit = name
            elif kind == "measure":
                unit = name if unit is None or name == "percent" else unit
            family = "percent" if unit == "percent" else ("money" if kind != "measure" else "measure")
        ranged = self._range_tail(doc, k, end, limit, unit)
        if ranged is not None:
            end, unit = ranged
            family, bare = "range", False
        if unit is not None:
            rate_end = self.rate(doc, end, limit, unit)
            if rate_end > end:
                end, family = rate_end, "rate"
        return Parsed(i, end, value, unit, h, h > 0, family, bare)

    def _range_tail(self, doc: Doc, start: int, end: int, limit: int, unit: str | None) -> tuple[int, str | None] | None:
        """"5 to 7 percent", "5-7 percent": a second number with the unit closes a range."""
        if end + 1 >= limit or doc[end].lower_ not in ("to", *_DASHES):
            return None
        if start > 0 and doc[start - 1].lower_ == "from":
            return None  # "from $12 to $8": two figures
        if doc[end].text in _DASHES and (doc[end - 1].whitespace_ or doc[end].whitespace_):
            return None
        second = self.number(doc, end + 1, limit)
        if second is None:
            return None
        s_end, second_value, s_unit, _sp = second
        found = self.unit(doc, s_end, limit)
        if found is None and s_unit is None:
            # "40-50 people": a dash range needs no unit when it rises and a counted noun follows
            first = self.number(doc, start, limit)
            if (doc[end].text in _DASHES and unit is None and first is not None and s_end < limit
                    and doc[s_end].is_alpha and doc[s_end].is_lower and doc[start - 1].lower_ not in ("a", "an", "the")
                    and self.ascending(first[1], second_value, doc[start].text)):
                return s_end, None
            return None
        if found is not None:
            s_end, name, kind = found
            s_unit = s_unit or (name if kind != "minor" else self.w.minor_currency[name][0])
        if unit is not None and s_unit != unit:
            return None
        return s_end, s_unit

    def _range(self, doc: Doc, i: int, limit: int) -> Parsed | None:
        """"between 5 and 7 percent", "between 3,000 and 4,000": one span, not approximate."""
        first = self.number(doc, i + 1, limit)
        if first is None:
            return None
        end, value, unit, _sp = first
        found = self.unit(doc, end, limit)
        if found is not None:
            end, name, kind = found
            unit = unit or (name if kind != "minor" else self.w.minor_currency[name][0])
        if end >= limit or doc[end].lower_ != "and":
            return None
        second = self.number(doc, end + 1, limit)
        if second is None:
            return None
        end, second_value, s_unit, _sp = second
        found = self.unit(doc, end, limit)
        if found is not None:
            end, name, kind = found
            s_unit = s_unit or (name if kind != "minor" else self.w.minor_currency[name][0])
        unit = unit or s_unit
        if unit is None and not self.ascending(value, second_value, doc[i + 1].text):
            return None  # "between 2010 and 2020": years, not a range of quantities
        if unit is not None:
            end = self.rate(doc, end, limit, unit)
        return Parsed(i, end, value, unit, 1, False, "range", False)

    def _article_duration(self, doc: Doc, i: int, k: int, limit: int, h: int) -> Parsed | None:
        """"at least a year", "almost a decade": only after a hedge (a bare "a year" is no figure)."""
        if not h or k + 1 >= limit or doc[k].lower_ not in ("a", "an") or doc[k + 1].lower_ not in self.singular_times:
            return None
        unit = self.singular_times[doc[k + 1].lower_]
        end = k + 2
        if end + 2 < limit and doc[end].lower_ == "and" and doc[end + 1].lower_ == "a" and doc[end + 2].lower_ == "half":
            return Parsed(i, end + 3, Decimal("1.5"), unit, h, True, "duration", False)
        return Parsed(i, end, Decimal(1), unit, h, True, "duration", False)

    def _fraction(self, doc: Doc, i: int, k: int, limit: int, h: int) -> Parsed | None:
        """"about a quarter", "roughly three-fifths", "nearly half", "one in five"."""
        fr, nums = self.w.fractions, self.w.numbers
        low = doc[k].lower_
        if low == "half" and (h or i > 0 and doc[i - 1].lower_ == "by" and (k + 1 >= limit or not doc[k + 1].is_alpha)):
            if k + 2 < limit and doc[k + 1].lower_ in ("a", "an"):
                found = self.unit(doc, k + 2, limit)  # "up to half a percentage point"
                if found is not None and found[2] == "measure":
                    return Parsed(i, found[0], Decimal("0.5"), found[1], h, h > 0, "fraction", False)
            return Parsed(i, k + 1, Decimal("0.5"), "share", h, h > 0, "fraction", False)
        if k + 1 >= limit:
            return None
        nxt = doc[k + 1].lower_
        if low in ("a", "an", "one") and nxt in fr and not nxt.endswith("s") and nxt != "half":
            after = doc[k + 2] if k + 2 < len(doc) else None
            # "a fifth of", "just under a fifth", "cut by a fifth": a share, not an ordinal ("a fifth term")
            if (after is not None and after.lower_ == "of" or h or i > 0 and doc[i - 1].lower_ == "by"
                    and (after is None or not after.is_alpha or after.is_stop)):
                return Parsed(i, k + 2, Decimal(1) / fr[nxt], "share", h, h > 0, "fraction", False)
            return None
        if (low in nums and nxt in _DASHES and k + 2 < limit and doc[k + 2].lower_ in fr
                and doc[k + 2].lower_.endswith("s") and not doc[k].whitespace_):
            return Parsed(i, k + 3, Decimal(nums[low]) / fr[doc[k + 2].lower_], "share", h, h > 0, "fraction", False)
        if (low in nums or low == "1") and nxt == "in" and k + 2 < limit:
            other = doc[k + 2].lower_  # "one in four", "1 in 5" (not "9,000 in six weeks")
            whole = nums.get(other) or (int(other) if other.isdigit() and low == "1" else 0)
            if whole > 1 and nums.get(low, 1) < whole:
                return Parsed(i, k + 3, Decimal(nums.get(low, 1)) / whole, "share", h, h > 0, "fraction", False)
        return None

    def _fold(self, doc: Doc, i: int, k: int, limit: int, h: int) -> Parsed | None:
        """"threefold", "10-fold"."""
        m = _FOLD.match(doc[k].lower_)
        if m is None:
            return None
        num = m["num"]
        value = Decimal(num) if num.isdigit() else self.w.numbers.get(num)
        return None if value is None else Parsed(i, k + 1, Decimal(value), "times", h, h > 0, "multiple", False)


def parse_figure(span: Span, words: FigureWords | None = None) -> dict[str, Any] | None:
    """value/unit/approximate for a figure span, or None if it holds no number.

    Also returns the hedge length in tokens under the private key `_hedge`.
    """
    grammar = _grammar(words or figure_words())
    doc = span.doc
    for i in range(span.start, span.end):
        parsed = grammar.parse(doc, i, span.end)
        if parsed is not None:
            return {"value": _plain(parsed.value), "unit": parsed.unit, "approximate": parsed.approximate,
                    "_hedge": parsed.hedge if i == span.start else 0}
    return None


_GRAMMARS: dict[int, FigureGrammar] = {}


def _grammar(words: FigureWords) -> FigureGrammar:
    key = id(words)
    if key not in _GRAMMARS:
        _GRAMMARS[key] = FigureGrammar(words)
    return _GRAMMARS[key]


class FigureFinder:
    def __init__(self, words: FigureWords):
        self.words = words
        self.grammar = _grammar(words)

    def counted_unit(self, doc: Doc, start: int, end: int) -> str:
        """people or items, from the noun counted after the figure or, when none
        follows ("killed 214", "arrivals rose to 38,000"), the words just before it."""
        after = []
        for tok in doc[end : end + 3]:
            if not tok.is_alpha or tok.is_stop:
                break
            after.append(tok.lower_)
        if not after:
            sent_start = doc[start].sent.start
            after = [t.lower_ for t in doc[max(sent_start, start - 4) : start]]
        return "people" if any(w in self.words.people for w in after) else "items"

    def keep(self, doc: Doc, p: Parsed, actors: set[int], title: bool) -> bool:
        if any(k in actors for k in range(p.start, p.end)):
            return False
        first = doc[p.start + p.hedge]
        before = doc[p.start - 1] if p.start > 0 else None
        after = doc[p.end] if p.end < len(doc) else None
        bare, hedge = p.bare, p.hedge
        if bare and first.lower_ == "one":
            return False
        if bare and re.fullmatch(r"\d{4}", first.text) and 1500 <= int(first.text) <= 2199 and not hedge:
            return False  # a year
        months = self.words.months
        if any(t is not None and t.text[:1].isupper() and t.lower_.rstrip(".") in months for t in (before, after)):
            return False  # a date
        if after is not None and after.lower_ in self.words.after_stop:
            return False  # "10 a.m.", "45 years old"
        if after is not None and after.text in _DASHES and not doc[p.end - 1].whitespace_:
            return False  # "second-largest", "5-4" scores, "COVID-19": not a quantity with a unit
        if before is not None and before.text in _DASHES and not before.whitespace_:
            return False  # the second half of "52-48", "F-35", "SARS-CoV-2"
        if before is not None and before.lower_ in self.words.name_words:
            return False  # "No. 10", "aged 45", "Article 5"
        if after is not None and not doc[p.end - 1].whitespace_ and after.is_alpha and after.text[0].isupper():
            return False  # "5G", "4K": a code, not a quantity
        if (before is not None and before.lower_ in ("the", "a", "an") and p.end - p.start == 1
                and re.fullmatch(r"[A-Z]{1,2}\d{1,3}", first.text)):
            return False  # "the R21 vaccine", "an A320": a model name
        if (bare and not hedge and not title and before is not None and before.is_alpha
                and any(c.isupper() for c in before.text)
                and (not before.is_sent_start or not before.is_stop and not before.lower_.endswith("ly"))):
            return False  # "Formula 1", "Apollo 11", "iOS 17", "Line 3": a number inside a name
        if (bare and not hedge and before is not None and before.text == "," and after is not None
                and after.text == "," and p.start > 1 and doc[p.start - 2].text[:1].isupper()):
            return False  # "Ana Ruiz, 45, said": an age
        return True

    def hedge_is_preposition(self, doc: Doc, p: Parsed, title: bool) -> bool:
        """"over three years" (during) and, in a headline, "strike over 7% pay demand" (about):
        "over"/"under" is a preposition there, not a hedge; "in under five years" keeps it."""
        if not p.hedge or doc[p.start : p.start + p.hedge].text.lower() not in self.words.duration_prepositions:
            return False
        if p.start > 0 and doc[p.start - 1].lower_ in ("in", "within", "for", "of", "to", "by"):
            return False
        if p.unit in self.words.durations:
            return True
        after = doc[p.end] if p.end < len(doc) else None
        headline = title or doc[p.start].idx < doc.text.find("\n")  # the first line is the headline
        return headline and after is not None and after.is_alpha and after.is_lower and not after.is_stop

    def find(self, doc: Doc) -> list[tuple[Span, dict[str, Any], str]]:
        actors = {t.i for s in doc.spans.get("ACTOR", []) for t in s}
        out = []
        for sent in doc.sents:
            title = is_title_case(sent)
            i = sent.start
            while i < sent.end:
                p = self.grammar.parse(doc, i, sent.end)
                if p is None or not self.keep(doc, p, actors, title):
                    i += 1
                    continue
                info = {"value": _plain(p.value), "unit": p.unit, "approximate": p.approximate}
                start = p.start
                if self.hedge_is_preposition(doc, p, title):
                    start, info["approximate"] = p.start + p.hedge, False  # "over three years" = during
                if info["unit"] is None:
                    info["unit"] = self.counted_unit(doc, start, p.end)
                family = p.family + ("+hedge" if info["approximate"] else "")
                out.append((Span(doc, start, p.end, label="FIGURE"), info, family))
                i = p.end
        return out


@Language.factory("glossator_figures")
def make_figure_component(nlp: Language, name: str):
    finder = FigureFinder(figure_words())

    def component(doc: Doc) -> Doc:
        spans = []
        for span, info, family in finder.find(doc):
            spans.append(span)
            set_attrs(doc, span, info, 0.9, family=f"figure:{family}")
        doc.spans["FIGURE"] = spans
        return doc

    return component
