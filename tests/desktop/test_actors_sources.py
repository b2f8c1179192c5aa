"""The who-said-what panel through the real widgets on a real store: rows per
actor with stance and document, filters (actor, stance, text), the unsourced
group, sorting, double click opening the assertion, and CSV export (atomic, 0600)."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from annotations.actors import decisions
from tests.desktop.actors_corpus import build
from desktop.actors.sources_panel import NO_SOURCE


@pytest.fixture
def corpus(store):
    return build(store)


@pytest.fixture
def panel(qtbot, make_window, store, store_path, corpus):
    window = make_window(store_path, corpus.docs[0])
    window.actions_by_id["actors.sources"].trigger()
    assert window.sources_dock.isVisible()
    return window.sources_dock.widget()


def rows(panel):
    return [(s.actor, s.stance, s.document, s.assertion) for s in panel.shown()]


def test_rows_filters_and_the_unsourced_group(qtbot, panel, corpus):
    assert rows(panel) == [
        ("Kenya", "suggests", "Talks fail", "Kenya welcomed the deal."),
        ("Russia", "states", "Talks fail", "Moscow said the talks had failed."),
        ("Russia", "denies", "Moscow denies", "Officials in Moscow denied it."),
    ]
    assert "3 attributed, 1 without a source" in panel.count.text()
    panel.actor_filter.setCurrentIndex(panel.actor_filter.findData("iso3166:RU"))
    panel.actor_filter.activated.emit(panel.actor_filter.currentIndex())
    assert [r[3] for r in rows(panel)] == ["Moscow said the talks had failed.", "Officials in Moscow denied it."]
    panel.set_filters("iso3166:RU", "denies")
    assert [r[1] for r in rows(panel)] == ["denies"]
    panel.set_filters()
    qtbot.keyClicks(panel.text_filter, "welcomed")
    assert [r[0] for r in rows(panel)] == ["Kenya"]
    panel.set_filters(NO_SOURCE)
    assert rows(panel) == [("", "states", "Talks fail", "Prices rose, the report said.")]
    assert panel.proxy.index(0, 0).data() == "— no source —"


def test_columns_sort(qtbot, panel):
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # stance
    assert [r[1] for r in rows(panel)] == ["denies", "states", "suggests"]
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in rows(panel)][0] == "Russia"


def test_relinking_refreshes_the_panel(qtbot, panel, store, corpus):
    window = panel.window()
    window.actors.link(corpus.spans["1:Kenya"], "iso3166:UG")  # a registry step: the panel follows
    assert ("Uganda", "suggests", "Talks fail", "Kenya welcomed the deal.") in rows(panel)
    window.ws.undo()
    assert ("Kenya", "suggests", "Talks fail", "Kenya welcomed the deal.") in rows(panel)
    decisions.set_link(store, corpus.spans["2:Moscow"], None)  # elsewhere: shown after Refresh
    panel.refresh()
    assert ("Moscow", "denies", "Moscow denies", "Officials in Moscow denied it.") in rows(panel)


def test_double_click_opens_the_assertion_in_its_article(qtbot, panel, corpus):
    window = panel.window()
    row = next(i for i, s in enumerate(panel.shown()) if s.document == "Moscow denies")
    panel.table.doubleClicked.emit(panel.proxy.index(row, 3))
    assert window.ws.document.id == corpus.docs[1]
    assert window.ws.selected == corpus.spans["2:Officials in Moscow denied it."]


def test_export_csv_is_atomic_and_owner_only(qtbot, panel, tmp_path):
    out = tmp_path / "said.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o644)
    panel.set_filters("iso3166:KE")  # the export holds everything, whatever the filters show
    with qtbot.waitSignal(panel.exported) as blocker:
        dialog = panel.ask_export()
        dialog.fileSelected.emit(str(out))
    dialog.close()
    assert blocker.args == [4]
    with out.open(encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["actor"] for r in written] == ["Kenya", "Russia", "Russia", ""]
    assert out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if "said" in p.name) == ["said.csv"]  # no temp left


def test_export_where_no_file_can_be_says_so(qtbot, panel, tmp_path):
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "plain" / "said.csv"
    assert panel.export_csv(out) is None
    assert "cannot write it" in panel.window().last_message and not out.exists()
