"""Widgets of the main window: article view, label bar, span panel, find bar."""
