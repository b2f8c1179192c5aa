"""Glossator's desktop UI (PySide6) over the services of `annotations`.
The only package that imports Qt; it holds no domain rules."""
