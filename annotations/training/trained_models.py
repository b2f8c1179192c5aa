"""Trained models kept with the store: `<store dir>/<store stem>.models/<name>/`
holds the spaCy pipeline plus `glossator-model.json` (date, component,
labels, documents used, data hash, dev scores). Lists, reads and replaces
them; knows nothing about how they were trained."""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GlossatorError, NotFoundError

META_FILE = "glossator-model.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ModelInfo:
    name: str
    created: str  # ISO date-time, local
    component: str
    labels: tuple[str, ...]
    train_documents: tuple[int, ...]
    dev_documents: tuple[int, ...]
    data_hash: str
    scores: dict[str, Any]  # {"p","r","f", "labels": {label: {"p","r","f"}}}
    epochs: int
    base: str | None = None
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """What suggestions made with this model record as suggester_version."""
        return f"{self.created}:{self.data_hash[:12]}"


def models_dir(store_path: Path) -> Path:
    store_path = Path(store_path)
    return store_path.parent / f"{store_path.stem}.models"


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise GlossatorError(f"model name {name!r} must be letters, digits, '.', '_' or '-' (no spaces or slashes)")
    return name


def model_path(store_path: Path, name: str) -> Path:
    return models_dir(store_path) / check_name(name)


def read_info(path: Path) -> ModelInfo:
    try:
        raw = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no trained Glossator model there ({META_FILE} missing)") from None
    except json.JSONDecodeError as exc:
        raise GlossatorError(f"{path / META_FILE}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    raw["labels"] = tuple(raw.get("labels", ()))
    raw["train_documents"] = tuple(raw.get("train_documents", ()))
    raw["dev_documents"] = tuple(raw.get("dev_documents", ()))
    return ModelInfo(**raw)


def get_model(store_path: Path, name: str) -> tuple[Path, ModelInfo]:
    path = model_path(store_path, name)
    if not path.is_dir():
        known = ", ".join(m.name for m in list_models(store_path)) or "none"
        raise NotFoundError(f"no trained model {name!r} for {store_path} (trained: {known})")
    return path, read_info(path)


def list_models(store_path: Path) -> list[ModelInfo]:
    """Models of this store, newest first; folders without metadata are skipped."""
    root = models_dir(store_path)
    if not root.is_dir():
        return []
    found = [read_info(p) for p in root.iterdir() if (p / META_FILE).is_file()]
    return sorted(found, key=lambda m: m.created, reverse=True)


def make_private(root: Path) -> None:
    """Owner-only permissions on a folder tree (folders 0700, files 0600): a trained
    pipeline's vocabulary and the training DocBins hold article text."""
    root = Path(root)
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, 0o700)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


def save_model(store_path: Path, pipeline_dir: Path, info: ModelInfo) -> Path:
    """Copy a trained pipeline in as `info.name`, replacing an older one only once the copy is complete."""
    target = model_path(store_path, info.name)
    staging = target.with_name(f".{info.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(pipeline_dir, staging)
    (staging / META_FILE).write_text(json.dumps(asdict(info), indent=2, ensure_ascii=False), encoding="utf-8")
    make_private(staging)
    if target.exists():
        old = target.with_name(f".{info.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
    return target


def training_dir(store_path: Path, name: str) -> Path:
    """Where the desktop keeps a training run's DocBins, config and checkpoints."""
    store_path = Path(store_path)
    return store_path.parent / f"{store_path.stem}.training" / check_name(name)
