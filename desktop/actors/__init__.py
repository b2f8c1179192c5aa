"""The actor registry in the desktop: the registry panel (search, details,
mentions, checks), linking the selected ACTOR span (Ctrl+K completer), label
every occurrence, hover and marks in the article, and the who-said-what panel.

Domain rules live in `annotations.actors`; this package only shows them and
turns each registry edit into one undo step (`edits.RegistryStep`).
"""
