"""FIGURE rules (a spaCy component): a Matcher over hedge + currency + number
+ scale + unit patterns built from `resources/patterns/figures.toml`, then
filters (years, dates, numbers inside names) and the attributes value, unit
and approximate. Follows GUIDELINES.md, "FIGURE".

`parse_figure` is shared with the pipeline suggester, which gets FIGURE spans
from a model and needs the same attributes.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .attrs import set_attrs
from .patterns import FigureWords, figure_words
from .sentences import is_title_case

_SYMBOLS = r"(?:R\$|US\$|A\$|C\$|HK\$|R|\$|€|£|₹|¥|₦)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SUFFIX = r"(?:bn|mn|m|k|tn)"
_NUMBER = re.compile(rf"^(?P<cur>{_SYMBOLS})?(?P<num>{_DIGITS})(?P<scale>{_SUFFIX})?$")
_NAME_WORDS = ("no.", "number", "article", "section", "chapter", "page", "resolution", "flight", "route")


def _number_patterns(words: FigureWords) -> list[list[dict[str, Any]]]:
    tens = sorted(w for w, v in words.numbers.items() if 20 <= v <= 90 and v % 10 == 0)
    units = sorted(w for w, v in words.numbers.items() if 1 <= v <= 9)
    return [
        [{"TEXT": {"REGEX": _NUMBER.pattern}}],
        [{"LOWER": {"IN": sorted(words.numbers)}}],
        [{"LOWER": {"IN": tens}}, {"ORTH": "-"}, {"LOWER": {"IN": units}}],  # "twenty-five"
    ]


def build_patterns(words: FigureWords) -> list[list[dict[str, Any]]]:
    """Every hedge × currency × number × scale × unit combination as Matcher patterns."""
    hedges = [[]] + [[{"LOWER": w} for w in h.split()] for h in words.hedges]
    currency = {"TEXT": {"IN": sorted(set(words.currency_symbols) | words.currency_codes)}, "OP": "?"}
    scale = {"LOWER": {"IN": sorted(words.scales)}, "OP": "?"}
    one_word_units = sorted({u for u in words.units if " " not in u} | set(words.currency_words))
    two_word = [[{"LOWER": a} for a in u.split()] for u in words.units if " " in u]
    units = [[], [{"LOWER": {"IN": one_word_units}}], [{"ORTH": "-"}, {"LOWER": {"IN": one_word_units}}], *two_word]
    patterns = []
    for hedge in hedges:
        for number in _number_patterns(words):
            for unit in units:
                patterns.append([*hedge, currency, *number, scale, scale, *unit])
    return patterns


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_figure(span: Span, words: FigureWords | None = None) -> dict[str, Any] | None:
    """value/unit/approximate for a figure span, or None if it holds no number.

    Also returns the hedge length in tokens under the private key `_hedge`.
    """
    words = words or figure_words()
    toks = list(span)
    low = [t.lower_ for t in toks]
    hedge = 0
    for h in words.hedges:
        parts = h.split()
        if low[: len(parts)] == parts and len(parts) < len(toks):
            hedge = len(parts)
            break
    value: Decimal | None = None
    unit: str | None = None
    for tok, lw in zip(toks[hedge:], low[hedge:]):
        m = _NUMBER.match(tok.text)
        if value is None and m:
            value = _decimal(m["num"])
            if m["cur"]:
                unit = words.currency_symbols.get(m["cur"], unit)
            if m["scale"] and value is not None:
                value *= words.scales[m["scale"]]
        elif value is None and lw in words.numbers:
            value = Decimal(words.numbers[lw])
        elif value is not None and lw in words.numbers and tok.i > 0 and tok.doc[tok.i - 1].text == "-":
            value += words.numbers[lw]  # "twenty-five"
        elif value is None and (tok.text in words.currency_symbols or tok.text in words.currency_codes):
            unit = words.currency_symbols.get(tok.text, tok.text)
        elif value is not None and lw in words.scales:
            value *= words.scales[lw]
        elif value is not None and lw in words.currency_words:
            unit = words.currency_words[lw]
        elif value is not None and lw in words.units and unit is None:
            unit = words.units[lw]
        elif value is not None and lw == "cent" and unit is None:
            unit = "percent"
    if value is None:
        return None
    two_word = " ".join(low[-2:])
    if len(low) > 2 and two_word in words.units:  # "per cent", "percentage points"
        unit = words.units[two_word]
    return {"value": _plain(value), "unit": unit, "approximate": hedge > 0, "_hedge": hedge}


class FigureFinder:
    def __init__(self, nlp: Language, words: FigureWords):
        self.words = words
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("FIGURE", build_patterns(words), greedy="LONGEST")

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

    def keep(self, doc: Doc, span: Span, info: dict[str, Any], actors: set[int], title: bool) -> bool:
        if any(t.i in actors for t in span):
            return False
        hedge = info["_hedge"]
        core = span[hedge:]
        first = core[0]
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        bare = len(core) == 1
        if bare and first.lower_ == "one":
            return False
        if bare and re.fullmatch(r"\d{4}", first.text) and 1500 <= int(first.text) <= 2199 and not hedge:
            return False  # a year
        months = self.words.months
        if any(t is not None and t.lower_.rstrip(".") in months for t in (before, after)):
            return False  # a date
        if after is not None and after.text in ("-", "–") and not span[-1].whitespace_:
            return False  # "second-largest", "5-4" scores: not a quantity with a unit
        if before is not None and before.text in ("-", "–") and not before.whitespace_:
            return False  # the second half of "52-48"
        if before is not None and before.lower_ in _NAME_WORDS:
            return False
        if after is not None and not span[-1].whitespace_ and after.is_alpha and after.text[0].isupper():
            return False  # "5G", "4K": a code, not a quantity
        if (bare and before is not None and before.lower_ in ("the", "a", "an")
                and re.fullmatch(r"[A-Z]{1,2}\d{1,3}", first.text)):
            return False  # "the R21 vaccine", "an A320": a model name
        if (bare and not hedge and not title and before is not None and before.text[:1].isupper()
                and before.is_alpha and not before.is_sent_start):
            return False  # "Formula 1", "Apollo 11": a number inside a name
        return True

    def find(self, doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
        actors = {t.i for s in doc.spans.get("ACTOR", []) for t in s}
        spans = filter_spans([Span(doc, s, e) for _, s, e in self.matcher(doc)])
        title_sents = {s.start for s in doc.sents if is_title_case(s)}
        out = []
        for span in spans:
            info = parse_figure(span, self.words)
            if info is None:
                continue
            if not self.keep(doc, span, info, actors, span.sent.start in title_sents):
                continue
            hedge = info.pop("_hedge")
            if hedge and span[:hedge].text.lower() in self.words.duration_prepositions and info["unit"] in self.words.durations:
                span, info["approximate"] = span[hedge:], False  # "over three years" = during
            if info["unit"] is None:
                info["unit"] = self.counted_unit(doc, span.start, span.end)
            out.append((Span(doc, span.start, span.end, label="FIGURE"), info))
        return out


@Language.factory("glossator_figures")
def make_figure_component(nlp: Language, name: str):
    finder = FigureFinder(nlp, figure_words())

    def component(doc: Doc) -> Doc:
        spans = []
        for span, info in finder.find(doc):
            spans.append(span)
            set_attrs(doc, span, info, 0.9)
        doc.spans["FIGURE"] = spans
        return doc

    return component
