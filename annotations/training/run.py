"""Training with spaCy's own loop (`spacy.training.loop.train_while_improving`),
on the CPU, with a progress callback and cancellation through a
threading.Event checked between steps; then per-label P/R/F1 on the dev split.

`train_from_store` is the whole use case (data → config → train → keep the
model with the store); the CLI and the desktop worker both call it.
"""
from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import GlossatorError
from ..store import Store
from . import components
from .config import DEFAULT_SIZE, ModelSize, build_config, check_base, write_config
from .data import TrainingData, prepare_data
from .trained_models import ModelInfo, check_name, make_private, save_model

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (epochs done, epochs in all)
SCORES_FILE = "scores.json"
COMPONENTS_FILE = "glossator_components.py"


class TrainingCancelled(GlossatorError):
    """The user cancelled; nothing was kept."""


@dataclass(frozen=True)
class TrainResult:
    pipeline_dir: Path
    scores: dict[str, Any]
    epochs: int
    steps: int
    seconds: float


def _score_keys(component: str) -> tuple[str, str]:
    return ("ents", "ents_per_type") if component == "ner" else ("spans_sc", "spans_sc_per_type")


def label_scores(raw: dict[str, Any], component: str) -> dict[str, Any]:
    """spaCy's scorer output → {"p", "r", "f", "labels": {label: {"p", "r", "f"}}} (0–1)."""
    prefix, per_type = _score_keys(component)
    return {
        "p": float(raw.get(f"{prefix}_p") or 0.0),
        "r": float(raw.get(f"{prefix}_r") or 0.0),
        "f": float(raw.get(f"{prefix}_f") or 0.0),
        "labels": {
            label: {k: float(v.get(k) or 0.0) for k in ("p", "r", "f")}
            for label, v in sorted((raw.get(per_type) or {}).items())
        },
    }


def train_pipeline(
    config_path: Path,
    output_dir: Path,
    *,
    component: str,
    overrides: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> TrainResult:
    """Train the config into OUTPUT_DIR/model-best (and model-last); write dev scores there."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import (
        create_before_to_disk_callback, create_evaluation_callback, create_train_batches,
        train_while_improving, update_meta,
    )
    from spacy.schemas import ConfigSchemaTraining
    from spacy.util import load_config, registry, resolve_dot_names
    from thinc.api import fix_random_seed

    assert components.SUGGESTER  # the import registers the suggester with spaCy
    started = time.perf_counter()
    config = load_config(config_path, overrides=overrides or {}, interpolate=False)
    nlp = init_nlp(config, use_gpu=-1)
    config = nlp.config.interpolate()
    fix_random_seed(config["training"]["seed"])
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
    evaluate = create_evaluation_callback(nlp, dev_corpus, T["score_weights"])
    to_disk = create_before_to_disk_callback(T["before_to_disk"])
    steps = train_while_improving(
        nlp, T["optimizer"], create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]), evaluate,
        dropout=T["dropout"], accumulate_gradient=T["accumulate_gradient"], patience=T["patience"],
        max_steps=T["max_steps"], eval_frequency=T["eval_frequency"], exclude=T["frozen_components"],
        annotating_components=T["annotating_components"], before_update=T["before_update"],
    )
    total, best_dir, last_dir = T["max_epochs"], output_dir / "model-best", output_dir / "model-last"
    shutil.rmtree(best_dir, ignore_errors=True)
    best_score, info = None, {"epoch": 0, "step": 0}
    for _batch, info, is_best in steps:
        if cancel is not None and cancel.is_set():
            shutil.rmtree(best_dir, ignore_errors=True)
            raise TrainingCancelled("training cancelled; no model was kept")
        if is_best:
            update_meta(T, nlp, info)
            to_disk(nlp).to_disk(best_dir)
            best_score = info["score"]
        if progress is not None:
            progress(min(info["epoch"], total), total)
    # The loop ends without a last evaluation: score the final weights and keep them if better.
    final_score, _ = evaluate()
    to_disk(nlp).to_disk(last_dir)
    if best_score is None or final_score >= best_score:
        shutil.rmtree(best_dir, ignore_errors=True)
        shutil.copytree(last_dir, best_dir)
    import spacy

    best = spacy.load(best_dir)
    scores = label_scores(best.evaluate(list(dev_corpus(best))), component)
    (best_dir / SCORES_FILE).write_text(json.dumps(scores, indent=2), encoding="utf-8")
    if progress is not None:
        progress(total, total)
    return TrainResult(best_dir, scores, int(info["epoch"]), int(info["step"]), time.perf_counter() - started)


@dataclass(frozen=True)
class TrainOptions:
    component: str = "spancat"
    base: str | None = None
    epochs: int = 30
    dev_split: float = 0.2
    seed: int = 0
    name: str | None = None
    size: ModelSize = DEFAULT_SIZE


def prepare_training_dir(
    store: Store,
    out_dir: Path,
    options: TrainOptions,
    document_ids: Iterable[int] | None = None,
    dev_document_ids: Iterable[int] | None = None,
) -> TrainingData:
    """OUT_DIR with train.spacy, dev.spacy, config.cfg and the components file: all `spacy train` needs."""
    out_dir = Path(out_dir)
    if options.base:
        check_base(options.base)  # before anything is written
    data = prepare_data(store, out_dir, component=options.component, dev_split=options.dev_split,
                        seed=options.seed, document_ids=document_ids, dev_document_ids=dev_document_ids)
    config = build_config(component=options.component, ngram_sizes=data.ngram_sizes,
                          language=store.schema.language, epochs=options.epochs, seed=options.seed,
                          base=options.base, size=options.size)
    write_config(config, out_dir / "config.cfg", Path("train.spacy"), Path("dev.spacy"))
    shutil.copyfile(components.__file__, out_dir / COMPONENTS_FILE)
    return data


def train_from_store(
    store: Store,
    out_dir: Path,
    options: TrainOptions = TrainOptions(),
    *,
    document_ids: Iterable[int] | None = None,
    dev_document_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[ModelInfo, TrainingData]:
    """Check and export the data, train, and keep the model as `trained:<name>` with the store."""
    out_dir = Path(out_dir)
    name = check_name(options.name or out_dir.resolve().name)
    data = prepare_training_dir(store, out_dir, options, document_ids, dev_document_ids)
    overrides = {"paths.train": str(data.train_path), "paths.dev": str(data.dev_path)}
    result = train_pipeline(out_dir / "config.cfg", out_dir, component=options.component,
                            overrides=overrides, progress=progress, cancel=cancel)
    info = ModelInfo(
        name=name,
        created=datetime.now().isoformat(timespec="seconds"),
        component=options.component,
        labels=data.labels,
        train_documents=data.train_documents,
        dev_documents=data.dev_documents,
        data_hash=data.data_hash,
        scores=result.scores,
        epochs=result.epochs,
        base=options.base,
        seconds=round(result.seconds, 1),
        extra={"ngram_sizes": list(data.ngram_sizes), "sentence_labels": list(data.sentence_labels),
               "steps": result.steps, "training_dir": str(out_dir.resolve())},
    )
    make_private(out_dir)  # the training DocBins, checkpoints and vocabulary hold article text
    save_model(store, result.pipeline_dir, info)
    log.info("trained %s in %.1f s: dev F1 %.3f", name, result.seconds, result.scores["f"])
    return info, data
