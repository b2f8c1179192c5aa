"""Adjudication mode: one document with every annotator's layer at once, its
disagreements listed and settled into gold by keyboard (see window.py).
`show(main_window)` opens it for the main window's open document."""
from __future__ import annotations


def show(window):
    """Open (or raise) the adjudication window for the main window's open document."""
    from .window import AdjudicationWindow

    found = getattr(window, "adjudication_window", None)
    if found is None:
        found = window.adjudication_window = AdjudicationWindow(window.ws, window)
    found.show()
    found.raise_()
    found.activateWindow()
    found.load()
    return found
