"""The dashboard's charts as matplotlib Figures, built through the
object-oriented API (`Figure`, never pyplot), so one drawing serves both
screens: the HTML report renders them to PNG bytes with the Agg renderer
(`draw_all`: no GUI backend, no Qt, no network) and the desktop's dashboard
panel puts the same Figures on QtAgg canvases. Each `figure_*` function
returns None when it has nothing to draw, so the report and the panel can say
so in words instead of showing an empty plot.
Import this module only when drawing: matplotlib takes a while to load.
"""
from __future__ import annotations

import io

from matplotlib.figure import Figure

from .dashboard import Dashboard

PALETTE = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C"]


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _grouped_bars(ax, groups: list[str], series: dict[str, list[float]]) -> None:
    width = 0.8 / max(len(series), 1)
    for k, (name, values) in enumerate(series.items()):
        xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(groups))]
        bars = ax.bar(xs, values, width, label=name, color=PALETTE[k % len(PALETTE)])
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values], fontsize=8, padding=2)
    ax.set_xticks(range(len(groups)), groups)
    ax.legend(frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)


def figure_done_per_day(board: Dashboard) -> Figure | None:
    days = sorted({day for per_day in board.done_per_day.values() for day in per_day})
    if not days:
        return None
    fig = Figure(figsize=(max(5.0, 0.9 * len(days) + 2), 3.2))
    ax = fig.add_subplot()
    _grouped_bars(ax, days, {who: [per_day.get(d, 0) for d in days] for who, per_day in board.done_per_day.items()})
    ax.set_ylabel("documents marked done")
    ax.set_title("Documents done per day", loc="left")
    return fig


def figure_label_counts(board: Dashboard) -> Figure | None:
    labels = sorted({label for counts in board.label_counts.values() for label in counts})
    if not labels:
        return None
    fig = Figure(figsize=(max(5.0, 1.6 * len(labels) + 2), 3.2))
    ax = fig.add_subplot()
    _grouped_bars(ax, labels, {layer: [counts.get(label, 0) for label in labels]
                               for layer, counts in board.label_counts.items()})
    ax.set_ylabel("accepted spans")
    ax.set_title("Spans per label and layer", loc="left")
    return fig


def figure_suggestion_acceptance(board: Dashboard) -> Figure | None:
    rows = [(f"{suggester} · {label}", counts) for suggester, labels in sorted(board.suggestions.items())
            for label, counts in sorted(labels.items())]
    if not rows:
        return None
    fig = Figure(figsize=(6.5, 0.45 * len(rows) + 1.2))
    ax = fig.add_subplot()
    accepted = [c.get("accepted", 0) for _, c in rows]
    rejected = [c.get("rejected", 0) for _, c in rows]
    pending = [c.get("pending", 0) for _, c in rows]
    names = [name for name, _ in rows]
    ax.barh(names, accepted, color="#55A868", label="accepted")
    ax.barh(names, rejected, left=accepted, color="#C44E52", label="rejected")
    ax.barh(names, pending, left=[a + r for a, r in zip(accepted, rejected)], color="#CCCCCC", label="pending")
    for y, (a, r, p) in enumerate(zip(accepted, rejected, pending)):
        rate = f"{a / (a + r):.0%} accepted" if a + r else "no decisions"
        ax.text(a + r + p, y, f"  {rate}", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("suggestions")
    ax.margins(x=0.25)
    ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Suggestion decisions per suggester and label", loc="left")
    return fig


def figure_agreement_heatmap(board: Dashboard) -> Figure | None:
    report = board.agreement
    if report is None or not report.pairs or not any(p.documents for p in report.pairs):
        return None
    pairs = [p for p in report.pairs if p.documents]
    columns = report.labels + ["all labels"]
    values, notes = [], []
    for p in pairs:
        row, note = [], []
        for label in report.labels:
            fig_ = p.labels[label]
            f1, alpha = fig_.overlap.f1, fig_.alpha_u.value
            row.append(f1 if f1 is not None else float("nan"))
            note.append(("–" if f1 is None else f"F1 {f1:.2f}") + ("" if alpha is None else f"\nαU {alpha:.2f}"))
        f1 = p.pooled("overlap").f1
        row.append(f1 if f1 is not None else float("nan"))
        note.append("–" if f1 is None else f"F1 {f1:.2f}")
        values.append(row)
        notes.append(note)
    fig = Figure(figsize=(1.5 * len(columns) + 2.5, 0.8 * len(pairs) + 1.6))
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(columns)), columns)
    ax.set_yticks(range(len(pairs)), [f"{p.a} vs {p.b}\n({len(p.documents)} docs)" for p in pairs])
    for i, note in enumerate(notes):
        for j, text in enumerate(note):
            value = values[i][j]
            dark = value == value and not 0.25 <= value <= 0.8  # the colour map's ends are dark; NaN is not
            ax.text(j, i, text, ha="center", va="center", fontsize=9, color="white" if dark else "black")
    fig.colorbar(image, ax=ax, label="overlap F1 (IoU ≥ 0.5)")
    ax.set_title("Agreement per label and pair", loc="left")
    return fig


def figure_review_speed(board: Dashboard) -> Figure | None:
    speeds = {who: s for who, s in board.review_speed.items() if s.per_minute is not None}
    if not speeds:
        return None
    fig = Figure(figsize=(max(4.5, 1.2 * len(speeds) + 2), 3.0))
    ax = fig.add_subplot()
    bars = ax.bar(list(speeds), [s.per_minute for s in speeds.values()], color=PALETTE[0], width=0.5)
    ax.bar_label(bars, labels=[f"{s.per_minute:.1f}/min\n({s.decisions} in {s.minutes:.0f} min)"
                               for s in speeds.values()], fontsize=8, padding=2)
    ax.set_ylabel("decisions per minute")
    ax.margins(y=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Review speed (suggestion decisions per active minute)", loc="left")
    return fig


CHARTS = {
    "done_per_day": figure_done_per_day,
    "label_counts": figure_label_counts,
    "suggestion_acceptance": figure_suggestion_acceptance,
    "agreement_heatmap": figure_agreement_heatmap,
    "review_speed": figure_review_speed,
}


def figures(board: Dashboard) -> dict[str, Figure | None]:
    """Every chart's Figure by name, in the report's order (None: nothing to draw yet)."""
    return {name: make(board) for name, make in CHARTS.items()}


def draw_all(board: Dashboard) -> dict[str, bytes | None]:
    """Every chart as PNG bytes (None: nothing to draw yet)."""
    return {name: None if fig is None else _png(fig) for name, fig in figures(board).items()}


def dashboard_figures(store) -> tuple[Dashboard, dict[str, Figure | None]]:
    """The dashboard's data and Figures for one store (what a desktop panel computes in the background)."""
    from .dashboard import build_dashboard

    board = build_dashboard(store)
    return board, figures(board)
