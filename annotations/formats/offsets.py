"""How a file's span offsets are counted: Unicode code points (Python, spaCy,
brat, Glossator) or UTF-16 code units (JavaScript tools: doccano, older Label
Studio). The two only differ after a character above U+FFFF (emoji), so the
decision is made once per file, from the spans where they differ:

- a span "fits" a counting when its offsets are inside the text, do not split
  a surrogate pair, and the covered text equals the file's quoted text (Label
  Studio's `value.text`) or, without one, starts and ends on word boundaries
  with no surrounding whitespace;
- a counting that some spans fit and the other does not wins; if both win on
  different spans the file contradicts itself and is refused; with no evidence
  either way, code points (Glossator's own counting) are assumed and said so;
- a file whose spans fit neither counting is refused at the first such line.

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


class _Evidence:
    def __init__(self) -> None:
        self.votes = {CODEPOINTS: 0, UTF16: 0}
        self.first_vote: dict[str, int | None] = {}
        self.first_misfit: dict[str, int | None] = {}
        self.neither: int | None | bool = False  # line of the first span that fits neither
        self.ambiguous = 0


def _gather(spans: list[RawSpan]) -> _Evidence:
    ev = _Evidence()
    cache: dict[int, Utf16Offsets] = {}
    for span in spans:
        if not isinstance(span.start, int) or not isinstance(span.end, int):
            continue  # the reader refuses wrong types itself
        u16 = cache.setdefault(id(span.text), Utf16Offsets(span.text))
        if not u16.has_astral:
            continue
        cp_ok = 0 <= span.start < span.end <= len(span.text)
        converted = as_codepoints(u16, span.start, span.end)
        if converted == (span.start, span.end):
            continue  # before the first emoji: both countings agree
        ev.ambiguous += 1
        fits = {}
        for unit, where in ((CODEPOINTS, (span.start, span.end) if cp_ok else None), (UTF16, converted)):
            if where is None:
                fits[unit] = False
                ev.first_misfit.setdefault(unit, span.line)
                continue
            piece_ok = (span.text[where[0]:where[1]] == span.quoted if span.quoted is not None
                        else lines_up(span.text, *where))
            fits[unit] = piece_ok
        if cp_ok is False and converted is None and ev.neither is False:
            ev.neither = span.line
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
    if ev.neither is not False:
        raise InputError(path, ev.neither, "span offsets fit the text neither as code points nor as UTF-16 "
                                           "code units (outside the text, or splitting an emoji)")
    if ev.votes[CODEPOINTS] and ev.votes[UTF16]:
        raise InputError(path, max(ev.first_vote[CODEPOINTS] or 0, ev.first_vote[UTF16] or 0),
                         f"spans line up as UTF-16 code units on line {ev.first_vote[UTF16]} but as code points "
                         f"on line {ev.first_vote[CODEPOINTS]}; say which with --offsets utf16 or --offsets "
                         "codepoints")
    winner = UTF16 if ev.votes[UTF16] else CODEPOINTS if ev.votes[CODEPOINTS] else None
    if winner is None:  # no span lines up better either way: take whichever fits everywhere, code points first
        winner = next((u for u in UNITS if u not in ev.first_misfit), CODEPOINTS)
        why = "no span lines up better either way"
    else:
        why = f"{ev.votes[winner]} span(s) line up only that way"
    if winner in ev.first_misfit:
        other = CODEPOINTS if winner == UTF16 else UTF16
        raise InputError(path, ev.first_misfit[winner],
                         f"span offsets fit the text only as {_NAMES[other]}, while other spans of this file fit "
                         f"only as {_NAMES[winner]}; say which with --offsets")
    converted = " and converted to code points" if winner == UTF16 else ""
    hint = "; use --offsets to choose" if ev.votes[winner] == 0 else ""
    notes.messages.append(f"{path}: offsets read as {_NAMES[winner]} ({why}){converted}{hint}")
    return winner
