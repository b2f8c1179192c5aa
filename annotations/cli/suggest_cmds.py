"""`glossator suggest`, `suggesters`, `evaluate` and the review commands
(`pending`, `accept`, `reject`, `accept-all`).

The review commands need no NLP: spaCy (suggesters, evaluation) is imported
inside the commands that run it."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..services import review
from .app import app, check_ids, open_store, progress, say


@app.command()
def suggest(
    ctx: typer.Context,
    suggester: str = typer.Option(
        "default", "--suggester", "-s",
        help="default (rules + the best installed pretrained English pipeline), rules, pipeline:<name-or-path>, "
             "trained:<name>"),
    doc: Optional[List[int]] = typer.Option(None, "--doc", help="Only these document ids (repeatable)."),
) -> None:
    """Store suggestions for all (or the given) documents; re-running replaces pending ones."""
    from ..services.suggestions import run_suggester

    with open_store(ctx) as store, progress(ctx, f"Suggesting ({suggester})") as advance:
        result = run_suggester(store, suggester, doc or None, progress=advance)
    say(ctx, f"{result.suggester} {result.version}: {result.added} suggestion(s) and {result.relations} "
             f"relation(s) in {result.documents} document(s); {result.replaced} pending replaced, "
             f"{result.skipped_accepted} already accepted, {result.skipped_rejected} rejected before")


@app.command()
def suggesters(ctx: typer.Context) -> None:
    """List the suggesters available now (installed spaCy pipelines included)."""
    from ..suggesters import available_suggesters

    for name in available_suggesters():
        typer.echo(name)


@app.command()
def evaluate(
    ctx: typer.Context,
    gold: Optional[Path] = typer.Argument(None, help="Gold JSONL (default: the bundled sample gold)."),
    suggester: str = typer.Option("default", "--suggester", "-s"),
    families: int = typer.Option(8, "--families", help="How many error families to list per label (0: none)."),
) -> None:
    """Per-label precision, recall and F1 of a suggester against gold annotations, the
    families its misses and false alarms come from, and the precision of its top and
    bottom score quintiles. Gold spans marked "optional": true count as neither right nor wrong."""
    from ..evaluation import default_gold, evaluate as evaluate_suggester

    result = evaluate_suggester(suggester, gold or default_gold())
    typer.echo(f"{result.suggester} {result.version} on {result.documents} document(s) of {result.gold_path}")
    typer.echo(f"{'label':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'attrs':>6}")
    for score in result.scores.values():
        attrs = f"{score.attribute_agreement:6.3f}" if score.attributes_checked else f"{'-':>6}"
        typer.echo(f"{score.label:<10} {score.gold:>5} {score.predicted:>5} {score.precision:6.3f} "
                   f"{score.recall:6.3f} {score.f1:6.3f} {attrs}")
    top, bottom = result.quintile_precision()
    typer.echo(f"precision by score: top fifth {top:.3f}, bottom fifth {bottom:.3f}")
    if families <= 0:
        return
    for score in result.scores.values():
        for kind, counter in (("missed", score.misses), ("false alarms", score.false_alarms)):
            if counter:
                listed = ", ".join(f"{family} {n}" for family, n in counter.most_common(families))
                typer.echo(f"{score.label} {kind}: {listed}")


@app.command()
def pending(
    ctx: typer.Context,
    order: str = typer.Option("score", help="score (most confident first) or document."),
    limit: int = typer.Option(20, help="How many to show."),
) -> None:
    """Pending suggestions across the corpus (span id, document, offsets, label, score, suggester)."""
    with open_store(ctx) as store:
        for span in review.review_queue(store, order, limit):
            typer.echo(f"{span.id}\tdoc {span.document_id}\t{span.start}-{span.end}\t{span.label}\t"
                       f"{span.score if span.score is not None else '-'}\t{span.suggester or '-'}")


@app.command()
def accept(ctx: typer.Context, span_ids: List[int] = typer.Argument(..., help="Pending span ids.")) -> None:
    """Accept pending suggestions."""
    check_ids(span_ids, "span")
    with open_store(ctx) as store:
        for span_id in span_ids:
            review.accept(store, span_id)
    say(ctx, f"Accepted {len(span_ids)} suggestion(s)")


@app.command()
def reject(ctx: typer.Context, span_ids: List[int] = typer.Argument(..., help="Pending span ids.")) -> None:
    """Reject pending suggestions (they are never suggested again)."""
    check_ids(span_ids, "span")
    with open_store(ctx) as store:
        for span_id in span_ids:
            review.reject(store, span_id)
    say(ctx, f"Rejected {len(span_ids)} suggestion(s)")


@app.command("accept-all")
def accept_all(
    ctx: typer.Context,
    document_id: int = typer.Argument(..., help="Document id."),
    suggester: Optional[str] = typer.Option(None, "--suggester", "-s", help="Only this suggester's."),
) -> None:
    """Accept every pending suggestion of a document."""
    check_ids([document_id], "document")
    with open_store(ctx) as store:
        change = review.accept_all(store, document_id, suggester=suggester)
    say(ctx, f"Accepted {len(change.changed_spans)} suggestion(s) in document {document_id}")
