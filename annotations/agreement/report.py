"""`glossator report OUT.html`: one self-contained HTML file (charts embedded
as base64 PNG, inline CSS, no script, no link to anything outside the file),
written owner-only (0600) and atomically (temp file beside it, then rename),
since it quotes document titles.
"""
from __future__ import annotations

import base64
import html
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import GlossatorError
from ..store import Store
from .compare import AgreementReport
from .dashboard import Dashboard, build_dashboard

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9em; } td, th { padding: 0.2em 0.7em; text-align: right; }
th { background: #f3f3f3; } td.name, th.name { text-align: left; } p.none { color: #777; font-style: italic; }
img { max-width: 100%; }
"""

SECTIONS = [
    ("done_per_day", "Documents done per day", "No document has been marked done yet."),
    ("label_counts", "Label counts", "No accepted spans yet."),
    ("suggestion_acceptance", "Suggestion acceptance", "No suggestions in this store."),
    ("agreement_heatmap", "Agreement per label and pair", "No document is covered by two layers yet."),
    ("review_speed", "Review speed", "No two suggestion decisions within five minutes of each other yet."),
]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    charts: dict[str, bytes | None]  # name -> PNG bytes (None when there was nothing to draw)
    size: int


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _agreement_table(report: AgreementReport) -> str:
    head = ("<tr><th class=name>pair</th><th class=name>label</th><th>docs</th><th>both</th><th>only A</th>"
            "<th>only B</th><th>exact F1</th><th>overlap F1</th><th>α<sub>U</sub> chars</th>"
            "<th>token α</th><th>token κ</th></tr>")
    rows = []
    for pair in report.pairs:
        for label, fig in pair.labels.items():
            rows.append(
                f"<tr><td class=name>{html.escape(pair.a)} vs {html.escape(pair.b)}</td>"
                f"<td class=name>{html.escape(label)}</td><td>{len(pair.documents)}</td>"
                f"<td>{fig.overlap.both}</td><td>{fig.overlap.only_a}</td><td>{fig.overlap.only_b}</td>"
                f"<td>{_fmt(fig.exact.f1)}</td><td>{_fmt(fig.overlap.f1)}</td><td>{_fmt(fig.alpha_u.value)}</td>"
                f"<td>{_fmt(fig.tokens.alpha)}</td><td>{_fmt(fig.tokens.kappa)}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>" if rows else ""


def render_html(board: Dashboard, charts: dict[str, bytes | None], title: str) -> str:
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
             f"<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>"
             f"<p>Generated {datetime.now().strftime('%Y-%m-%d %H:%M')}.</p>"]
    for name, heading, empty in SECTIONS:
        parts.append(f"<h2>{heading}</h2>")
        png = charts.get(name)
        if png is None:
            parts.append(f"<p class=none>{empty}</p>")
        else:
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<img alt="{html.escape(heading)}" src="data:image/png;base64,{data}">')
        if name == "agreement_heatmap" and board.agreement is not None:
            parts.append(_agreement_table(board.agreement))
            single = board.agreement.single_layer_documents
            if single:
                parts.append(f"<p>{len(single)} document(s) covered by one layer only are not counted.</p>")
    parts.append("</body></html>")
    return "".join(parts)


def write_private(out: Path, data: bytes) -> None:
    """Write `data` to `out` readable by its owner only, atomically (temp sibling, fsync, rename).
    (formats.output has the same for exports, but importing formats loads spaCy.)"""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(store: Store, out: Path, *, agreement: AgreementReport | None = None,
                 title: str | None = None) -> ReportResult:
    """Gather the dashboard, draw its charts and write the HTML file."""
    from .charts import draw_all  # matplotlib loads only when a report is drawn

    board = build_dashboard(store, agreement=agreement)
    charts = draw_all(board)
    page = render_html(board, charts, title or f"Glossator report: {Path(store.path).name}").encode("utf-8")
    try:
        write_private(Path(out), page)
    except OSError as exc:
        raise GlossatorError(f"{out}: cannot write the report ({exc.strerror or exc}); nothing was written") from None
    return ReportResult(Path(out), charts, len(page))
