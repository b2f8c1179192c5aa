"""Glossator's core: the annotation store, label schema, services, suggesters,
formats and command line. Pure Python: this package never imports Qt."""

__version__ = "0.1.0"
