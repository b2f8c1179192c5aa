"""How a file's span offsets are counted: Unicode code points (Python, spaCy,
brat, Glossator) or UTF-16 code units (JavaScript tools: doccano, older Label
Studio). The two only differ after a character above U+FFFF (emoji), so the
decision is made once per file, from the spans where they differ:

- a counting is ruled out by any span it would put outside the text, inside
  an emoji (half a surrogate pair), or on other text than the file quotes for
  it (Label Studio's `value.text`, Glossator's doccano `span_texts`); a span
  that no counting fits, or a file that rules out both, is refused;
- if both remain, a span that lines up (starts and ends on word boundaries,
  no whitespace at its edges) under one counting only is a vote for it; votes
  for both refuse the file as contradicting itself; with no votes, code
  points (Glossator's own counting) are assumed;
- the import notes say what was decided and why.

`--offsets utf16|codepoints` (ImportNotes.offsets) skips the guessing.
See shared/FORMATS.md, pitfall 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import GlossatorError, InputError
from ..text import Utf16Offsets
from .base import ImportNotes

CODEPOINTS, UTF16 = "codepoints", "utf16"
UNITS = (CODEPOINTS, UTF16)
_NAMES = {CODEPOINTS: "code points", UTF16: "UTF-16 code units"}


def check_unit(unit: str | None) -> None:
    if unit is not None and unit not in UNITS:
        raise GlossatorError(f"--offsets must be {' or '.join(UNITS)}, not {unit!r}")


@dataclass
class RawSpan:
    """One span's offsets as the file gives them, before any conversion."""

    text: str
    start: int
    end: int
    line: int | None
    quoted: str | None = None


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def lines_up(text: str, start: int, end: int) -> bool:
    """Starts and ends on word boundaries, with no whitespace at either edge."""
    piece = text[start:end]
    if not piece or piece != piece.strip():
        return False
    if start > 0 and _word_char(text[start - 1]) and _word_char(text[start]):
        return False
    return not (end < len(text) and _word_char(text[end - 1]) and _word_char(text[end]))


def as_codepoints(u16: Utf16Offsets, start: int, end: int) -> tuple[int, int] | None:
    """UTF-16 offsets converted, or None if they split a surrogate pair or leave the text."""
    try:
        cs, ce = u16.to_codepoint(start), u16.to_codepoint(end)
    except ValueError:
        return None
    return (cs, ce) if 0 <= cs < ce <= len(u16.text) else None


def quote_fits(span: RawSpan) -> bool:
    """The quoted text is what the span covers under one counting or the other."""
    if span.quoted is None or not isinstance(span.start, int) or not isinstance(span.end, int):
        return False
    if 0 <= span.start < span.end <= len(span.text) and span.text[span.start:span.end] == span.quoted:
        return True
    where = as_codepoints(Utf16Offsets(span.text), span.start, span.end)
    return where is not None and span.text[where[0]:where[1]] == span.quoted


class _Evidence:
    """What the spans where the two countings differ say about the file."""

    def __init__(self) -> None:
        self.ambiguous = 0
        self.votes = {CODEPOINTS: 0, UTF16: 0}  # spans that line up under one counting only
        self.first_vote: dict[str, int | None] = {}
        self.excluded: dict[str, int | None] = {}  # counting -> line of a span it cannot be
        self.neither: list[int | None] = []  # lines of spans that fit no counting

    def exclude(self, unit: str, line: int | None) -> None:
        self.excluded.setdefault(unit, line)


def _gather(spans: list[RawSpan]) -> _Evidence:
    ev = _Evidence()
    cache: dict[int, Utf16Offsets] = {}
    for span in spans:
        if isinstance(span.start, bool) or not isinstance(span.start, int) or not isinstance(span.end, int):
            continue  # the reader refuses wrong types itself
        u16 = cache.setdefault(id(span.text), Utf16Offsets(span.text))
        if not u16.has_astral:
            continue
        places = {CODEPOINTS: (span.start, span.end) if 0 <= span.start < span.end <= len(span.text) else None,
                  UTF16: as_codepoints(u16, span.start, span.end)}
        if places[CODEPOINTS] == places[UTF16]:
            continue  # before the first emoji (or outside the text either way): nothing to learn
        ev.ambiguous += 1
        ok = {unit: where is not None and (span.quoted is None or span.text[where[0]:where[1]] == span.quoted)
              for unit, where in places.items()}  # inside the text, whole characters, the quoted text
        if not any(ok.values()):
            ev.neither.append(span.line)
        for unit in UNITS:
            if not ok[unit]:
                ev.exclude(unit, span.line)
        fits = {unit: ok[unit] and (span.quoted is not None or lines_up(span.text, *places[unit])) for unit in UNITS}
        if fits[CODEPOINTS] != fits[UTF16]:
            unit = CODEPOINTS if fits[CODEPOINTS] else UTF16
            ev.votes[unit] += 1
            ev.first_vote.setdefault(unit, span.line)
    return ev


def decide(path: Path, spans: list[RawSpan], notes: ImportNotes) -> str:
    """The counting of this file's offsets (see the module docstring); adds a note saying what was decided."""
    if notes.offsets is not None:
        check_unit(notes.offsets)
        if notes.offsets == UTF16:
            notes.messages.append(f"{path}: offsets read as UTF-16 code units (--offsets utf16)")
        return notes.offsets
    ev = _gather(spans)
    if not ev.ambiguous:
        return CODEPOINTS
    if ev.neither:
        raise InputError(path, ev.neither[0], "span offsets fit the text neither as code points nor as UTF-16 "
                                              "code units (outside the text, splitting an emoji, or not the "
                                              "quoted text)")
    left = [u for u in UNITS if u not in ev.excluded]
    if not left:
        raise InputError(path, max(ev.excluded[CODEPOINTS] or 0, ev.excluded[UTF16] or 0),
                         f"spans fit only as code points on line {ev.excluded[UTF16]} but only as UTF-16 "
                         f"code units on line {ev.excluded[CODEPOINTS]}; say which with --offsets")
    if len(left) == 1:
        winner = left[0]
        other = CODEPOINTS if winner == UTF16 else UTF16
        why = f"as {_NAMES[other]} the span on line {ev.excluded[other]} would not fit"
    elif ev.votes[CODEPOINTS] and ev.votes[UTF16]:
        raise InputError(path, max(ev.first_vote[CODEPOINTS] or 0, ev.first_vote[UTF16] or 0),
                         f"spans line up as UTF-16 code units on line {ev.first_vote[UTF16]} but as code points "
                         f"on line {ev.first_vote[CODEPOINTS]}; say which with --offsets utf16 or --offsets "
                         "codepoints")
    elif ev.votes[UTF16] or ev.votes[CODEPOINTS]:
        winner = UTF16 if ev.votes[UTF16] else CODEPOINTS
        why = f"{ev.votes[winner]} span(s) line up only that way"
    else:
        winner, why = CODEPOINTS, "no span lines up better either way; use --offsets to choose"
    converted = " and converted to code points" if winner == UTF16 else ""
    notes.messages.append(f"{path}: offsets read as {_NAMES[winner]} ({why}){converted}")
    return winner
