"""The adjudication window driven by the keyboard on real widgets: navigation
between undecided disagreements, each take-action writing gold, and undo /
redo of each as one step of the document's undo stack."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotations.agreement import add_layer
from annotations.agreement.layers import read_layers
from annotations.services import import_records
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

TEXT = "Trade Minister Ana Ruiz said 3,500 jobs went. Oxfam warned of 12 closures."
NAME, TITLED, SAID, JOBS, OXFAM, TWELVE = (15, 23), (0, 23), (0, 44), (29, 34), (46, 51), (62, 64)


def record(*spans, relations=()):
    return DocumentRecord(text=TEXT, spans=[SpanRecord(*sp) for sp in spans],
                          relations=[RelationRecord(h, c, "SOURCE") for h, c in relations])


@pytest.fixture
def layered_doc(store):
    """Disagreements in reading order: ACTOR edges (0-23), Oxfam's kind (46-51), "12" only ben's (62-64);
    the sentence and "3,500" are agreed."""
    doc = import_records(store, [DocumentRecord(text=TEXT, title="Jobs")]).document_ids[0]
    add_layer(store, [record((*SAID, "ASSERTION", {"stance": "states"}), (*NAME, "ACTOR", {"kind": "person"}),
                             (*JOBS, "FIGURE"), (*OXFAM, "ACTOR", {"kind": "organization"}),
                             relations=[(0, 1)])], "ana")
    add_layer(store, [record((*SAID, "ASSERTION", {"stance": "states"}), (*TITLED, "ACTOR", {"kind": "person"}),
                             (*JOBS, "FIGURE"), (*OXFAM, "ACTOR", {"kind": "group"}), (*TWELVE, "FIGURE"),
                             relations=[(0, 1)])], "ben")
    return doc


@pytest.fixture
def adjudication(qtbot, make_window, store, store_path, layered_doc):
    window = make_window(store_path, layered_doc)
    window.actions_by_id["doc.adjudicate"].trigger()
    adj = window.adjudication_window
    qtbot.waitExposed(adj)
    adj.activateWindow()
    adj.table.setFocus()
    qtbot.waitUntil(lambda: adj.isActiveWindow())
    return window, adj


def gold(store, doc):
    d = read_layers(store, layers=["gold"]).get(doc)
    return set() if d is None else {(sp.start, sp.end, sp.label, sp.attributes) for sp in d.all_spans("gold")}


def press(qtbot, adj, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(adj.focusWidget() or adj, key, modifier)


def current(adj):
    unit = adj.current_unit()
    return (unit.label, unit.start, unit.end) if unit else None


def test_opens_on_the_first_undecided_disagreement_with_every_layer(adjudication):
    window, adj = adjudication
    assert adj.adj.voters == ["ana", "ben"]
    assert adj.model.rowCount() == 3
    assert current(adj) == ("ACTOR", 0, 23)
    assert adj.view.toPlainText().startswith("Trade Minister")
    html = adj.panel.toPlainText()
    assert "ana" in html and "ben" in html and "Trade Minister Ana Ruiz" in html
    assert "1–2 take that layer's spans" in html  # the legend comes from the action specs


def test_next_and_previous_move_between_undecided_disagreements_and_wrap(qtbot, adjudication):
    _window, adj = adjudication
    press(qtbot, adj, Qt.Key.Key_N)
    assert current(adj) == ("ACTOR", 46, 51)
    press(qtbot, adj, Qt.Key.Key_N)
    assert current(adj) == ("FIGURE", 62, 64)
    press(qtbot, adj, Qt.Key.Key_N)
    assert current(adj) == ("ACTOR", 0, 23)  # wrapped
    press(qtbot, adj, Qt.Key.Key_P)
    assert current(adj) == ("FIGURE", 62, 64)


@pytest.mark.parametrize("key, expected", [
    (Qt.Key.Key_1, {(15, 23, "ACTOR", '{"kind": "person"}')}),
    (Qt.Key.Key_2, {(0, 23, "ACTOR", '{"kind": "person"}')}),
    (Qt.Key.Key_B, {(15, 23, "ACTOR", '{"kind": "person"}'), (0, 23, "ACTOR", '{"kind": "person"}')}),
    (Qt.Key.Key_X, set()),
])
def test_each_take_action_is_one_undo_step(qtbot, adjudication, store, layered_doc, key, expected):
    window, adj = adjudication
    before = gold(store, layered_doc)
    assert before == set()
    press(qtbot, adj, key)
    assert gold(store, layered_doc) == expected
    assert window.ws.stack.count() == 1
    first = adj.adj.disagreements[0]
    assert adj.adj.decision(first) is not None
    assert current(adj) == ("ACTOR", 46, 51)  # moved on to the next undecided one
    press(qtbot, adj, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(store, layered_doc) == before
    assert adj.adj.decision(first) is None
    press(qtbot, adj, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert gold(store, layered_doc) == expected
    assert adj.adj.decision(first) is not None


def test_edit_takes_the_adjusted_selection_and_undoes_in_one_step(qtbot, adjudication, store, layered_doc):
    window, adj = adjudication
    press(qtbot, adj, Qt.Key.Key_E)
    assert adj.editing is not None and adj.view.selection() == (0, 23)
    assert adj.view.hasFocus()
    for _ in range(5):  # "Trade Minister Ana Ruiz" -> "Trade Minister Ana"
        press(qtbot, adj, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert adj.view.selection() == (0, 18)
    press(qtbot, adj, Qt.Key.Key_Return)
    assert gold(store, layered_doc) == {(0, 18, "ACTOR", '{"kind": "person"}')}
    assert adj.adj.decision(adj.adj.disagreements[0]) == "edit"
    press(qtbot, adj, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(store, layered_doc) == set()


def test_escape_cancels_an_edit_without_writing(qtbot, adjudication, store, layered_doc):
    _window, adj = adjudication
    press(qtbot, adj, Qt.Key.Key_E)
    press(qtbot, adj, Qt.Key.Key_Escape)
    assert adj.editing is None and adj.view.selection() is None
    press(qtbot, adj, Qt.Key.Key_Return)
    assert gold(store, layered_doc) == set()


def test_agreed_spans_go_to_gold_in_one_step_with_their_relation(qtbot, adjudication, store, layered_doc):
    window, adj = adjudication
    press(qtbot, adj, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert {(a, b, label) for a, b, label, _ in gold(store, layered_doc)} == {(0, 44, "ASSERTION"),
                                                                            (29, 34, "FIGURE")}
    press(qtbot, adj, Qt.Key.Key_1)  # ana's ACTOR: the SOURCE from the agreed sentence follows it into gold
    relations = read_layers(store, layers=["gold"])[layered_doc].relations["gold"]
    assert [label for _h, _c, label in relations] == ["SOURCE"]
    assert window.ws.stack.count() == 2
    assert "2 of 2 agreed units in gold" in adj.counts.text()


def test_undo_in_the_main_window_updates_the_adjudication(qtbot, adjudication, store, layered_doc):
    window, adj = adjudication
    press(qtbot, adj, Qt.Key.Key_2)
    assert "1 of 3 disagreements decided" in adj.counts.text()
    window.actions_by_id["edit.undo"].trigger()
    assert gold(store, layered_doc) == set()
    assert "0 of 3 disagreements decided" in adj.counts.text()


def test_the_window_follows_the_main_window_to_another_document(qtbot, adjudication, store):
    window, adj = adjudication
    other = import_records(store, [DocumentRecord(text="Oxfam said so.", title="Other")]).document_ids[0]
    window.reload_documents()
    window.open_document(other)
    assert adj.adj.document_id == other and adj.model.rowCount() == 0
    assert adj.view.toPlainText() == "Oxfam said so."
    press(qtbot, adj, Qt.Key.Key_N)
    assert "No disagreements" in adj.last_message


def test_clicking_a_disagreement_in_the_text_makes_it_current(qtbot, adjudication):
    _window, adj = adjudication
    adj.view.show_unit(adj.model.unit(2))  # scroll "12" into view, as the table would
    rect = adj.view.cursorRect(adj.view.textCursor())
    qtbot.mouseClick(adj.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current(adj) == ("FIGURE", 62, 64)


def test_unit_model(qtmodeltester, adjudication):
    _window, adj = adjudication
    qtmodeltester.check(adj.model)
