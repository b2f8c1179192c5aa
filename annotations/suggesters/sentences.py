"""Sentence segmentation for the rule suggester (a spaCy component), and the
sentence facts the other rule components share (headline, character bounds).

Why not spaCy's `sentencizer`: it attaches an opening quote to the previous
sentence (`... reporters. "We are ...`) and never breaks at paragraph ends
without punctuation (headlines). Here a straight quote belongs to the sentence
before it only when it touches the final punctuation mark.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .patterns import abbreviations

FINAL = frozenset({".", "!", "?", "…", "..."})
CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


_SCALE_STOPS = frozenset({"m.", "bn.", "mn.", "k.", "tn."})


def split_scale_stops(doc: Doc) -> None:
    """"£112m." at a sentence end is one token "m." for the tokenizer: split the full stop off."""
    glued = [t for t in doc if t.text in _SCALE_STOPS and t.i > 0 and doc[t.i - 1].like_num and not doc[t.i - 1].whitespace_]
    if not glued:
        return
    with doc.retokenize() as retokenizer:
        for tok in glued:
            retokenizer.split(tok, [tok.text[:-1], "."], heads=[(tok, 0), (tok, 0)])


@Language.component("glossator_sentences")
def segment(doc: Doc) -> Doc:
    """Set `is_sent_start` on every token: breaks after final punctuation (plus
    touching closing quotes/brackets) and at every line break."""
    split_scale_stops(doc)
    starts = [False] * len(doc)
    abbrev = abbreviations()
    pending = True
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.is_space:
            if "\n" in tok.text:
                pending = True
            i += 1
            continue
        if pending:
            starts[i] = True
            pending = False
        if tok.text in FINAL and not (tok.text == "." and i > 0 and not doc[i - 1].whitespace_
                                      and doc[i - 1].text in abbrev):
            j = i + 1
            while j < len(doc) and doc[j].text in CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            nxt = next((t for t in doc[j:] if not t.is_space), None)
            if nxt is not None and not nxt.text[0].islower():
                pending = True
            i = j
            continue
        i += 1
    for k, tok in enumerate(doc):
        tok.is_sent_start = starts[k] or k == 0
    return doc


def bounds(sent: Span) -> tuple[int, int] | None:
    """Character bounds of a sentence without surrounding whitespace tokens."""
    toks = [t for t in sent if not t.is_space]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def final_mark(sent: Span) -> str | None:
    """The sentence's final punctuation mark (before closing quotes), or None (headlines)."""
    toks = [t for t in sent if not t.is_space]
    while toks and toks[-1].text in CLOSERS:
        toks.pop()
    return toks[-1].text if toks and toks[-1].text in FINAL else None


def ends_like_sentence(sent: Span) -> bool:
    """True when the sentence closes with final punctuation (headlines do not)."""
    return final_mark(sent) is not None


def is_title_case(sent: Span) -> bool:
    """A headline-style line: no final punctuation and most longer words capitalised."""
    if ends_like_sentence(sent):
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3:
        return bool(words) and all(w.text[0].isupper() for w in words)
    return sum(w.text[0].isupper() for w in words) / len(words) >= 0.6
