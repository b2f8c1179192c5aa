"""The registry panel through the real widgets on a real store: search over
names, aliases, ids and external ids; details and mentions (double click jumps);
add actor, add alias, merge, accept/reject pending links, each one undo step;
the consistency checks tab jumping to what it found."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotations.actors import linking, registry
from annotations.services import add_span
from tests.desktop.actors_corpus import build


@pytest.fixture
def corpus(store):
    return build(store)


@pytest.fixture
def panel(qtbot, make_window, store, store_path, corpus):
    window = make_window(store_path, corpus.docs[0])
    window.actions_by_id["actors.registry"].trigger()
    panel = window.registry_dock.widget()
    assert window.registry_dock.isVisible() and panel.search.hasFocus()
    return panel


def names(panel):
    return [panel.model.rows[r].name for r in range(panel.model.rowCount())]


def test_search_covers_aliases_ids_and_external_ids(qtbot, panel, store):
    qtbot.keyClicks(panel.search, "U.S.")  # an alias, normalised
    assert "United States" in names(panel)
    panel.search.clear()
    qtbot.keyClicks(panel.search, "iso3166:KE")
    assert names(panel) == ["Kenya"]
    registry.add_actor(store, "Lena Hartmann", "person", external_ids={"wikidata": "Q4242"})
    total = len(registry.list_actors(store))
    panel.actors.reload()
    panel.search.clear()
    qtbot.keyClicks(panel.search, "q4242")
    assert names(panel) == ["Lena Hartmann"] and panel.count.text() == f"1 of {total}"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "nairobi")  # a capital names its state's government
    assert names(panel) == ["Kenya"]


def test_selected_actor_shows_details_and_mentions_and_double_click_jumps(qtbot, panel, store, corpus):
    assert panel.select_actor("iso3166:RU")
    row = panel.model.rows[panel.model.row_of("iso3166:RU")]
    assert row.mentions == 2
    assert "Moscow" in panel.details.text() and "iso3166_alpha3=RUS" in panel.details.text()
    assert [(m.document, m.text, m.status) for m in panel.mentions.rows] == [
        ("Talks fail", "Moscow", "accepted"), ("Moscow denies", "Moscow", "accepted")]
    window = panel.window()
    # the panel's actor is marked in the article
    assert [window.article.to_cp(m.cursor.selectionStart()) for m in window.article.extraSelections()] == [0]
    index = panel.mentions.index(1, 1)
    panel.mention_table.doubleClicked.emit(index)
    assert window.ws.document.id == corpus.docs[1] and window.ws.selected == corpus.spans["2:Moscow"]


def test_add_actor_dialog_checks_its_fields_and_is_one_undo_step(qtbot, panel, store):
    window = panel.window()
    count = len(registry.list_actors(store))
    dialog = panel.ask_add_actor()
    qtbot.keyClicks(dialog.name, "Lena Hartmann")
    dialog.kind.setCurrentText("person")
    qtbot.keyClicks(dialog.aliases, "Hartmann | L. Hartmann")
    qtbot.keyClicks(dialog.external, "wikidata")  # no "=": refused in the dialog
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "wikidata=Q42" in dialog.error.text()
    assert len(registry.list_actors(store)) == count
    dialog.external.setText("wikidata=Q42")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (lena,) = registry.list_actors(store, query="hartmann")
    assert (lena.kind, lena.external_ids, set(lena.aliases)) == (
        "person", {"wikidata": "Q42"}, {"Lena Hartmann", "Hartmann", "L. Hartmann"})
    assert panel.current.id == lena.id  # the new actor is selected
    window.ws.undo()
    assert len(registry.list_actors(store)) == count and "Lena Hartmann" not in names(panel)
    window.ws.redo()
    assert registry.get_actor(store, lena.id).name == "Lena Hartmann"


def test_add_alias_then_undo(qtbot, panel, store):
    panel.select_actor("iso3166:KE")
    dialog = panel.ask_alias()
    dialog.setTextValue("Kenyan government")
    dialog.accept()
    assert "Kenyan government" in registry.get_actor(store, "iso3166:KE").aliases
    assert "Kenyan government" in panel.details.text()
    panel.window().ws.undo()
    assert "Kenyan government" not in registry.get_actor(store, "iso3166:KE").aliases


def test_merge_two_actors_moves_links_and_undo_puts_them_back(qtbot, panel, store, corpus):
    window = panel.window()
    mine = registry.add_actor(store, "Kremlin", "organization").added_actors[0]
    linking.link_span(store, corpus.spans["1:Russia"], mine)
    panel.actors.reload()
    for actor_id in (mine, "iso3166:RU"):  # Ctrl+click on both rows
        panel.table.scrollTo(panel.model.index(panel.model.row_of(actor_id), 0))
        rect = panel.table.visualRect(panel.model.index(panel.model.row_of(actor_id), 0))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         rect.center())
    assert set(panel.selected_ids()) == {mine, "iso3166:RU"}
    box = panel.ask_merge()
    keep = next(b for b in box.buttons() if b.text() == "Keep Russia (state)")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert mine not in {a.id for a in registry.list_actors(store)}
    assert linking.links(store)[corpus.spans["1:Russia"]] == ("iso3166:RU", "accepted")
    assert panel.current.id == "iso3166:RU" and panel.current.mentions == 3
    window.ws.undo()
    assert registry.get_actor(store, mine).name == "Kremlin"
    assert linking.links(store)[corpus.spans["1:Russia"]] == (mine, "accepted")


def test_pending_links_accepted_or_rejected_from_the_panel(qtbot, panel, store, corpus):
    window = panel.window()
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    russia = corpus.spans["1:Russia"]
    assert linking.links(store)[russia] == ("iso3166:RU", "pending")
    panel.select_actor("iso3166:RU")
    row = next(i for i, m in enumerate(panel.mentions.rows) if m.span_id == russia)
    panel.mention_table.selectRow(row)
    assert panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert linking.links(store)[russia] == ("iso3166:RU", "accepted")
    window.ws.undo()
    row = next(i for i, m in enumerate(panel.mentions.rows) if m.span_id == russia)
    panel.mention_table.selectRow(row)
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert russia not in linking.links(store)
    window.ws.undo()
    assert linking.links(store)[russia] == ("iso3166:RU", "pending")


def test_checks_tab_lists_findings_and_jumps_to_them(qtbot, panel, store, corpus):
    window = panel.window()
    # "Kenya" is linked to Kenya here; a second "Kenya" span linked elsewhere: a conflicting link
    other = add_span(store, corpus.docs[1], 42, 47, "ACTOR", {"kind": "organization"}).span_id
    linking.link_span(store, other, "iso3166:RU")
    panel.tabs.setCurrentIndex(1)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    tree = panel.check_tree
    groups = {tree.topLevelItem(i).text(0).split(" (")[0]: tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    conflict = groups["Same text, different actors"]
    assert conflict.childCount() == 1 and conflict.child(0).text(0) == "“kenya”"
    target = next(conflict.child(0).child(i) for i in range(conflict.child(0).childCount())
                  if conflict.child(0).child(i).text(0) == "Russia (state)")
    tree.itemDoubleClicked.emit(target, 0)
    assert window.ws.document.id == corpus.docs[1] and window.ws.selected == other
    mixed = groups["One actor, different kinds"]
    assert mixed.childCount() == 1 and mixed.child(0).text(0) == "Russia (state)"
    unlabelled = groups["ACTOR here, unlabelled elsewhere"]
    first = unlabelled.child(0)
    assert first.text(0).startswith("“")
    tree.itemDoubleClicked.emit(first.child(0), 0)
    start, end = window.article.selection()
    assert window.ws.document.text[start:end] == first.text(0).split("”")[0][1:]


def test_label_all_from_an_actor_and_ambiguous_aliases_are_a_choice(qtbot, panel, store, corpus):
    window = panel.window()
    window.ws.select(None)
    panel.select_actor("iso3166:KE")
    box = panel.actors.ask_label_all("iso3166:KE")
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Whole corpus"), Qt.MouseButton.LeftButton)
    pending = [sid for sid, link in linking.links(store).items() if link == ("iso3166:KE", "pending")]
    assert len(pending) == 1  # "Kenya" in the second document, a new pending ACTOR span
    assert sorted(m.document for m in panel.mentions.rows) == ["Moscow denies", "Talks fail"]  # the panel follows
    window.ws.undo()
    assert [m.document for m in panel.mentions.rows] == ["Talks fail"]
    registry.add_actor(store, "Russia Today", "organization", aliases=["Russia"])  # "Russia" now fits two
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    assert corpus.spans["1:Russia"] not in linking.links(store)  # never linked silently
    assert "1 mention fits several actors" in window.last_message


def test_actor_from_the_selected_span_through_the_dialog(qtbot, panel, store, corpus):
    window = panel.window()
    russia = corpus.spans["1:Russia"]
    window.ws.select(russia)
    assert panel.span_button.isEnabled()
    qtbot.mouseClick(panel.span_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert (dialog.name.text(), dialog.kind.currentText()) == ("Russia", "state")
    dialog.name.setText("Russian Federation government")
    dialog.kind.setCurrentText("organization")
    dialog.accept()
    actor = panel.current
    assert (actor.name, actor.kind) == ("Russian Federation government", "organization")
    assert "Russia" in actor.aliases
    assert linking.links(store)[russia] == (actor.id, "accepted")
    window.ws.undo()  # actor and link: one step
    assert russia not in linking.links(store) and actor.id not in {a.id for a in registry.list_actors(store)}


def test_deleting_a_linked_span_updates_the_mentions(qtbot, panel, store, corpus):
    window = panel.window()
    panel.select_actor("iso3166:RU")
    assert len(panel.mentions.rows) == 2
    window.ws.select(corpus.spans["1:Moscow"])
    window.span_panel.delete_selected()
    assert [m.document for m in panel.mentions.rows] == ["Moscow denies"] and panel.current.mentions == 1
    window.ws.undo()  # the span comes back with its link
    assert linking.links(store)[corpus.spans["1:Moscow"]] == ("iso3166:RU", "accepted")
    window.ws.redo()
    assert corpus.spans["1:Moscow"] not in linking.links(store)
