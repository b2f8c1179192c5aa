"""What a controller may use of the window: the workspace, the article view,
a parent widget for dialogs and menus, and one way to tell the user something."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QWidget

from ..widgets.article_view import ArticleView
from ..workspace import Workspace


@dataclass(frozen=True)
class Context:
    ws: Workspace
    article: ArticleView
    parent: QWidget
    say: Callable[[str], None]  # a one-line message in the status bar
