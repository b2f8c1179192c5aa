"""Real-tool acceptance of the spaCy export: `spacy debug data` and
`spacy train` (one epoch) accept the .spacy files with the written
config.cfg, for ner and spancat; the config's n-gram sizes cover the data."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from spacy.util import load_config

from annotations.services import import_records
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

PEOPLE = ["Ana Ruiz", "Tim Cook", "Lena Park", "Omar Haddad", "Sofia Berg", "Kenji Sato"]
STATES = ["Chile", "Kenya", "Ankara", "Cairo", "Peru"]
FIGURES = ["about 3,500", "nearly 40 percent", "roughly €2.4 billion", "12 tonnes", "seven"]


def training_documents(n: int) -> list[DocumentRecord]:
    records = []
    for i in range(n):
        person, state, figure = PEOPLE[i % 6], STATES[i % 5], FIGURES[(i // 2) % 5]
        sentence = f"{person} said {figure} workers in {state} lost jobs 😀."
        text = f"Report {i}.\r\n{sentence}"
        at = text.index
        spans = [SpanRecord(at(person), at(person) + len(person), "ACTOR", {"kind": "person"}),
                 SpanRecord(at(state), at(state) + len(state), "ACTOR"),
                 SpanRecord(at(figure), at(figure) + len(figure), "FIGURE"),
                 SpanRecord(at(sentence), at(sentence) + len(sentence), "ASSERTION")]
        records.append(DocumentRecord(text=text, spans=spans, relations=[RelationRecord(3, 0, "SOURCE")]))
    return records


def spacy_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spacy", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ner", "spancat"])
def test_debug_data_and_train_accept_the_export(store, cli, tmp_path, kind):
    import_records(store, training_documents(140))  # debug data refuses < 100 training docs
    out = tmp_path / "corpus"
    code, _, err = cli("export", "spacy", out, "--config", kind, "--split", "0.25", "--seed", "3")
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == {"train.spacy", "dev.spacy", "config.cfg", ".glossator-export"}
    config = load_config(out / "config.cfg")
    if kind == "spancat":
        # ASSERTION sentences are long: the suggester must propose spans that long
        sizes = config["components"]["spancat"]["suggester"]["sizes"]
        assert max(sizes) >= 10 and 1 in sizes
    debug = spacy_cli("debug", "data", str(out / "config.cfg"), cwd=tmp_path)
    assert debug.returncode == 0, debug.stdout + debug.stderr
    assert "Corpus is loadable" in debug.stdout
    train = spacy_cli("train", str(out / "config.cfg"), "--output", str(tmp_path / "model"),
                      "--training.max_epochs", "1", "--training.eval_frequency", "10", cwd=tmp_path)
    assert train.returncode == 0, train.stdout + train.stderr
    assert (tmp_path / "model" / "model-last" / "meta.json").is_file()


def test_spancat_sizes_cover_observed_lengths(store, cli, tmp_path):
    import_records(store, training_documents(6))
    code, _, err = cli("export", "spacy", tmp_path / "c", "--config", "spancat", "--split", "0.5")
    assert code == 0, err
    sizes = load_config(tmp_path / "c" / "config.cfg")["components"]["spancat"]["suggester"]["sizes"]
    # "Ana Ruiz" 2 tokens, "seven" 1, "about 3,500" 2, "nearly 40 percent" 3, sentences 9–12
    assert sizes == sorted(set(sizes)) and {1, 2, 3} <= set(sizes) and max(sizes) > 8


def test_unknown_config_kind_fails_before_writing(store, cli, tmp_path):
    import_records(store, training_documents(2))
    code, _, err = cli("export", "spacy", tmp_path / "c", "--config", "textcat")
    assert code == 1 and "unknown spaCy config 'textcat'" in err
    assert not (tmp_path / "c").exists()
