"""Flags (with their notes) and trained models travel in merge, so a backup
holds them and a laptop round trip brings flag edits and removals back."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest

from annotations.services import add_span, import_records
from annotations.services.flags import add_flag, edit_flag, list_flags, remove_flag
from annotations.services.merge import backup, merge_stores
from annotations.store import Store
from annotations.training.trained_models import ModelInfo, get_model, list_models, save_model
from annotations.types import DocumentRecord

TEXT = "Chile said 40 people left Santiago on Monday."


def flags_of(store) -> set[tuple]:
    return {(f.uid, f.kind, f.note, f.start, f.end, f.label, f.annotator) for f in list_flags(store)}


@pytest.fixture(params=["sqlite", "postgresql"])
def laptop(request, tmp_path):
    location = str(tmp_path / "laptop.sqlite") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.create(location) as store:
        doc = import_records(store, [DocumentRecord(text=TEXT, title="Doc")]).document_ids[0]
        span_id = add_span(store, doc, 0, 5, "ACTOR", annotator="ana").added_spans[0]
        add_flag(store, doc, "unsure", "Chile the state or its team?", span_id=span_id, annotator="ana")
        add_flag(store, doc, "guideline question", "date in the headline?", annotator="ana")
    return location


def test_flags_travel_in_backup_and_merge(laptop, tmp_path):
    with Store.open(laptop) as source:
        report = backup(source, tmp_path / "backup.sqlite")
        assert report.flags_added == 2
        with Store.open(tmp_path / "backup.sqlite") as copy:
            assert flags_of(copy) == flags_of(source)
            span_flag = next(f for f in list_flags(copy) if f.span_id is not None)
            assert (span_flag.start, span_flag.end, span_flag.label) == (0, 5, "ACTOR")

        # on the laptop: one note edited, the other flag removed; merging again carries both, once
        by_kind = {f.kind: f for f in list_flags(source)}
        edit_flag(source, by_kind["unsure"].id, "unsure", "the state: its government spoke", annotator="ana")
        remove_flag(source, by_kind["guideline question"].id, annotator="ana")
        with Store.open(tmp_path / "backup.sqlite") as copy:
            report = merge_stores(copy, [source])
            assert (report.flags_updated, report.flags_removed, report.flags_added) == (1, 1, 0)
            assert flags_of(copy) == flags_of(source)
            again = merge_stores(copy, [source])
            assert (again.flags_added, again.flags_updated, again.flags_removed) == (0, 0, 0)


def _model(tmp_path, name: str, created: datetime, payload: bytes) -> tuple[ModelInfo, object]:
    folder = tmp_path / f"pipe-{payload.hex()}"
    folder.mkdir()
    (folder / "config.cfg").write_text("[nlp]\nlang = \"en\"\n")
    (folder / "weights.bin").write_bytes(payload)
    info = ModelInfo(name=name, created=created.isoformat(timespec="seconds"), component="spancat",
                     labels=("ACTOR",), train_documents=(1,), dev_documents=(), data_hash=hashlib.sha256(payload)
                     .hexdigest(), scores={"f": 0.5, "p": 0.5, "r": 0.5, "labels": {}}, epochs=1)
    return info, folder


def test_trained_models_travel_and_the_newer_one_wins(laptop, tmp_path):
    now = datetime(2026, 12, 1, 12, 0)
    with Store.open(laptop) as source:
        info, folder = _model(tmp_path, "news", now, b"laptop weights")
        save_model(source, folder, info)
        report = backup(source, tmp_path / "backup.sqlite")
        assert report.models_added == 1
    with Store.open(tmp_path / "backup.sqlite") as copy:
        assert [m.name for m in list_models(copy)] == ["news"]
        path, _ = get_model(copy, "news")
        assert (path / "weights.bin").read_bytes() == b"laptop weights"

        older, old_folder = _model(tmp_path, "news", now - timedelta(days=1), b"older weights")
        save_model(copy, old_folder, older)
        with Store.open(laptop) as source:
            report = merge_stores(copy, [source])
        assert report.models_added == 1 and any("model 'news'" in line for line in report.conflicts)
        path, kept = get_model(copy, "news")
        assert kept.created == info.created and (path / "weights.bin").read_bytes() == b"laptop weights"
        with Store.open(laptop) as source:
            assert merge_stores(copy, [source]).models_added == 0  # same contents: nothing to do
