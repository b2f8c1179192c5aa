"""One writer process of the stress test (tests/team/test_stress.py): 200 edits
on a shared PostgreSQL store through the services, each its own transaction,
returning what was acknowledged (the calls that returned without an error)."""
from __future__ import annotations

DOCUMENTS = 8


def write(url: str, writer: int, edits: int) -> dict:
    from annotations.errors import GlossatorError
    from annotations.services import add_span, delete_span, relabel_span
    from annotations.store import Store

    name = f"w{writer}"
    live: dict[int, tuple] = {}  # span id -> (document, start, end, label)
    done = {"add_span": 0, "relabel_span": 0, "delete_span": 0, "refused": 0}
    order: list[int] = []
    with Store.open(url) as store:
        for i in range(edits):
            kind = i % 5
            if kind in (0, 1, 2):
                doc, start = i % DOCUMENTS + 1, writer * 1000 + i * 4
                if i % 20 == 10 and order:  # the same span again in my layer: refused, never stored twice
                    doc, start, end, label = live[order[-1]]
                    try:
                        add_span(store, doc, start, end, label, annotator=name)
                    except GlossatorError:
                        done["refused"] += 1
                    continue
                change = add_span(store, doc, start, start + 3, "ACTOR", annotator=name)
                [span_id] = change.added_spans
                live[span_id] = (doc, start, start + 3, "ACTOR")
                order.append(span_id)
                done["add_span"] += 1
            elif kind == 3 and order:
                span_id = order[-1]
                relabel_span(store, span_id, "FIGURE", annotator=name)
                live[span_id] = live[span_id][:3] + ("FIGURE",)
                done["relabel_span"] += 1
            elif kind == 4 and len(order) >= 2:
                span_id = order.pop(-2)
                delete_span(store, span_id, annotator=name)
                del live[span_id]
                done["delete_span"] += 1
    return {"writer": name, "done": done, "live": sorted(live.values())}
