"""The sample gold articles as records, for training tests."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from annotations.formats import ImportNotes, get_format
from annotations.schema import default_schema


def gold_records(n: int | None = None):
    path = Path(str(resources.files("resources") / "samples" / "gold.jsonl"))
    records = list(get_format("jsonl").read(path, default_schema(), ImportNotes()))
    return records[:n] if n else records
