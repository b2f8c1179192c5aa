"""The adjudication window's comparison of the current unit: one lane per
voter (its number key, name and the unit's context with its spans marked in
the label's colour, with their attributes), then gold and the decision, and a
legend of the lanes drawn under the text."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from annotations.agreement.adjudication import AdjudicationDocument, Unit
from annotations.agreement.layers import LayerSpan, attributes_of
from annotations.agreement.metrics import merge_overlapping

CONTEXT = 70  # characters shown either side of the unit


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """About CONTEXT characters either side, cut at a space and never across a paragraph."""
    lo = max(0, start - CONTEXT, text.rfind("\n", 0, start) + 1)
    if lo > 0 and lo < start and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    newline = text.find("\n", end)
    hi = min(len(text), end + CONTEXT, newline if newline != -1 else len(text))
    if hi < len(text) and hi > end and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return lo, hi


def marked(text: str, lo: int, hi: int, spans: list[LayerSpan], color: str) -> str:
    """text[lo:hi] as HTML with the spans' characters on the label's colour, edges bracketed."""
    pieces, pos = [], lo
    for s, e in merge_overlapping((max(sp.start, lo), min(sp.end, hi)) for sp in spans):
        pieces.append(html.escape(text[pos:s]))
        pieces.append(f'<span style="background:{color}"><b>[</b>{html.escape(text[s:e])}<b>]</b></span>')
        pos = e
    pieces.append(html.escape(text[pos:hi]))
    return ("…" if lo > 0 else "") + "".join(pieces) + ("…" if hi < len(text) else "")


def tint(color: str, strength: float = 0.4) -> str:
    """The colour mixed with white, so black text on it stays readable."""
    color = color.lstrip("#")
    rgb = [int(color[i:i + 2], 16) for i in (0, 2, 4)] if len(color) == 6 else [204, 204, 204]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in rgb)


def attributes_text(spans) -> str:
    parts = []
    for sp in spans:
        attrs = attributes_of(sp.attributes) if isinstance(sp, LayerSpan) else sp
        parts.append(", ".join(f"{k}={v}" for k, v in sorted(attrs.items())) or "no attributes")
    return html.escape("; ".join(parts))


class ComparePanel(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("adjudicationCompare")
        self.setOpenLinks(False)
        self.keys = ""  # the window's shortcuts, from its action specs

    def show_unit(self, adj: AdjudicationDocument | None, unit: Unit | None, text: str, colors: dict[str, str],
                  position: str) -> None:
        if adj is None:
            self.setHtml("<p>No document is open.</p>")
            return
        if unit is None:
            self.setHtml(f"<p><b>{html.escape(adj.title)}</b></p><p>{position}</p>" + self._legend(adj))
            return
        lo, hi = context_bounds(text, unit.start, unit.end)
        color = tint(colors.get(unit.label, "#cccccc"))
        kind = unit.kind if unit.kind != "missing" else "only " + ", ".join(unit.layers_with_spans())
        rows = []
        for k, (layer, spans) in enumerate(unit.spans.items(), 1):
            body = marked(text, lo, hi, list(spans), color) if spans else "<i>nothing here</i>"
            rows.append(f"<tr><td><b>{k}</b>&nbsp;{html.escape(layer)}</td><td>{body}</td>"
                        f"<td><small>{attributes_text(spans) if spans else ''}</small></td></tr>")
        gold = adj.gold_in(unit)
        decision = adj.decision(unit)
        body = marked(text, lo, hi, gold, color) if gold else "<i>nothing</i>"
        rows.append(f"<tr><td><b>gold</b></td><td>{body}</td><td><small>{attributes_text(gold)}"
                    f"</small></td></tr>")
        self.setHtml(
            f"<p><b>{html.escape(unit.label)}</b> · {html.escape(kind)} · {position}<br>"
            f"decision: <b>{html.escape(decision or 'undecided')}</b></p>"
            f'<table cellspacing="0" cellpadding="4" border="1" style="border-color:#ccc">{"".join(rows)}</table>'
            + self._legend(adj))

    def _legend(self, adj: AdjudicationDocument) -> str:
        lanes = ", ".join(f"{k} {html.escape(v)}" for k, v in enumerate(adj.voters, 1))
        return (f"<p><small>Under the text, each layer has its own line: {lanes} (from the top: solid, dashed, dotted). "
                "Gold is filled; undecided disagreements are tinted amber; the current one is outlined.<br>"
                f"{html.escape(self.keys)}</small></p>")
