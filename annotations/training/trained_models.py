"""Trained models kept IN the store (table `trained_model`, revision 0009), so
every client of a store finds them, a PostgreSQL team store included: the
spaCy pipeline folder packed as a gzip'd tar archive plus its metadata
(`glossator-model.json`: date, component, labels, documents used, data hash,
dev scores). Reading a model unpacks it once into the user's cache, keyed by
the archive's sha256. Models can also leave and enter a store as folders
(`models export` / `models import`, and the `model:DIR` suggester).

Release-1 stores kept models in a folder next to the store file
(`<store dir>/<store stem>.models/<name>/`); those are still listed and used
(read-only) until a model of the same name is saved in the store.

Knows nothing about how the models were trained.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from ..errors import GlossatorError, NotFoundError
from ..tables import TrainedModelRow

META_FILE = "glossator-model.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TABLE = TrainedModelRow.__table__


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


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise GlossatorError(f"model name {name!r} must be letters, digits, '.', '_' or '-' (no spaces or slashes)")
    return name


def info_from_dict(raw: dict[str, Any], where: str) -> ModelInfo:
    raw = dict(raw)
    raw["labels"] = tuple(raw.get("labels", ()))
    raw["train_documents"] = tuple(raw.get("train_documents", ()))
    raw["dev_documents"] = tuple(raw.get("dev_documents", ()))
    try:
        return ModelInfo(**raw)
    except TypeError as exc:
        raise GlossatorError(f"{where}: not a Glossator model description ({exc})") from None


def read_info(path: Path) -> ModelInfo:
    """The metadata of a model folder (`glossator-model.json`)."""
    meta = Path(path) / META_FILE
    try:
        raw = json.loads(meta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no trained Glossator model there ({META_FILE} missing)") from None
    except json.JSONDecodeError as exc:
        raise GlossatorError(f"{meta}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise GlossatorError(f"{meta}:1: not a Glossator model description (a JSON object is expected)")
    return info_from_dict(raw, str(meta))


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


# ---- folders next to a store file (release 1, read-only now) ---------------

def legacy_models_dir(store) -> Path | None:
    """Where a release-1 store kept its models: `<store dir>/<stem>.models`, or None (no file)."""
    path = getattr(store, "path", None)
    return None if path is None else Path(path).parent / f"{Path(path).stem}.models"


def _legacy_models(store) -> dict[str, tuple[Path, ModelInfo]]:
    root = legacy_models_dir(store)
    if root is None or not root.is_dir():
        return {}
    found = {}
    for folder in root.iterdir():
        if (folder / META_FILE).is_file():
            info = read_info(folder)
            found[info.name] = (folder, info)
    return found


# ---- the store's table -----------------------------------------------------

def _pack(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as tar:
        for path in sorted(Path(folder).rglob("*")):
            if path.name == META_FILE or path.is_symlink():
                continue
            tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    return buffer.getvalue()


def save_model(store, pipeline_dir: Path, info: ModelInfo) -> None:
    """Keep a trained pipeline in the store as `info.name`, replacing an older model of
    that name in the same transaction (the new one gets a new id)."""
    check_name(info.name)
    archive = _pack(Path(pipeline_dir))
    with store.transaction() as conn:
        conn.execute(delete(_TABLE).where(_TABLE.c.name == info.name))
        conn.execute(insert(_TABLE).values(
            name=info.name, info=asdict(info), archive=archive,
            sha256=hashlib.sha256(archive).hexdigest(), size=len(archive)))


def _stored_infos(store) -> dict[str, ModelInfo]:
    with store.session() as session:
        rows = session.connection().execute(select(_TABLE.c.name, _TABLE.c.info)).all()
    return {name: info_from_dict(raw, f"{store.location}: model {name!r}") for name, raw in rows}


def list_models(store) -> list[ModelInfo]:
    """Models of this store (kept in it, then release-1 folders next to it), newest first."""
    found = {name: info for name, (_, info) in _legacy_models(store).items()}
    found.update(_stored_infos(store))
    return sorted(found.values(), key=lambda m: m.created, reverse=True)


def cache_root() -> Path:
    """Where stored models are unpacked (GLOSSATOR_MODEL_CACHE, else the user's cache folder)."""
    configured = os.environ.get("GLOSSATOR_MODEL_CACHE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_path

    return user_cache_path("glossator", appauthor=False) / "models"


def _unpacked(sha256: str, archive: bytes, info: ModelInfo) -> Path:
    """The archive unpacked into the cache (once per sha256), with its metadata file."""
    root = cache_root()
    target = root / sha256
    if (target / META_FILE).is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    staging = Path(tempfile.mkdtemp(prefix=f".{sha256[:12]}.", dir=root))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            tar.extractall(staging, filter="data")
        (staging / META_FILE).write_text(json.dumps(asdict(info), indent=2, ensure_ascii=False), encoding="utf-8")
        make_private(staging)
        try:
            staging.rename(target)
        except OSError:  # another process unpacked the same model meanwhile
            if not (target / META_FILE).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def get_model(store, name: str) -> tuple[Path, ModelInfo]:
    """A model's pipeline folder (unpacked from the store into the cache) and its metadata."""
    check_name(name)
    with store.session() as session:
        row = session.connection().execute(
            select(_TABLE.c.info, _TABLE.c.archive, _TABLE.c.sha256).where(_TABLE.c.name == name)).first()
    if row is not None:
        info = info_from_dict(row.info, f"{store.location}: model {name!r}")
        return _unpacked(row.sha256, bytes(row.archive), info), info
    legacy = _legacy_models(store)
    if name in legacy:
        return legacy[name]
    known = ", ".join(m.name for m in list_models(store)) or "none"
    raise NotFoundError(f"no trained model {name!r} in {store.location} (trained: {known})")


def delete_model(store, name: str) -> None:
    """Remove a model kept in the store (a release-1 folder is left alone)."""
    check_name(name)
    with store.transaction() as conn:
        gone = conn.execute(delete(_TABLE).where(_TABLE.c.name == name)).rowcount
    if not gone:
        raise NotFoundError(f"no trained model {name!r} kept in {store.location}")


# ---- folders in and out ----------------------------------------------------

def export_model(store, name: str, out_dir: Path) -> Path:
    """Write model `name` as a self-contained folder (the spaCy pipeline plus
    `glossator-model.json`), usable as suggester `model:OUT_DIR` with any store.
    A folder holding an earlier export is replaced atomically; any other
    non-empty folder is refused."""
    source, _ = get_model(store, name)
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / META_FILE).is_file())):
        raise GlossatorError(f"{out_dir}: exists and is not an earlier model export; choose an empty or new folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True)
        make_private(staging)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            os.rmdir(old)
            out_dir.rename(old)
            staging.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def check_model_folder(folder: Path) -> ModelInfo:
    """The metadata of an exported model folder, after checking it holds a spaCy pipeline."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFoundError(f"{folder}: no such folder")
    info = read_info(folder)
    if not (folder / "config.cfg").is_file():
        raise GlossatorError(f"{folder}: config.cfg missing, so this is not a spaCy pipeline folder")
    return info


def import_model(store, folder: Path, name: str | None = None) -> ModelInfo:
    """Keep an exported model folder in the store (as `name`, default its own name)."""
    info = check_model_folder(folder)
    if name:
        info = replace(info, name=check_name(name))
    save_model(store, folder, info)
    return info


def training_dir(store, name: str) -> Path:
    """Where the desktop keeps a training run's DocBins, config and checkpoints:
    next to a store file, else (a server store) in the user's cache."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(path).parent / f"{Path(path).stem}.training" / check_name(name)
    key = hashlib.sha256(store.location.encode("utf-8")).hexdigest()[:16]
    return cache_root().parent / "training" / key / check_name(name)
