"""Models the team can share: kept in the store (any client finds them, a
PostgreSQL store included), exported as a folder that suggests in any other
store (`model:DIR`, and `pipeline:DIR` reading spancat's spans), imported
into another store; release-1 model folders next to a store still work."""
from __future__ import annotations

import json
import shutil

import pytest

from annotations.errors import GlossatorError
from annotations.services import import_records
from annotations.store import Store
from annotations.suggesters import available_suggesters, get_suggester
from annotations.training.config import TINY_SIZE
from annotations.training.run import TrainOptions, train_from_store
from annotations.training.trained_models import (
    META_FILE, export_model, get_model, import_model, legacy_models_dir, list_models,
)

from .samples import gold_records

TINY = TrainOptions(epochs=2, size=TINY_SIZE, dev_split=0.2, seed=0, name="shared")
UNSEEN = [r.text for r in gold_records(7)[5:]]


def spans_of(suggester) -> list[tuple]:
    return [[(s.start, s.end, s.label, s.score) for s in sug.spans] for sug in suggester.suggest(UNSEEN)]


@pytest.fixture
def trained(gold_store, tmp_path):
    info, _ = train_from_store(gold_store, tmp_path / "run", TINY)
    return info


def test_exported_model_suggests_in_another_store(gold_store, trained, tmp_path):
    here = spans_of(get_suggester("trained:shared", gold_store))
    assert any(here), "the tiny spancat proposes spans on unseen text"

    out = export_model(gold_store, "shared", tmp_path / "exported")
    assert (out / META_FILE).is_file() and (out / "config.cfg").is_file()
    assert all(p.stat().st_mode & 0o077 == 0 for p in [out, *out.rglob("*")])  # holds article vocabulary

    other = Store.create(tmp_path / "other.sqlite")  # a store that never trained anything
    try:
        assert list_models(other) == []
        as_folder = get_suggester(f"model:{out}", other)
        assert spans_of(as_folder) == here
        assert as_folder.name == f"model:{out}" and as_folder.version == trained.version
        # pipeline:<folder> reads spancat's doc.spans too (it returned nothing before)
        as_pipeline = [[(s, e, label) for s, e, label, _ in doc] for doc in spans_of(get_suggester(f"pipeline:{out}"))]
        assert as_pipeline == [[(s, e, label) for s, e, label, _ in doc] for doc in here]

        import_model(other, out, name="from-team")
        assert [m.name for m in list_models(other)] == ["from-team"]
        assert "trained:from-team" in available_suggesters(other)
        assert spans_of(get_suggester("trained:from-team", other)) == here
    finally:
        other.close()


def test_export_refuses_a_foreign_folder_and_replaces_an_earlier_export(gold_store, trained, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(GlossatorError, match="not an earlier model export"):
        export_model(gold_store, "shared", busy)
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]

    out = export_model(gold_store, "shared", tmp_path / "again")
    (out / "stale.bin").write_bytes(b"old")
    export_model(gold_store, "shared", out)
    assert not (out / "stale.bin").exists() and (out / META_FILE).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".again")]  # no staging left behind


def test_model_folder_errors_are_one_line(tmp_path):
    with pytest.raises(GlossatorError, match="no such folder"):
        get_suggester(f"model:{tmp_path / 'missing'}")
    with pytest.raises(GlossatorError, match="glossator-model.json missing"):
        get_suggester(f"model:{tmp_path}")
    (tmp_path / META_FILE).write_text("{not json")
    with pytest.raises(GlossatorError, match=r"glossator-model.json:1: not valid JSON"):
        get_suggester(f"model:{tmp_path}")


def test_cli_models_export_import_delete(cli, gold_store, trained, tmp_path):
    code, out, err = cli("models", "export", "trained:shared", tmp_path / "dir")
    assert code == 0, err
    assert f"model:{tmp_path / 'dir'}" in err
    code, _, err = cli("models", "import", tmp_path / "dir", "--name", "copy")
    assert code == 0 and "trained:copy" in err
    code, out, _ = cli("models", "--json")
    assert sorted(json.loads(line)["name"] for line in out.splitlines()) == ["trained:copy", "trained:shared"]
    code, _, err = cli("models", "delete", "copy")
    assert code == 0
    code, _, err = cli("models", "delete", "copy")
    assert code == 1 and "no trained model 'copy'" in err and err.strip().count("\n") == 0
    code, _, err = cli("suggest", "--suggester", f"model:{tmp_path / 'dir'}")
    assert code == 0, err


def test_release1_model_folder_next_to_the_store_is_still_used(gold_store, trained, tmp_path):
    legacy = legacy_models_dir(gold_store) / "old"
    export_model(gold_store, "shared", tmp_path / "exp")
    shutil.copytree(tmp_path / "exp", legacy)
    meta = json.loads((legacy / META_FILE).read_text())
    (legacy / META_FILE).write_text(json.dumps({**meta, "name": "old"}))
    assert {m.name for m in list_models(gold_store)} == {"shared", "old"}
    assert get_model(gold_store, "old")[0] == legacy
    assert spans_of(get_suggester("trained:old", gold_store)) == spans_of(get_suggester("trained:shared", gold_store))


def test_models_trained_on_postgres_are_found_by_every_client(postgres_url, tmp_path, monkeypatch):
    """On a server store there is no folder next to a file: the model lives in the database,
    and a second client with an empty cache unpacks it from there."""
    team = Store.create(postgres_url)
    try:
        import_records(team, gold_records(5))
        info, _ = train_from_store(team, tmp_path / "run", TINY)
        here = spans_of(get_suggester("trained:shared", team))
    finally:
        team.close()

    monkeypatch.setenv("GLOSSATOR_MODEL_CACHE", str(tmp_path / "second-client-cache"))
    client = Store.open(postgres_url)
    try:
        assert [m.name for m in list_models(client)] == ["shared"]
        assert list_models(client)[0].version == info.version
        assert spans_of(get_suggester("trained:shared", client)) == here
        assert (tmp_path / "second-client-cache").is_dir()
    finally:
        client.close()
