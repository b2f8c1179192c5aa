"""Linking ACTOR spans in the desktop, through the real widgets on a real store:
the Ctrl+K completer, unlink, pending links accepted or rejected from the span
panel, a new actor from a span, label every occurrence, hover and marks; each
one undo step."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from annotations.actors import linking, registry
from annotations.services import get_spans
from tests.desktop.actors_corpus import ONE, TWO, build


@pytest.fixture
def corpus(store):
    return build(store)


@pytest.fixture
def win(make_window, store, store_path, corpus):
    return make_window(store_path, corpus.docs[0])


def links(store):
    return linking.links(store)


def test_ctrl_k_completes_on_normalised_aliases_and_enter_links_in_one_undo_step(qtbot, win, store, corpus):
    russia = corpus.spans["1:Russia"]
    win.ws.select(russia)
    before = links(store)
    qtbot.keyClick(win.article, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = win.actors.popup
    assert popup is not None and popup.isVisible() and popup.edit.text() == "Russia"
    assert popup.current_actor() == "iso3166:RU"  # the span's own text ranks its actor first
    popup.edit.clear()
    qtbot.keyClicks(popup.edit, "u.s")  # dots, case: normalised like the registry's aliases
    assert popup.current_actor() == "iso3166:US"
    qtbot.keyClick(popup.edit, Qt.Key.Key_Down)
    assert popup.current_actor() != "iso3166:US"
    qtbot.keyClick(popup.edit, Qt.Key.Key_Up)
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    assert links(store)[russia] == ("iso3166:US", "accepted") and not popup.isVisible()
    assert "United States (state)" in win.article.describe(russia)  # the hover shows the actor
    assert win.ws.undo()
    assert links(store) == before
    assert win.ws.redo()
    assert links(store)[russia] == ("iso3166:US", "accepted")


def test_escape_cancels_the_link_and_changes_nothing(qtbot, win, store, corpus):
    win.ws.select(corpus.spans["1:Russia"])
    before = links(store)
    win.actions_by_id["actors.link"].trigger()
    popup = win.actors.popup
    qtbot.keyClick(popup.edit, Qt.Key.Key_Escape)
    assert not popup.isVisible() and links(store) == before and not win.ws.undo_group.canUndo()
    assert win.last_message == "Link cancelled."


def test_link_needs_an_actor_span(qtbot, win, corpus):
    win.ws.select(corpus.spans["1:Prices rose, the report said."])
    assert not win.actions_by_id["actors.link"].isEnabled()
    assert win.actors.link_selected() is None and "ACTOR span" in win.last_message


def test_unlink_and_pending_links_from_the_span_panel(qtbot, win, store, corpus):
    moscow, russia = corpus.spans["1:Moscow"], corpus.spans["1:Russia"]
    win.ws.select(moscow)
    section = win.span_panel.findChild(QPushButton, "actor_unlink").parent()
    assert section.isVisible() and "Russia (state)" in section.status.text()
    qtbot.mouseClick(section.buttons["unlink"], Qt.MouseButton.LeftButton)
    assert moscow not in links(store) and "not linked" in section.status.text()
    win.ws.undo()
    assert links(store)[moscow] == ("iso3166:RU", "accepted")
    win.actions_by_id["actors.suggest_links"].trigger()  # "Russia" gets a pending link
    assert links(store)[russia] == ("iso3166:RU", "pending")
    win.ws.select(russia)
    assert "pending" in section.status.text() and section.buttons["accept"].isEnabled()
    qtbot.mouseClick(section.buttons["accept"], Qt.MouseButton.LeftButton)
    assert links(store)[russia] == ("iso3166:RU", "accepted")
    win.ws.undo()
    assert links(store)[russia] == ("iso3166:RU", "pending")
    qtbot.mouseClick(section.buttons["reject"], Qt.MouseButton.LeftButton)
    assert russia not in links(store)
    win.ws.undo()
    assert links(store)[russia] == ("iso3166:RU", "pending")
    win.ws.undo()  # the suggestion itself
    assert russia not in links(store)


def test_new_actor_from_a_span_is_one_undo_step(qtbot, win, store, corpus):
    russia = corpus.spans["1:Russia"]
    win.ws.select(russia)
    count = len(registry.list_actors(store))
    actor_id = win.actors.create_from_span(kind="organization", name="Russian government")
    actor = registry.get_actor(store, actor_id)
    assert (actor.name, actor.kind, "Russia" in actor.aliases) == ("Russian government", "organization", True)
    assert links(store)[russia] == (actor_id, "accepted")
    win.ws.undo()
    assert len(registry.list_actors(store)) == count and russia not in links(store)
    win.ws.redo()
    assert links(store)[russia] == (actor_id, "accepted") and registry.get_actor(store, actor_id).name == actor.name


@pytest.mark.parametrize("scope", ["This document", "Whole corpus"])
def test_label_every_occurrence_from_a_span(qtbot, win, store, corpus, scope):
    """"Moscow" is linked: every other "Moscow" (and its actor's aliases, "Russia") becomes a
    pending ACTOR suggestion with the link, in the document or the corpus; one undo step."""
    doc1, doc2 = corpus.docs
    win.ws.select(corpus.spans["1:Moscow"])
    before = {d: get_spans(store, d) for d in corpus.docs}
    before_links = links(store)
    shown = set(win.ws.spans)
    box = win.actors.ask_label_all()
    button = next(b for b in box.buttons() if b.text() == scope)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # "Russia" in document one was an unlinked ACTOR span: it gains the pending link
    assert links(store)[corpus.spans["1:Russia"]] == ("iso3166:RU", "pending")
    added2 = [s for s in get_spans(store, doc2) if s.id not in {b.id for b in before[doc2]}]
    if scope == "Whole corpus":
        assert [TWO[s.start:s.end] for s in added2] == ["Russia"] and added2[0].status == "pending"
        assert links(store)[added2[0].id] == ("iso3166:RU", "pending")
    else:
        assert added2 == []
    assert "occurrences proposed" in win.last_message
    assert [ONE[s.start:s.end] for s in win.ws.spans.values() if s.id not in shown] == ["Moscow"]
    win.ws.undo()
    assert {d: get_spans(store, d) for d in corpus.docs} == before and links(store) == before_links
    assert set(win.ws.spans) == shown


def test_hover_and_marks_show_the_selected_actors_mentions(qtbot, win, store, corpus):
    moscow, kenya = corpus.spans["1:Moscow"], corpus.spans["1:Kenya"]
    assert "→ Russia (state)" in win.article.describe(moscow)
    assert "→" not in win.article.describe(corpus.spans["1:Russia"])  # not linked: no actor line
    win.ws.select(moscow)
    marked = [(win.article.to_cp(m.cursor.selectionStart()), win.article.to_cp(m.cursor.selectionEnd()))
              for m in win.article.extraSelections()]
    assert marked == [(0, 6)]
    win.actors.link(corpus.spans["1:Russia"], "iso3166:RU")
    marked = sorted(win.article.to_cp(m.cursor.selectionStart()) for m in win.article.extraSelections())
    assert marked == [0, ONE.index("Russia")]  # the new link's mention is marked too
    win.ws.select(kenya)
    assert [win.article.to_cp(m.cursor.selectionStart()) for m in win.article.extraSelections()] == [
        ONE.index("Kenya")]
    win.ws.select(None)
    assert win.article.extraSelections() == []


def test_an_undo_the_registry_refuses_changes_nothing(qtbot, win, store, corpus):
    """A new actor linked elsewhere meanwhile cannot be taken back: the whole step stays
    (its span keeps its link), the user is told, and the stack does not move."""
    from annotations.actors import decisions

    russia = corpus.spans["1:Russia"]
    win.ws.select(russia)
    actor_id = win.actors.create_from_span(kind="organization")
    decisions.set_link(store, corpus.spans["2:Moscow"], actor_id)  # another process links to it
    stack = win.ws.stack
    assert not win.ws.undo()
    assert "cannot undo" in win.last_message and stack.index() == 1
    assert links(store)[russia] == (actor_id, "accepted") and registry.get_actor(store, actor_id)
    decisions.set_link(store, corpus.spans["2:Moscow"], "iso3166:RU")
    assert win.ws.undo()
    assert russia not in links(store) and actor_id not in {a.id for a in registry.list_actors(store)}


def test_a_name_fitting_several_actors_offers_them_first(qtbot, win, store, corpus):
    other = registry.add_actor(store, "Russia Today", "organization", aliases=["Russia"]).added_actors[0]
    win.actors.reload()
    win.ws.select(corpus.spans["1:Russia"])
    popup = win.actors.link_selected()
    first_two = {popup.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)}
    assert first_two == {"iso3166:RU", other}
    qtbot.keyClick(popup.edit, Qt.Key.Key_Down)
    chosen = popup.current_actor()
    qtbot.keyClick(popup.edit, Qt.Key.Key_Enter)
    assert links(store)[corpus.spans["1:Russia"]] == (chosen, "accepted")


def test_hovering_a_linked_mention_shows_its_actor(qtbot, win, corpus):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    article = win.article
    rect = article.cursorRect(_cursor_at(article, ONE.index("Moscow") + 2))
    at = article.viewport().mapTo(article, rect.center())
    QApplication.sendEvent(article, QHelpEvent(QEvent.Type.ToolTip, at, article.mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().splitlines()[:2] == ["ACTOR: kind=state", "→ Russia (state)"]  # then the ASSERTION
    QToolTip.hideText()


def _cursor_at(article, cp):
    cursor = article.textCursor()
    cursor.setPosition(article.to_qt(cp))
    return cursor
