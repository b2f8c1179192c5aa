"""What `glossator train` writes is enough for spaCy's own command line:
`python -m spacy train config.cfg --code glossator_components.py` in OUT_DIR,
with no Glossator import (the command a user runs on a bigger machine)."""
from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from annotations.training.config import TINY_SIZE
from annotations.training.run import TrainOptions, prepare_training_dir


@pytest.mark.slow
def test_spacy_train_by_hand_on_the_written_files(gold_store, tmp_path):
    out = tmp_path / "handmade"
    prepare_training_dir(gold_store, out, TrainOptions(epochs=1, size=TINY_SIZE))
    assert {"config.cfg", "train.spacy", "dev.spacy", "glossator_components.py"} <= {p.name for p in out.iterdir()}
    cmd = [sys.executable, "-m", "spacy", "train", "config.cfg", "--code", "glossator_components.py",
           "--output", "output", "--training.max_epochs", "1"]
    done = subprocess.run(cmd, cwd=out, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    code = (out / "glossator_components.py").read_text()
    imports = [ln.split()[1] for ln in code.splitlines() if ln.startswith(("import ", "from "))]
    assert not [m for m in imports if m.startswith((".", "annotations"))], imports  # no Glossator needed
    nlp = spacy.load(out / "output" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat"]
