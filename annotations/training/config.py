"""The spaCy training config Glossator writes: spaCy's own quickstart config
(`spacy init config`, CPU, efficiency) for a blank pipeline with tok2vec and
one trainable component, adjusted to the data.

- `spancat` (default): all labels in one span categorizer whose suggester
  (components.py) proposes n-grams of the sizes seen in the data plus every
  whole sentence, so ASSERTION sentences and short ACTOR/FIGURE spans are
  learned together and may overlap.
- `ner`: the non-overlapping subset (doc.ents).
- `base`: an installed pipeline whose tok2vec is sourced (and fine-tuned)
  instead of starting from random weights. Never downloaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.cli.init_config import init_config
from spacy.util import is_package
from thinc.api import Config

from ..errors import GlossatorError
from .components import SUGGESTER


@dataclass(frozen=True)
class ModelSize:
    """tok2vec width/depth; tests use a tiny one to stay fast."""

    width: int = 96
    depth: int = 4
    hidden: int = 128


DEFAULT_SIZE = ModelSize()
TINY_SIZE = ModelSize(width=32, depth=1, hidden=32)


def check_base(base: str) -> None:
    if not (is_package(base) or Path(base).is_dir()):
        raise GlossatorError(
            f"base pipeline {base!r} is not installed (nothing is downloaded: pip install it, "
            "or leave out --base to train from a blank English pipeline)"
        )


def build_config(
    *,
    component: str = "spancat",
    ngram_sizes: tuple[int, ...] = (1, 2, 3),
    language: str = "en",
    epochs: int = 30,
    seed: int = 0,
    base: str | None = None,
    size: ModelSize = DEFAULT_SIZE,
    eval_frequency: int = 20,
) -> Config:
    """A complete config; paths.train / paths.dev are left for the caller or the command line."""
    cfg = init_config(lang=language, pipeline=[component], optimize="efficiency", gpu=False, silent=True)
    cfg["system"]["seed"] = seed
    training = cfg["training"]
    # Stop after `epochs` passes (max_steps 0 = no step limit); keep the best checkpoint.
    training.update(max_epochs=epochs, max_steps=0, patience=0, eval_frequency=eval_frequency)
    encode = cfg["components"]["tok2vec"]["model"]["encode"]
    encode["width"], encode["depth"] = size.width, size.depth
    if component == "spancat":
        spancat = cfg["components"]["spancat"]
        spancat["suggester"] = {"@misc": SUGGESTER, "sizes": list(ngram_sizes)}
        spancat["model"]["reducer"]["hidden_size"] = size.hidden
    if base:
        check_base(base)
        # The base's own tok2vec (its width wins over ours); listeners find it by name.
        cfg["components"]["tok2vec"] = {"source": base}
        cfg["components"][component]["model"]["tok2vec"]["width"] = _base_width(base)
    return Config(cfg)


def _base_width(base: str) -> int:
    import spacy

    nlp = spacy.load(base)
    if "tok2vec" not in nlp.pipe_names:
        raise GlossatorError(f"base pipeline {base!r} has no tok2vec component to build on")
    return int(nlp.get_pipe("tok2vec").model.get_dim("nO"))


def write_config(config: Config, path: Path, train: Path | None = None, dev: Path | None = None) -> Path:
    """Write config.cfg; relative data paths are the ones a user passes to `spacy train` anyway."""
    if train is not None:
        config["paths"]["train"] = str(train)
    if dev is not None:
        config["paths"]["dev"] = str(dev)
    path.parent.mkdir(parents=True, exist_ok=True)
    config.to_disk(path)
    return path
