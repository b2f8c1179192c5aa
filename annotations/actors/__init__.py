"""The actor registry: canonical actors across documents, their aliases, links
from ACTOR spans, label-every-occurrence, consistency checks and who said what.

Plain functions over a Store, one transaction per use case, every registry
edit event-logged and reversible (`registry.undo`). Never imports spaCy.
"""
