"""Training a tiny model from a temp store, keeping it with the store, and
using it as suggester trained:<name>; cancellation; the CLI commands."""
from __future__ import annotations

import json
import threading

import pytest

from annotations.errors import GlossatorError
from annotations.suggesters import available_suggesters, get_suggester
from annotations.training.config import TINY_SIZE
from annotations.training.trained_models import META_FILE, get_model, list_models
from annotations.training.run import TrainingCancelled, TrainOptions, train_from_store

from .samples import gold_records

TINY = TrainOptions(epochs=2, size=TINY_SIZE, dev_split=0.2, seed=0)


def test_tiny_model_trains_and_suggests(gold_store, tmp_path):
    seen = []
    info, data = train_from_store(gold_store, tmp_path / "tiny", TINY, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2)
    assert info.name == "tiny" and info.component == "spancat"
    assert set(info.labels) == {"ACTOR", "FIGURE", "ASSERTION"}
    assert sorted(info.train_documents + info.dev_documents) == [1, 2, 3, 4, 5]
    assert set(info.scores["labels"]) <= set(info.labels) and 0.0 <= info.scores["f"] <= 1.0
    kept, _ = get_model(gold_store, "tiny")  # unpacked from the store
    meta = json.loads((kept / META_FILE).read_text())
    assert meta["data_hash"] == data.data_hash and meta["created"].startswith("20")
    assert (tmp_path / "tiny" / "model-best" / "scores.json").exists()
    # the model's vocabulary and the training DocBins hold article text: owner-only, like the store
    for root in (kept, tmp_path / "tiny"):
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                assert path.stat().st_mode & 0o077 == 0, path

    assert "trained:tiny" in available_suggesters(gold_store)
    suggester = get_suggester("trained:tiny", gold_store)
    assert suggester.version == info.version
    texts = [r.text for r in gold_records(7)[5:]]  # unseen articles
    suggestions = list(suggester.suggest(texts))
    assert len(suggestions) == 2
    spans = [s for sug in suggestions for s in sug.spans]
    assert spans, "a trained spancat proposes spans"
    for text, sug in zip(texts, suggestions):
        for s in sug.spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.label in info.labels and 0.5 <= s.score <= 1.0


def test_retraining_replaces_the_model_and_name_option(gold_store, tmp_path):
    train_from_store(gold_store, tmp_path / "run", TrainOptions(epochs=1, size=TINY_SIZE, name="news"))
    train_from_store(gold_store, tmp_path / "run", TrainOptions(epochs=1, size=TINY_SIZE, name="news", seed=3))
    assert [m.name for m in list_models(gold_store)] == ["news"]
    with gold_store.session() as session:  # one row: the second model replaced the first
        assert session.connection().exec_driver_sql("SELECT count(*) FROM trained_model").scalar() == 1


def test_cancel_keeps_nothing(gold_store, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(TrainingCancelled):
        train_from_store(gold_store, tmp_path / "c", TINY, cancel=cancel)
    assert list_models(gold_store) == []
    assert not (tmp_path / "c" / "model-best").exists()


def test_unknown_trained_model_and_bad_name(gold_store, tmp_path):
    with pytest.raises(GlossatorError, match="no trained model 'nope'"):
        get_suggester("trained:nope", gold_store)
    with pytest.raises(GlossatorError, match="model name"):
        train_from_store(gold_store, tmp_path / "x", TrainOptions(epochs=1, size=TINY_SIZE, name="a b"))


def test_ner_component_trains_on_the_flat_layer(gold_store, tmp_path):
    info, _ = train_from_store(gold_store, tmp_path / "flat", TrainOptions(component="ner", epochs=1, size=TINY_SIZE))
    suggestions = list(get_suggester("trained:flat", gold_store).suggest(["Ana Ruiz said 3,500 jobs went."]))
    assert info.component == "ner" and len(suggestions) == 1


def test_cli_train_then_models(cli, gold_store, tmp_path):
    code, out, err = cli("train", tmp_path / "cli-model", "--epochs", "1", "--dev-split", "0.4")
    assert code == 0, err
    assert "Dev scores of trained:cli-model" in out and "ACTOR" in out
    assert "python -m spacy train" in err
    code, out, err = cli("models", "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["name"] == "trained:cli-model"


def test_cli_refuses_empty_store(cli, store, tmp_path):
    code, _, err = cli("train", tmp_path / "m")
    assert code == 1 and "training needs at least 2" in err and err.strip().count("\n") == 0


def test_cli_active_learning_loop(cli, gold_store, tmp_path):
    assert cli("train", tmp_path / "loop", "--epochs", "1")[0] == 0
    more = gold_records(7)[5:]
    from annotations.services import import_records, set_status
    from annotations.types import DocumentRecord

    for doc in range(1, 6):
        set_status(gold_store, doc, "done")
    import_records(gold_store, [DocumentRecord(text=r.text, title=r.title) for r in more])
    code, _, err = cli("suggest-next", "1", "--suggester", "trained:loop")
    assert code == 0, err
    assert "in 1 document(s)" in err
    code, out, err = cli("queue", "--limit", "3")
    assert code == 0 and "trained:loop" in out
    code, out, _ = cli("queue", "--documents")
    assert code == 0 and " 6 " in out


def test_base_pipeline_tok2vec_is_reused(gold_store, tmp_path):
    first, _ = train_from_store(gold_store, tmp_path / "first", TrainOptions(epochs=1, size=TINY_SIZE))
    base = str(get_model(gold_store, first.name)[0])  # any installed pipeline or folder with a tok2vec
    info, _ = train_from_store(gold_store, tmp_path / "second", TrainOptions(epochs=1, base=base, size=TINY_SIZE))
    assert info.base == base
    config = (tmp_path / "second" / "config.cfg").read_text()
    assert f'source = "{base}"' in config
    assert list(get_suggester("trained:second", gold_store).suggest(["Ana Ruiz said 3,500 jobs went."]))


def test_missing_base_pipeline_is_refused_without_download(gold_store, tmp_path):
    with pytest.raises(GlossatorError, match="'en_core_web_nothing' is not installed"):
        train_from_store(gold_store, tmp_path / "b", TrainOptions(epochs=1, base="en_core_web_nothing"))
    assert not (tmp_path / "b").exists()
