"""The desktop picks up what others write to the team store (PostgreSQL)
without a restart: on a timer and when the window is activated, the document
list and the open document update in place (selection and scroll kept); the
"assigned to me" filter shows progress; and an edit that fails because the
server went away is not applied, not on the undo stack, and can be retried."""
from __future__ import annotations

import psycopg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from annotations import services
from annotations.services import assignments
from annotations.types import DocumentRecord
from desktop.controllers.team import POLL_MS

from .team_support import EXAMPLE, database_name, me, other, pg_docs, pg_store  # noqa: F401 (fixtures)


def settle(bar) -> None:
    """Process events until the scroll bar's range and value stop moving (lazy text layout)."""
    for _ in range(50):
        before = bar.maximum(), bar.value()
        QApplication.processEvents()
        if (bar.maximum(), bar.value()) == before:
            return


def test_others_spans_and_statuses_appear_keeping_selection_and_scroll(make_window, qtbot, pg_store, other, me,
                                                                       postgres_url):
    long_text = "\n\n".join(f"Paragraph {i}. {EXAMPLE}" for i in range(120))
    doc, second = services.import_records(pg_store, [DocumentRecord(text=long_text, title="Long"),
                                                     DocumentRecord(text=EXAMPLE, title="Short")]).document_ids
    at = long_text.index("Paragraph 60.")
    mine = services.add_span(pg_store, doc, at + 15, at + 23, "ACTOR", annotator=me).span_id
    window = make_window(postgres_url, doc)
    window.team.show_layers("all")
    window.team.timer.setInterval(50)
    window.ws.select(mine)
    bar = window.article.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    settle(bar)  # the view lays the text out and shows the selected span before the user scrolls
    bar.setValue(bar.maximum() // 2)
    settle(bar)
    scrolled = bar.value()
    assert 0 < scrolled < bar.maximum()
    resets = []
    window.span_model.modelReset.connect(lambda: resets.append(1))
    window.documents.model.modelReset.connect(lambda: resets.append(2))

    ana = services.add_span(other, doc, at + 30, at + 35, "ACTOR", annotator="ana").span_id
    services.set_status(other, second, "done", annotator="ana")
    qtbot.waitUntil(lambda: ana in window.ws.spans, timeout=10000)
    row = window.documents.model.row_of(second)
    qtbot.waitUntil(lambda: window.documents.model.summary(row).status == "done", timeout=10000)
    assert window.ws.selected == mine and bar.value() == scrolled
    assert window.span_model.row_of(ana) is not None and resets == []

    services.delete_span(other, ana, annotator="ana")  # removals too
    qtbot.waitUntil(lambda: ana not in window.ws.spans, timeout=10000)
    assert window.ws.selected == mine and bar.value() == scrolled and resets == []


def test_window_activation_picks_up_new_documents_keeping_the_list_selection(make_window, qtbot, pg_store, pg_docs,
                                                                             other, postgres_url):
    window = make_window(postgres_url, pg_docs[0])
    window.team.timer.stop()
    table = window.documents.table
    table.selectRow(window.documents.proxy.mapFromSource(window.documents.model.index(2, 0)).row())
    selected = window.documents.selected_ids()
    services.import_records(other, [DocumentRecord(text="A new article about Lisbon.", title="New")])
    assert len(window.documents.model.ids()) == len(pg_docs)
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert len(window.documents.model.ids()) == len(pg_docs) + 1
    assert window.documents.selected_ids() == selected
    assert window.ws.document.id == pg_docs[0]


def test_assigned_to_me_with_progress(make_window, qtbot, pg_store, pg_docs, other, me, postgres_url):
    first, second, third, fourth = pg_docs
    assignments.assign(other, [me], document_ids=[first, second], by="lead")
    assignments.assign(other, ["ana"], document_ids=[third], by="lead")
    services.set_status(pg_store, first, "done")
    window = make_window(postgres_url, first)
    window.team.timer.stop()
    assert window.documents.visible_ids() == pg_docs
    window.documents.assigned_check.setChecked(True)
    assert sorted(window.documents.visible_ids()) == [first, second]
    assert window.documents.progress_label.text() == "1 of 2 done"

    assignments.assign(other, [me], document_ids=[fourth], by="lead")  # the lead assigns me more
    window.team.check_now()
    assert sorted(window.documents.visible_ids()) == [first, second, fourth]
    assert window.documents.progress_label.text() == "1 of 3 done"

    window.open_document(second)
    window.navigation.mark_done_and_next()  # my own progress counts at once
    assert window.documents.progress_label.text() == "2 of 3 done"
    window.documents.assigned_check.setChecked(False)
    assert window.documents.visible_ids() == pg_docs and window.documents.progress_label.text() == ""


def test_an_edit_failing_because_the_server_went_away_can_be_retried(make_window, qtbot, pg_store, pg_docs,
                                                                     postgres_server, postgres_url):
    doc = pg_docs[0]
    window = make_window(postgres_url, doc)
    window.team.timer.stop()
    name = database_name(postgres_url)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        try:
            window.article.select_chars(15, 20)
            window.annotating.apply_label("ACTOR", exact=True)
            bar = window.message_bar
            assert bar.isVisible() and bar.retry_button.isVisible()
            text = bar.text.text()
            assert text.startswith("Add ACTOR span: ") and "\n" not in text
            assert name in text  # names the server and database
            assert not window.ws.undo_group.canUndo() and len(window.ws.spans) == 0
            assert window.team.check_now() is None  # looking for others' changes fails quietly, once
            assert window.team.offline and name in window.last_message and "\n" not in window.last_message
            assert window.team.timer.interval() > POLL_MS  # looks less often while the server is away
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert services.get_spans(pg_store, doc) == []  # nothing was written

    window.team.check_now()
    assert not window.team.offline and window.team.timer.interval() == POLL_MS
    qtbot.mouseClick(window.message_bar.retry_button, Qt.MouseButton.LeftButton)
    spans = services.get_spans(pg_store, doc)
    assert [(s.start, s.end, s.label) for s in spans] == [(15, 20, "ACTOR")]
    assert not window.message_bar.isVisible()
    assert window.ws.stack.count() == 1 and list(window.ws.spans) == [spans[0].id]
    window.ws.undo()  # the retried edit is an ordinary undo step
    assert services.get_spans(pg_store, doc) == []
