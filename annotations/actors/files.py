"""The registry in and out of files: CSV and JSONL, chosen by the file's suffix.

CSV columns: id, name, kind, aliases (separated by " | "), external_ids (a JSON
object), notes. JSONL: one object per line with the same keys (aliases a list).
An import is checked whole before anything is written; the first problem is
one line naming file, line and field. Exports replace the file atomically.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..store import Store
from .registry import KINDS, Actor, RegistryEdit, add_actors, list_actors

ALIAS_SEP = " | "
CSV_FIELDS = ("id", "name", "kind", "aliases", "external_ids", "notes")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".jsonl"):
        return suffix[1:]
    raise ValidationError(f"{path}: unknown registry file type {suffix or '(none)'!r} (use .csv or .jsonl)")


def _bad(path: Path, line: int, name: str, why: str) -> ValidationError:
    return ValidationError(f"{path}:{line}: field '{name}': {why}; nothing was imported")


def check_entry(path: Path, line: int, raw: dict[str, Any]) -> dict[str, Any]:
    """One registry entry (a CSV row or JSON object) checked and cleaned; ValidationError naming
    file, line and field. Also checks the entries export files carry (formats/actor_links.py)."""
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad(path, line, "name", "missing or empty")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _bad(path, line, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    aliases = raw.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|") if a.strip()]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _bad(path, line, "aliases", "not a list of strings")
    external = raw.get("external_ids") or {}
    if isinstance(external, str):
        try:
            external = json.loads(external)
        except ValueError:
            raise _bad(path, line, "external_ids", "not valid JSON") from None
    if not isinstance(external, dict):
        raise _bad(path, line, "external_ids", "not an object")
    actor_id = raw.get("id") or None
    if actor_id is not None and not isinstance(actor_id, str):
        raise _bad(path, line, "id", "not a string")
    notes = raw.get("notes") or ""
    if not isinstance(notes, str):
        raise _bad(path, line, "notes", "not a string")
    return {"id": actor_id, "name": name.strip(), "kind": kind, "aliases": aliases, "external_ids": external,
            "notes": notes}


def read_actors(path: Path) -> list[dict[str, Any]]:
    """The actors in a CSV or JSONL file, checked; raises ValidationError at the first problem."""
    fmt = _format(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path}: not UTF-8 text; nothing was imported") from None
    specs: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    if fmt == "jsonl":
        for line, raw in enumerate(text.splitlines(), 1):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw)
            except ValueError as exc:
                raise ValidationError(f"{path}:{line}: not valid JSON ({getattr(exc, 'msg', exc)}); "
                                      "nothing was imported") from None
            if not isinstance(item, dict):
                raise ValidationError(f"{path}:{line}: not a JSON object; nothing was imported")
            specs.append((line, check_entry(path, line, item)))
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = [f for f in ("name", "kind") if f not in (reader.fieldnames or ())]
        if missing:
            raise _bad(path, 1, missing[0], "no such column in the header")
        for row in reader:
            specs.append((reader.line_num, check_entry(path, reader.line_num, row)))
    for line, spec in specs:
        if spec["id"]:
            if spec["id"] in seen:
                raise _bad(path, line, "id", f"{spec['id']!r} already on line {seen[spec['id']]}")
            seen[spec["id"]] = line
    return [spec for _line, spec in specs]


def import_actors(store: Store, path: Path) -> RegistryEdit:
    """Add the file's actors in one transaction (actors already there by id gain their new aliases)."""
    return add_actors(store, read_actors(path), action="import", skip_existing=True)


def _row(actor: Actor) -> dict[str, str]:
    return {"id": actor.id, "name": actor.name, "kind": actor.kind,
            "aliases": ALIAS_SEP.join(a for a in actor.aliases if a != actor.name),
            "external_ids": json.dumps(dict(actor.external_ids), ensure_ascii=False, sort_keys=True),
            "notes": actor.notes}


def export_actors(store: Store, path: Path) -> int:
    """Write the registry to `path` (CSV or JSONL by suffix), replacing it atomically."""
    fmt = _format(path)
    actors = list_actors(store)
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_row(a) for a in actors)
    else:
        for a in actors:
            item = a.as_dict()
            item.pop("mentions")
            item["aliases"] = [x for x in a.aliases if x != a.name]
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return len(actors)
