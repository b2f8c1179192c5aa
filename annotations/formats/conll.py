"""CoNLL-2003 with IOB2 tags for the flat layer: `word -X- _ TAG`, a
`-DOCSTART- -X- O O` line before each document, a blank line between
sentences (at line breaks of the text). `python -m spacy convert` reads it.

CoNLL cannot hold overlap, attributes, relations, statuses, actor links
(counted in one report line) or the exact text: the writer keeps the largest non-overlapping subset of accepted spans
that align to tokens and reports everything else. The reader rebuilds the
text with one space between tokens and a line break between sentences, and
accepts IOB1, IOB2 and BILUO tags. See shared/FORMATS.md §6.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError, ValidationError
from ..schema import LabelSchema
from ..text import read_text
from ..tokens import blank
from ..types import DocumentRecord, SpanRecord
from .actor_links import count_links, report_not_written
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .output import count, document_name, write_atomically
from .spacy_docbin import largest_non_overlapping

DOCSTART = "-DOCSTART- -X- O O"
FILLER = "-X- _"


def _is_space(token) -> bool:
    return not token.text.strip()


def flat_tags(record: DocumentRecord, doc, report: ExportReport) -> tuple[list[str], set[int], int]:
    """IOB2 tags per token for the flat layer, the token positions inside an
    entity after its first token (no sentence break before them), and how
    many spans the layer holds."""
    name = document_name(record)
    lost: dict[str, list[str]] = {}
    candidates = []
    for i, sp in enumerate(record.spans):
        where = f"{sp.label} {sp.start}–{sp.end}"
        span = doc.char_span(sp.start, sp.end, alignment_mode="strict")
        if sp.status != "accepted":
            lost.setdefault("pending suggestion (CoNLL has no status)", []).append(where)
        elif span is None or all(_is_space(t) for t in span):
            lost.setdefault("not aligned to tokens", []).append(where)
        else:
            candidates.append((span.start, span.end, i))
    keep = set(largest_non_overlapping(candidates))
    tags = ["O"] * len(doc)
    inside: set[int] = set()
    for start, end, i in candidates:
        if i not in keep:
            sp = record.spans[i]
            lost.setdefault("overlapping (CoNLL is one flat layer)", []).append(f"{sp.label} {sp.start}–{sp.end}")
            continue
        words = [k for k in range(start, end) if not _is_space(doc[k])]
        inside.update(range(words[0] + 1, end))
        tags[words[0]] = f"B-{record.spans[i].label}"
        for k in words[1:]:
            tags[k] = f"I-{record.spans[i].label}"
    for reason, spans in lost.items():
        report.warn(f"{name}: {len(spans)} span(s) {reason} not written: "
                    + ", ".join(spans[:5]) + (" …" if len(spans) > 5 else ""))
    if record.relations:
        report.warn(f"{name}: CoNLL holds no relations; {len(record.relations)} not written")
    if any(s.attributes for s in record.spans):
        report.warn(f"{name}: CoNLL holds no attributes; attributes not written")
    return tags, inside, len(keep)


def document_lines(record: DocumentRecord, doc, report: ExportReport) -> tuple[list[str], int]:
    tags, inside, kept = flat_tags(record, doc, report)
    lines = [DOCSTART, ""]
    sentence: list[str] = []
    for token, tag in zip(doc, tags):
        if not _is_space(token):
            word = token.text
            if len(word.split()) != 1:  # a column reader would split it (e.g. U+2028 inside a token)
                word = "_".join(word.split())
                report.warn(f"{document_name(record)}: token {token.text!r} holds whitespace; written as {word!r}")
            sentence.append(f"{word} {FILLER} {tag}")
        breaks = "\n" in token.text or "\n" in token.whitespace_
        if breaks and sentence and token.i + 1 not in inside:
            lines += sentence + [""]
            sentence = []
    if sentence:
        lines += sentence + [""]
    return lines, kept


# ---- reading ----------------------------------------------------------------


def _entity_parts(tag: str, path: Path, number: int) -> tuple[str, str]:
    if tag == "O":
        return "O", ""
    prefix, sep, label = tag.partition("-")
    if not sep or prefix not in ("B", "I", "L", "U") or not label:
        raise InputError(path, number, f"bad tag {tag!r} (use O, B-LABEL or I-LABEL)")
    return prefix, label


class DocumentBuilder:
    """Collects one document's tokens and spans while the file is read."""

    def __init__(self, path: Path, line: int):
        self.path, self.line = path, line
        self.sentences: list[list[str]] = [[]]
        self.length = 0
        self.spans: list[SpanRecord] = []
        self.open: SpanRecord | None = None

    def token(self, word: str, tag: str, number: int, schema: LabelSchema) -> None:
        prefix, label = _entity_parts(tag, self.path, number)
        if label:
            try:
                schema.label(label)
            except ValidationError as exc:
                raise InputError(self.path, number, str(exc)) from None
        sentence = self.sentences[-1]
        start = self.length + (1 if sentence else 0)
        continues = self.open is not None and prefix in ("I", "L") and self.open.label == label
        if not continues:
            self.close()
            if prefix != "O":
                self.open = SpanRecord(start=start, end=start + len(word), label=label)
        if self.open is not None:
            self.open.end = start + len(word)
        sentence.append(word)
        self.length = start + len(word)
        if prefix in ("L", "U"):
            self.close()

    def close(self) -> None:
        if self.open is not None:
            self.spans.append(self.open)
            self.open = None

    def sentence_break(self) -> None:
        self.close()
        if self.sentences[-1]:
            self.sentences.append([])
            self.length += 1  # the "\n" between sentences

    def record(self) -> DocumentRecord | None:
        self.close()
        text = "\n".join(" ".join(s) for s in self.sentences if s)
        if not text:
            return None
        return DocumentRecord(text=text, title=text.split("\n", 1)[0][:120], source=self.path.name,
                              spans=self.spans, path=str(self.path), line=self.line)


class Conll(FormatBase):
    name = "conll"
    description = "CoNLL-2003 / IOB2 (flat layer only; accepted by `spacy convert`)"
    extensions = (".conll",)

    def sniff(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in self.extensions

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        text = read_text(path)
        if not text.strip():
            raise InputError(path, None, "empty file (no tokens)")
        records = []
        doc = DocumentBuilder(path, 1)
        for number, line in enumerate(text.split("\n"), start=1):
            cols = line.split()
            if not cols:
                doc.sentence_break()
            elif cols[0] == "-DOCSTART-":
                records.append(doc.record())
                doc = DocumentBuilder(path, number)
            elif len(cols) < 2:
                raise InputError(path, number, f"a token line needs a word and a tag column, not {line[:60]!r}")
            else:
                doc.token(cols[0], cols[-1], number, schema)
        records.append(doc.record())
        found = [r for r in records if r is not None]
        if not found:  # only -DOCSTART- lines and blank lines: nothing to import is an error, not a success
            raise InputError(path, None, "empty file (no tokens)")
        yield from found

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        report = ExportReport(files=[out])
        tokenizer = blank(options.schema.language).tokenizer
        links = 0

        def lines() -> Iterator[str]:
            nonlocal links
            for record in records:
                links += count_links(record.spans)
                body, kept = document_lines(record, tokenizer(record.text), report)
                count(report, record, kept, 0)
                yield "".join(line + "\n" for line in body)

        write_atomically(out, lines())
        report_not_written(report, links, "CoNLL")
        return report


CONLL = Conll()
