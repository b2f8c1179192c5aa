"""spaCy registry functions that Glossator's training configs refer to.

`glossator.ngram_sentence_suggester.v1` proposes, for spancat, every n-gram of
the configured sizes plus every whole sentence. Sentence-long labels
(ASSERTION: "the whole sentence that carries the attribution") then share one
spancat with the short labels (ACTOR, FIGURE), instead of n-grams of up to 60
tokens, which would make spancat's candidate set explode.

Sentences are found from tokens alone (final . ! ? plus a closing quote glued
to it, or a line break), so no parser or sentencizer has to run before
spancat, during training or after.

This file imports only spaCy and thinc: `glossator train` copies it next to
the config so `python -m spacy train config.cfg --code glossator_components.py`
works on a machine without Glossator.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable, Iterator, List, Optional, Tuple

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

SUGGESTER = "glossator.ngram_sentence_suggester.v1"
_FINAL = {".", "!", "?"}
_CLOSING = {'"', "”", "’", "'", ")"}


def sentence_bounds(doc: Doc) -> Iterator[Tuple[int, int]]:
    """(start, end) token indices of each sentence, without surrounding whitespace tokens."""
    start: Optional[int] = None
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        if token.is_space:
            if start is not None and "\n" in token.text:
                yield start, i
                start = None
            i += 1
            continue
        if start is None:
            start = i
        end = i + 1
        if token.text in _FINAL:
            # a closing quote right after the full stop belongs to the sentence
            while end < n and not doc[end - 1].whitespace_ and doc[end].text in _CLOSING:
                end += 1
            yield start, end
            start = None
        elif "\n" in token.whitespace_:
            yield start, end
            start = None
        i = end
    if start is not None:
        yield start, n


def ngram_sentence_suggester(
    docs: Iterable[Doc], sizes: List[int], *, ops: Optional[Ops] = None
) -> Ragged:
    ops = ops or get_current_ops()
    rows: List[Tuple[int, int]] = []
    lengths: List[int] = []
    for doc in docs:
        candidates = {(s, s + size) for size in sizes for s in range(len(doc) - size + 1)}
        candidates.update(sentence_bounds(doc))
        ordered = sorted(candidates)
        rows.extend(ordered)
        lengths.append(len(ordered))
    data = ops.asarray2i(rows) if rows else ops.xp.zeros((0, 2), dtype="i")
    return Ragged(data, ops.asarray1i(lengths))


@registry.misc(SUGGESTER)
def build_ngram_sentence_suggester(sizes: List[int]):
    """Suggest all n-grams of `sizes` tokens and every sentence."""
    return partial(ngram_sentence_suggester, sizes=sorted(set(sizes)))
