"""Annotators and layers in the desktop, on the team's PostgreSQL store: the
annotator setting (recorded by every edit), View ▸ Layers (mine by default,
all or picked on request), and others' spans read-only."""
from __future__ import annotations

from annotations import editing, services
from desktop.main_window import MainWindow
from desktop.settings import make_settings

from .team_support import me, other, pg_docs, pg_store  # noqa: F401 (fixtures)


def layer_action(window, name: str):
    window.team.fill_layers_menu()
    return next(a for a in window.team.layers_menu.actions() if a.objectName() == f"layers.{name}")


def spans_by_annotator(window) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list] = {}
    for span in window.ws.spans.values():
        found.setdefault(span.annotator, []).append((span.start, span.end))
    return found


def test_my_layer_by_default_others_on_request_and_read_only(make_window, qtbot, pg_store, pg_docs, other, me,
                                                             postgres_url):
    doc = pg_docs[0]
    services.add_span(other, doc, 0, 8, "ACTOR", annotator="ana")  # Tim Cook, in ana's layer
    mine = services.add_span(pg_store, doc, 15, 20, "ACTOR", annotator=me).span_id  # Apple
    suggested = services.add_span(other, doc, 24, 33, "ACTOR", origin="suggestion", status="pending",
                                  suggester="rules", annotator="ana").span_id
    window = make_window(postgres_url, doc)
    assert spans_by_annotator(window) == {me: [(15, 20)], "ana": [(24, 33)]}  # a suggestion is nobody's layer
    assert suggested in window.ws.spans

    layer_action(window, "all").trigger()
    assert sorted(spans_by_annotator(window)["ana"]) == [(0, 8), (24, 33)]
    ana = next(s for s in window.ws.spans.values() if s.annotator == "ana" and s.status == "accepted")
    assert window.article.read_only(ana) and not window.article.read_only(window.ws.spans[mine])

    before = services.get_spans(pg_store, doc)
    window.ws.select(ana.id)
    assert window.last_message == "ACTOR span in ana's layer: read-only here"
    window.annotating.delete_selected()  # refused: nothing written, nothing on the undo stack
    window.annotating.apply_label("FIGURE")
    assert services.get_spans(pg_store, doc) == before
    assert not window.ws.undo_group.canUndo()
    assert window.message_bar.isVisible() and "read-only" in window.message_bar.text.text()
    assert not window.message_bar.retry_button.isVisible()

    ben = services.add_span(other, doc, 52, 60, "ACTOR", annotator="ben").span_id
    layer_action(window, "all").trigger()
    assert ben in window.ws.spans
    layer_action(window, "pick.ben").trigger()  # unticking one layer of "all" keeps the others
    assert window.team.layer_mode == "picked" and ana.id in window.ws.spans and ben not in window.ws.spans

    layer_action(window, "mine").trigger()
    assert ana.id not in window.ws.spans
    pick = layer_action(window, "pick.ana")
    assert not pick.isChecked()
    pick.trigger()
    assert window.team.layer_mode == "picked" and ana.id in window.ws.spans
    layer_action(window, "pick.ana").trigger()
    assert window.team.layer_mode == "mine" and ana.id not in window.ws.spans


def test_the_annotator_setting_is_recorded_by_every_edit(make_window, qtbot, pg_store, pg_docs, me, postgres_url,
                                                         settings_path):
    doc = pg_docs[0]
    window = make_window(postgres_url, doc)
    assert window.team.annotator == me and window.team.annotator_label.text() == f"Annotator: {me}"
    window.team.set_annotator("bob")
    window.article.select_chars(15, 20)
    window.annotating.apply_label("ACTOR", exact=True)
    window.ws.push(editing.SetDocumentStatus(doc, "done"))
    spans = services.get_spans(pg_store, doc)
    assert [(s.start, s.end, s.annotator) for s in spans] == [(15, 20, "bob")]
    events = services.list_events(pg_store, doc)
    assert [e["annotator"] for e in events if e["action"] in ("add_span", "set_status")] == ["bob", "bob"]

    window.settings.sync()  # the next window starts as bob, and shows bob's layer
    again = MainWindow(make_settings(str(settings_path)))
    qtbot.addWidget(again)
    assert again.team.annotator == "bob"
    again.open_store(postgres_url)
    again.open_document(doc)
    assert [s.annotator for s in again.ws.spans.values()] == ["bob"]
    again.ws.close()
