"""File ▸ Open team store…: a PostgreSQL URL typed (or picked from the team
stores opened before), checked for its form here; the window opens it.

The dialog never stores or echoes a password: recent URLs come without one
(`settings.without_password`), and the hint says where credentials belong
(~/.pgpass or PGPASSWORD)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

URL_SCHEMES = ("postgresql://", "postgres://")
HINT = ("postgresql://user@host:port/database, or postgresql://user@/database?host=/path/to/socket.\n"
        "The password comes from ~/.pgpass or PGPASSWORD; Glossator never keeps it.")


def is_store_url(text: str) -> bool:
    return text.strip().lower().startswith(URL_SCHEMES)


class OpenStoreDialog(QDialog):
    def __init__(self, recent_urls: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("openStoreDialog")
        self.setWindowTitle("Open team store")
        self.url_combo = QComboBox(objectName="storeUrl", editable=True)
        self.url_combo.addItems(recent_urls)
        self.url_combo.setCurrentText(recent_urls[0] if recent_urls else "postgresql://")
        self.url_combo.setMinimumWidth(520)
        self.url_combo.lineEdit().setPlaceholderText("postgresql://user@host:5432/team")
        hint = QLabel(HINT, objectName="storeUrlHint", wordWrap=True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.create_check = QCheckBox("Set up a new store if the database is empty", objectName="storeUrlCreate")
        self.error = QLabel(objectName="storeUrlError", wordWrap=True)
        self.error.setStyleSheet("color: #b02a37;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Server URL:", self.url_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.create_check)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def url(self) -> str:
        return self.url_combo.currentText().strip()

    def create(self) -> bool:
        return self.create_check.isChecked()

    def accept(self) -> None:
        if not is_store_url(self.url()) or self.url().rstrip("/").lower() in {s.rstrip("/") for s in URL_SCHEMES}:
            self.error.setText("A team store is a PostgreSQL URL: postgresql://user@host/database "
                               "(open a store file with File ▸ Open store…).")
            self.error.show()
            return
        super().accept()
