"""The span panel's actor section: for a selected ACTOR span, the actor it links
to (and whether the link is pending), with Link… (Ctrl+K), Unlink, Accept link,
Reject link, New actor and Label all… buttons. Hidden for other spans."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from annotations.actors.linking import ACTOR

from .controller import ActorsController


class LinkSection(QWidget):
    def __init__(self, actors: ActorsController, parent=None):
        super().__init__(parent)
        self.setObjectName("actorLinkSection")
        self.actors = actors
        self.status = QLabel(objectName="actorLink", wordWrap=True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        specs = (("link", "Link…", actors.link_selected), ("unlink", "Unlink", actors.unlink),
                 ("accept", "Accept link", actors.accept_link), ("reject", "Reject link", actors.reject_link),
                 ("create", "New actor", actors.create_from_span), ("label_all", "Label all…", actors.ask_label_all))
        for i, (key, text, slot) in enumerate(specs):
            button = QPushButton(text, objectName=f"actor_{key}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            if key == "link":
                button.setToolTip("Ctrl+K: type a name or alias, Enter links, Esc cancels")
            self.buttons[key] = button
            grid.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        actors.marked_changed.connect(lambda _a: self.refresh())
        actors.registry_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        span = self.actors.ws.selected_span
        actor_span = span is not None and span.label == ACTOR
        self.setVisible(actor_span)
        if not actor_span:
            return
        link = self.actors.link_of(span.id)
        if link is None:
            self.status.setText("Actor: <i>not linked</i>")
        else:
            actor_id, status = link
            pending = " — <b>pending</b>" if status == "pending" else ""
            self.status.setText(f"Actor: {_esc(self.actors.actor_label(actor_id))}{pending}")
        self.buttons["unlink"].setEnabled(link is not None)
        self.buttons["accept"].setEnabled(link is not None and link[1] == "pending")
        self.buttons["reject"].setEnabled(link is not None and link[1] == "pending")
        self.buttons["create"].setEnabled(link is None)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
