"""Dialogs of the desktop app: label schema, keyboard shortcuts."""
