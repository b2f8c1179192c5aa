"""`glossator agreement`, `glossator curate` and `glossator report`: agreement
between annotators' layers, curation into gold, the HTML dashboard. None of
them loads spaCy (token figures use the agreement package's regex tokens)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape  # the JSON shapes' [brackets] are not markup
from rich.table import Table

from ..errors import ValidationError
from .app import app, open_store, parse_ids, say

out = Console(highlight=False)

AGREEMENT_JSON = """\b
--json prints one JSON object:
{"layers": [names], "labels": [names],
 "documents": {"covered": n, "compared": n, "single_layer": [{"document": id, "layer": name}]},
 "pairs": [{"a": name, "b": name, "documents": n, "only_a_documents": [ids], "only_b_documents": [ids],
   "labels": {LABEL: {"exact": COUNTS, "overlap": COUNTS, "alpha_u_chars": x, "token_alpha": x,
     "token_kappa": x, "tokens": {"both", "only_a", "only_b", "neither"},
     "attributes": {NAME: {"agree": n, "total": n, "rate": x}}}},
   "overall": {"exact": COUNTS, "overlap": COUNTS, "token_alpha": x, "token_kappa": x},
   "relations": {LABEL: COUNTS}}],
 "labels_over_pairs": {LABEL: {"exact": COUNTS, "overlap": COUNTS}},
 "overall": {"exact": COUNTS, "overlap": COUNTS},
 "diagnostics": [{"a", "b", "confusion": [{"a": label, "b": label, "count": n}],
   "boundaries": [{"document", "label", "a": [start, end], "b": [start, end], "a_text", "b_text"}],
   "documents": [{"document", "title", "unmatched", "boundary", "attributes", "total"}]}]}
COUNTS = {"both": n, "only_a": n, "only_b": n, "precision": x, "recall": x, "f1": x}
(precision and recall read B against A; x is a number or null when undefined)."""

CURATE_JSON = """\b
--json prints one JSON object:
{"strategy": "unanimous"|"majority", "documents": [curated ids], "skipped": [ids with too few layers],
 "spans_added": n, "relations_added": n, "already_in_gold": n, "left_for_review": n}"""

REPORT_JSON = """\b
--json prints one JSON object:
{"path": "OUT.html", "bytes": n, "charts": {"done_per_day": true|false, "label_counts": ...,
 "suggestion_acceptance": ..., "agreement_heatmap": ..., "review_speed": ...}}
(false: nothing to draw yet; the report says so in words)."""


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _triple(c) -> str:
    return f"{c.both} / {c.only_a} / {c.only_b}"


def _print_pair(pair, diag, boundaries: int, top: int) -> None:
    out.print(f"\n[bold]{pair.a} vs {pair.b}[/bold]: {len(pair.documents)} document(s) compared "
              f"(A = {pair.a}, B = {pair.b}; P and R read B against A)")
    table = Table("label", "exact\nboth / A / B", "exact\nF1", "overlap\nboth / A / B", "P", "R", "overlap\nF1",
                  title="Span matches", title_justify="left")
    rows = [(label, fig.exact, fig.overlap) for label, fig in pair.labels.items()]
    for name, exact, overlap in rows + [("all", pair.pooled("exact"), pair.pooled("overlap"))]:
        table.add_row(name, _triple(exact), _f(exact.f1), _triple(overlap), _f(overlap.precision),
                      _f(overlap.recall), _f(overlap.f1), style="bold" if name == "all" else None)
    out.print(table)
    table = Table("label", "αU chars", "token α", "token κ", "tokens both / A / B / neither",
                  title="Chance-corrected (Krippendorff's αU on characters; nominal α and Cohen's κ on tokens)",
                  title_justify="left")
    for label, fig in pair.labels.items():
        t = fig.tokens
        table.add_row(label, _f(fig.alpha_u.value), _f(t.alpha), _f(t.kappa), f"{t.n11} / {t.n10} / {t.n01} / {t.n00}")
    t = pair.tokens
    table.add_row("all", "", _f(t.alpha), _f(t.kappa), f"{t.n11} / {t.n10} / {t.n01} / {t.n00}", style="bold")
    out.print(table)
    attrs = [(label, name, t) for label, fig in pair.labels.items() for name, t in sorted(fig.attributes.items())]
    if attrs:
        table = Table("attribute", "agree", "of", "rate", title="Attributes on overlap-matched spans",
                      title_justify="left")
        for label, name, t in attrs:
            table.add_row(f"{label}.{name}", str(t.agree), str(t.total), _f(t.rate))
        out.print(table)
    if pair.relations:
        table = Table("relation", "both / A / B", "P", "R", "F1", title="Relations between matched spans",
                      title_justify="left")
        for name, c in sorted(pair.relations.items()):
            table.add_row(name, _triple(c), _f(c.precision), _f(c.recall), _f(c.f1))
        out.print(table)
    if diag is None:
        return
    labels = sorted({x for x, _ in diag.confusion} | {y for _, y in diag.confusion})
    table = Table(f"{pair.a} \\ {pair.b}", *labels, title="Label confusion", title_justify="left")
    for x in labels:
        table.add_row(x, *[str(diag.confusion.get((x, y), 0) or "") for y in labels])
    out.print(table)
    if diag.boundaries:
        table = Table("doc", "label", pair.a, pair.b, title=f"Boundary-only disagreements "
                      f"({len(diag.boundaries)}, first {min(boundaries, len(diag.boundaries))})",
                      title_justify="left")
        for b in diag.boundaries[:boundaries]:
            table.add_row(str(b.document_id), b.label, repr(b.a_text), repr(b.b_text))
        out.print(table)
    ranked = [d for d in diag.documents if d.total][:top]
    if ranked:
        table = Table("doc", "unmatched", "boundary", "attributes", "total", "title",
                      title="Documents with the most disagreement", title_justify="left")
        for d in ranked:
            table.add_row(str(d.document_id), str(d.unmatched), str(d.boundary), str(d.attributes),
                          str(d.total), d.title)
        out.print(table)


@app.command(epilog=escape(AGREEMENT_JSON))
def agreement(
    ctx: typer.Context,
    layer: Optional[List[str]] = typer.Option(None, "--layer", help="Compare these layers (repeat; "
                                               "default: every pair of layers but gold)."),
    label: Optional[List[str]] = typer.Option(None, "--label", help="Only these labels (repeat)."),
    docs: Optional[str] = typer.Option(None, "--docs", help="Only these documents: 1,4,7-12."),
    boundaries: int = typer.Option(10, help="How many boundary-only disagreements to list."),
    top: int = typer.Option(5, help="How many documents to rank by disagreement."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (shape below)."),
) -> None:
    """Agreement between annotators' layers: span F1 (exact and overlap), alpha_U, token alpha and kappa,
    attributes and relations, with diagnostics. Documents only one layer covers are listed, not counted."""
    from ..agreement.columns import chosen_layers, compared_documents, read_columns
    from ..agreement.compare import compare_columns
    from ..agreement.diagnostics import diagnose_columns
    from ..agreement.layers import layer_names, read_texts
    from ..services.bulk import paused_gc

    doc_ids = parse_ids(docs)
    with open_store(ctx) as store:
        for name in label or ():
            if name not in store.schema.label_names:
                raise ValidationError(f"--label: no label {name!r} in this store's schema "
                                      f"({', '.join(store.schema.label_names)})")
        if layer:
            present = layer_names(store)
            missing = [name for name in layer if name not in present]
            if missing:
                raise ValidationError(f"--layer: no accepted spans in layer(s) {', '.join(missing)} "
                                      f"(layers: {', '.join(present) or 'none'})")
        with paused_gc():
            cols = read_columns(store, layers=layer, labels=label, documents=doc_ids)
            names = chosen_layers(cols, layer)
            if len(names) < 2:
                raise ValidationError(f"agreement needs two layers; this store has {', '.join(names) or 'none'}"
                                      + ("" if layer else " (gold is compared only when named with --layer)"))
            compared = compared_documents(cols, names)
            texts = read_texts(store, compared)
            report = compare_columns(cols, names, label, texts=lambda _ids: texts)
            diagnostics = diagnose_columns(cols, names, texts, read_texts(store, compared, "title"))
    if as_json:
        data = report.as_dict() | {"diagnostics": [d.as_dict() for d in diagnostics]}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for pair, diag in zip(report.pairs, diagnostics):
        if pair.documents:
            _print_pair(pair, diag, boundaries, top)
        else:
            out.print(f"\n[bold]{pair.a} vs {pair.b}[/bold]: no document covered by both")
    if sum(1 for p in report.pairs if p.documents) > 1:
        table = Table("label", "overlap both", "only A", "only B", "F1", title="All pairs pooled",
                      title_justify="left")
        for name in report.labels:
            c = report.label_over_pairs(name, "overlap")
            table.add_row(name, str(c.both), str(c.only_a), str(c.only_b), _f(c.f1))
        c = report.overall("overlap")
        table.add_row("all", str(c.both), str(c.only_a), str(c.only_b), _f(c.f1), style="bold")
        out.print(table)
    single = report.single_layer_documents
    if single:
        out.print(f"\n{len(single)} document(s) covered by one layer only, not counted: "
                  + ", ".join(f"{d} ({name})" for d, name in single))


@app.command(epilog=escape(CURATE_JSON))
def curate(
    ctx: typer.Context,
    strategy: str = typer.Option("unanimous", help="unanimous (every layer has the span) or majority."),
    min_annotators: int = typer.Option(2, "--min-annotators", help="Skip documents fewer layers cover."),
    layer: Optional[List[str]] = typer.Option(None, "--layer", help="Vote with these layers only (repeat)."),
    docs: Optional[str] = typer.Option(None, "--docs", help="Only these documents: 1,4,7-12."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (shape below)."),
) -> None:
    """Copy the spans (with attributes and relations) the annotators agree on into the gold layer.
    Everything else is left for a person; re-running adds nothing new."""
    from ..agreement.curation import curate as run_curation

    doc_ids = parse_ids(docs)
    with open_store(ctx) as store:
        result = run_curation(store, strategy, min_annotators, layers=layer, documents=doc_ids)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    say(ctx, f"Curated {len(result.documents)} document(s) ({strategy}): {result.spans_added} span(s) and "
             f"{result.relations_added} relation(s) added to gold, {result.already_in_gold} already there, "
             f"{result.left_for_review} span(s) left for review; {len(result.skipped)} document(s) "
             f"covered by fewer than {min_annotators} layer(s) skipped")


@app.command(epilog=escape(REPORT_JSON))
def report(
    ctx: typer.Context,
    output: Path = typer.Argument(..., help="The HTML file to write (replaced atomically, owner-only)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (shape below)."),
) -> None:
    """Write the progress and quality dashboard as one self-contained HTML file."""
    from ..agreement.report import write_report

    with open_store(ctx) as store:
        result = write_report(store, output)
    if as_json:
        typer.echo(json.dumps({"path": str(result.path), "bytes": result.size,
                               "charts": {k: v is not None for k, v in result.charts.items()}}, indent=2))
        return
    drawn = [k for k, v in result.charts.items() if v is not None]
    say(ctx, f"Wrote {result.path} ({result.size:,} bytes; charts: {', '.join(drawn) or 'none yet'})")
