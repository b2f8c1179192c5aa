"""Registry use cases: add, alias, merge, import, seed, list, show, and undo.

Each public writer is one transaction, logs one event and returns a
RegistryEdit: what it added, removed or moved, so that `undo(store, edit)`
(another single transaction, also logged) takes it back and returns what it
removed. Seeded states have stable ids `iso3166:XX`; actors people create get
a uuid hex.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from ..errors import NotFoundError, ValidationError
from ..tables import ActorAliasRow, ActorRow, SpanActorRow, new_uid, utcnow
from ..services import bulk, events
from ..services.rows import current_annotator
from ..store import Store
from .normalise import normalise

log = logging.getLogger(__name__)

KINDS = ("person", "organization", "state", "group")
STATE_PREFIX = "iso3166:"


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    external_ids: Mapping[str, Any] = field(default_factory=dict)
    notes: str = ""
    mentions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
                "external_ids": dict(self.external_ids), "notes": self.notes, "mentions": self.mentions}


@dataclass(frozen=True)
class RegistryEdit:
    """What one registry edit did; `undo` reverses exactly this."""

    action: str
    added_actors: tuple[str, ...] = ()
    added_aliases: tuple[tuple[str, str], ...] = ()        # (actor id, alias)
    removed_actors: tuple[dict, ...] = ()                   # whole actors with their aliases
    moved_links: tuple[tuple[int, str, str], ...] = ()      # (span id, from actor, to actor)
    added_links: tuple[int, ...] = ()                       # span ids whose link this edit made
    added_spans: tuple[int, ...] = ()                       # pending spans this edit made
    replaced_links: tuple[tuple[int, str | None, str | None], ...] = ()  # (span id, actor, status) before


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(f"unknown actor kind {kind!r} (use {', '.join(KINDS)})")
    return kind


# ---- helpers inside the caller's transaction -----------------------------------------


def _actor_row(s: Session, actor_id: str) -> ActorRow:
    row = s.get(ActorRow, actor_id)
    if row is None:
        raise NotFoundError(f"no actor {actor_id!r} in the registry")
    return row


def _aliases(s: Session, actor_id: str) -> list[str]:
    return list(s.exec(select(ActorAliasRow.alias).where(ActorAliasRow.actor_id == actor_id)
                       .order_by(ActorAliasRow.id)))


def _insert_actor(s: Session, actor_id: str, name: str, kind: str, aliases: Iterable[str],
                  external_ids: Mapping[str, Any] | None, notes: str) -> list[tuple[str, str]]:
    if not name.strip():
        raise ValidationError("an actor needs a name")
    if s.get(ActorRow, actor_id) is not None:
        raise ValidationError(f"actor {actor_id!r} already exists")
    now = utcnow()
    s.add(ActorRow(id=actor_id, name=name.strip(), kind=check_kind(kind), external_ids=dict(external_ids or {}),
                   notes=notes or "", created_at=now, updated_at=now))
    s.flush()
    added = []
    for alias in [name, *aliases]:
        if _add_alias_row(s, actor_id, alias):
            added.append((actor_id, alias.strip()))
    return added


def _add_alias_row(s: Session, actor_id: str, alias: str) -> bool:
    """Add an alias unless the actor has one with the same normalised form; True if added."""
    alias = alias.strip()
    key = normalise(alias)
    if not key:
        raise ValidationError(f"alias {alias!r} is empty once normalised")
    exists = s.exec(select(ActorAliasRow.id).where(ActorAliasRow.actor_id == actor_id,
                                                   ActorAliasRow.normalised == key)).first()
    if exists is not None:
        return False
    s.add(ActorAliasRow(actor_id=actor_id, alias=alias, normalised=key))
    s.flush()
    return True


def _snapshot(s: Session, row: ActorRow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "kind": row.kind, "external_ids": dict(row.external_ids or {}),
            "notes": row.notes, "aliases": _aliases(s, row.id)}


def _log(s: Session, action: str, target: str, after: Any = None, before: Any = None) -> None:
    events.record(s, action, target=target, before=before, after=after, annotator=current_annotator())


# ---- reading --------------------------------------------------------------------------


def _mentions(s: Session, ids: Sequence[str] | None = None) -> dict[str, int]:
    query = select(SpanActorRow.actor_id, func.count()).group_by(SpanActorRow.actor_id)
    if ids is not None:
        query = query.where(col(SpanActorRow.actor_id).in_(list(ids)))
    return dict(s.exec(query).all())


def list_actors(store: Store, *, kind: str | None = None, query: str | None = None) -> list[Actor]:
    """Every actor (sorted by name), optionally of one kind or with a name/alias containing `query`."""
    with store.session() as s:
        stmt = select(ActorRow).order_by(ActorRow.name, ActorRow.id)
        if kind:
            stmt = stmt.where(ActorRow.kind == check_kind(kind))
        rows = list(s.exec(stmt))
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in s.exec(select(ActorAliasRow.actor_id, ActorAliasRow.alias).order_by(ActorAliasRow.id)):
            aliases.setdefault(actor_id, []).append(alias)
        mentions = _mentions(s)
    found = []
    key = normalise(query) if query else None
    for row in rows:
        names = aliases.get(row.id, [])
        if key and not any(key in normalise(a) for a in [row.name, *names]):
            continue
        found.append(Actor(row.id, row.name, row.kind, tuple(names), dict(row.external_ids or {}), row.notes,
                           mentions.get(row.id, 0)))
    return found


def get_actor(store: Store, actor_id: str) -> Actor:
    with store.session() as s:
        row = _actor_row(s, actor_id)
        return Actor(row.id, row.name, row.kind, tuple(_aliases(s, row.id)), dict(row.external_ids or {}),
                     row.notes, _mentions(s, [row.id]).get(row.id, 0))


def alias_index(store: Store) -> dict[str, set[str]]:
    """{normalised alias: ids of the actors it may name}."""
    with store.session() as s:
        index: dict[str, set[str]] = {}
        for actor_id, key in s.exec(select(ActorAliasRow.actor_id, ActorAliasRow.normalised)):
            index.setdefault(key, set()).add(actor_id)
        return index


# ---- writing --------------------------------------------------------------------------


def add_actor(store: Store, name: str, kind: str, *, aliases: Iterable[str] = (), actor_id: str | None = None,
              external_ids: Mapping[str, Any] | None = None, notes: str = "") -> RegistryEdit:
    """A new actor (a uuid hex id unless given), its name being its first alias."""
    actor_id = actor_id or new_uid()
    with store.session(write=True) as s:
        added = _insert_actor(s, actor_id, name, kind, aliases, external_ids, notes)
        _log(s, "actor_add", f"actor:{actor_id}", after=_snapshot(s, _actor_row(s, actor_id)))
    return RegistryEdit("add", added_actors=(actor_id,), added_aliases=tuple(added))


def add_alias(store: Store, actor_id: str, alias: str) -> RegistryEdit:
    """Give an actor another name; an alias it already has (normalised) adds nothing."""
    with store.session(write=True) as s:
        _actor_row(s, actor_id)
        added = _add_alias_row(s, actor_id, alias)
        if added:
            _log(s, "actor_alias", f"actor:{actor_id}", after={"alias": alias.strip()})
    return RegistryEdit("alias", added_aliases=((actor_id, alias.strip()),) if added else ())


def add_actors(store: Store, actors: Sequence[Mapping[str, Any]], action: str = "import",
              skip_existing: bool = False) -> RegistryEdit:
    """Add many actors in one transaction and two bulk inserts (import, seed). Each mapping:
    name, kind, and optionally id, aliases, external_ids, notes. Existing ids are refused, or
    skipped with `skip_existing` (their new aliases are still added)."""
    with store.session(write=True) as s:
        return insert_actors(s, actors, action, skip_existing)


def insert_actors(s: Session, actors: Sequence[Mapping[str, Any]], action: str,
                  skip_existing: bool) -> RegistryEdit:
    """`add_actors` inside the caller's transaction (an import adds the actors its links name)."""
    added_actors: list[str] = []
    added_aliases: list[tuple[str, str]] = []
    now = utcnow()
    known = set(s.exec(select(ActorRow.id)))
    keys = set(s.exec(select(ActorAliasRow.actor_id, ActorAliasRow.normalised)).all())
    actor_rows, alias_rows = [], []
    for spec in actors:
        actor_id = spec.get("id") or new_uid()
        if actor_id in known:
            if not skip_existing:
                raise ValidationError(f"actor {actor_id!r} already exists")
        else:
            name = spec["name"].strip()
            if not name:
                raise ValidationError("an actor needs a name")
            actor_rows.append({"id": actor_id, "name": name, "kind": check_kind(spec["kind"]),
                               "external_ids": dict(spec.get("external_ids") or {}),
                               "notes": spec.get("notes") or "", "created_at": now, "updated_at": now})
            known.add(actor_id)
            added_actors.append(actor_id)
        names = [spec["name"]] if actor_id in added_actors[-1:] else []
        for alias in [*names, *spec.get("aliases", ())]:
            alias = alias.strip()
            key = normalise(alias)
            if key and (actor_id, key) not in keys:
                keys.add((actor_id, key))
                alias_rows.append({"actor_id": actor_id, "alias": alias, "normalised": key})
                added_aliases.append((actor_id, alias))
    bulk.insert_rows(s, ActorRow, actor_rows)
    bulk.insert_rows(s, ActorAliasRow, alias_rows)
    _log(s, f"actor_{action}", "actors", after={"actors": added_actors, "aliases": len(added_aliases)})
    return RegistryEdit(action, added_actors=tuple(added_actors), added_aliases=tuple(added_aliases))


def merge_actors(store: Store, keep: str, drop: str) -> RegistryEdit:
    """Merge `drop` into `keep`: its links move to `keep`, its name and aliases become
    aliases of `keep`, and `drop` leaves the registry. One transaction, undoable."""
    if keep == drop:
        raise ValidationError(f"cannot merge actor {keep!r} into itself")
    with store.session(write=True) as s:
        _actor_row(s, keep)
        gone = _snapshot(s, _actor_row(s, drop))
        spans = list(s.exec(select(SpanActorRow.span_id).where(SpanActorRow.actor_id == drop)))
        s.execute(update(SpanActorRow).where(col(SpanActorRow.actor_id) == drop).values(actor_id=keep))
        s.execute(delete(ActorAliasRow).where(col(ActorAliasRow.actor_id) == drop))
        s.execute(delete(ActorRow).where(col(ActorRow.id) == drop))
        added = [(keep, a) for a in [gone["name"], *gone["aliases"]] if _add_alias_row(s, keep, a)]
        _log(s, "actor_merge", f"actor:{keep}", before=gone, after={"into": keep, "links": len(spans)})
    return RegistryEdit("merge", added_aliases=tuple(added), removed_actors=(gone,),
                        moved_links=tuple((sid, drop, keep) for sid in spans))


def undo(store: Store, edit: RegistryEdit) -> dict[str, Any]:
    """Take back `edit` in one transaction; returns what it removed (actors, aliases,
    links, spans) and what it put back (actors, moved links)."""
    from ..tables import SpanRow

    with store.session(write=True) as s:
        removed = {"actors": [], "aliases": [], "links": [], "spans": [], "restored_actors": [], "moved_back": 0,
                   "kept_spans": [], "kept_links": []}
        if edit.added_links:  # a link accepted meanwhile is the analyst's decision: kept
            ids = list(edit.added_links)
            pending = set(s.exec(select(SpanActorRow.span_id).where(col(SpanActorRow.span_id).in_(ids),
                                                                    SpanActorRow.status == "pending")))
            removed["links"] = [i for i in ids if i in pending]
            removed["kept_links"] = [i for i in ids if i not in pending]
            s.execute(delete(SpanActorRow).where(col(SpanActorRow.span_id).in_(removed["links"])))
        if edit.added_spans:  # only suggestions still pending go; accepted or rejected ones stay
            ids = list(edit.added_spans)
            pending = set(s.exec(select(SpanRow.id).where(col(SpanRow.id).in_(ids), SpanRow.status == "pending")))
            removed["spans"] = [i for i in ids if i in pending]
            removed["kept_spans"] = [i for i in ids if i not in pending]
            s.execute(delete(SpanActorRow).where(col(SpanActorRow.span_id).in_(removed["spans"])))
            s.execute(delete(SpanRow).where(col(SpanRow.id).in_(removed["spans"])))
        for span_id, actor_id, status in edit.replaced_links:  # one decision: put back exactly what was
            s.execute(delete(SpanActorRow).where(col(SpanActorRow.span_id) == span_id))
            if actor_id is not None:
                s.add(SpanActorRow(span_id=span_id, actor_id=actor_id, status=status))
            removed["links"].append(span_id)
        s.flush()
        for actor_id, alias in edit.added_aliases:
            if actor_id in edit.added_actors:
                continue
            s.execute(delete(ActorAliasRow).where(col(ActorAliasRow.actor_id) == actor_id,
                                                  col(ActorAliasRow.normalised) == normalise(alias)))
            removed["aliases"].append([actor_id, alias])
        for gone in edit.removed_actors:
            _insert_actor(s, gone["id"], gone["name"], gone["kind"], gone["aliases"], gone["external_ids"],
                          gone["notes"])
            removed["restored_actors"].append(gone["id"])
        for span_id, before, after in edit.moved_links:
            done = s.execute(update(SpanActorRow).where(col(SpanActorRow.span_id) == span_id,
                                                        col(SpanActorRow.actor_id) == after)
                             .values(actor_id=before))
            removed["moved_back"] += done.rowcount or 0
        if edit.added_actors:
            ids = list(edit.added_actors)
            linked = s.exec(select(SpanActorRow.span_id).where(col(SpanActorRow.actor_id).in_(ids))).first()
            if linked is not None:
                raise ValidationError(f"cannot undo: span {linked} links to an actor this edit added; "
                                      "nothing was changed")
            s.execute(delete(ActorAliasRow).where(col(ActorAliasRow.actor_id).in_(ids)))
            s.execute(delete(ActorRow).where(col(ActorRow.id).in_(ids)))
            removed["actors"] = ids
        _log(s, "actor_undo", f"actors:{edit.action}", after=removed)
    return removed


# ---- seeding --------------------------------------------------------------------------


def _data_lines(name: str) -> list[list[str]]:
    text = (resources.files("resources") / "patterns" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def state_specs() -> list[dict[str, Any]]:
    """Every ISO 3166-1 state from pycountry: id iso3166:XX, common (else short) name,
    official and short names, curated news short forms and its capital as aliases."""
    import pycountry

    extra: dict[str, list[str]] = {}
    canonical: dict[str, str] = {}
    for code, alias, *flag in _data_lines("state_aliases.tsv"):
        extra.setdefault(code, []).append(alias)
        if flag == ["name"]:
            canonical[code] = alias
    for capital, code in _data_lines("capital_states.tsv"):
        extra.setdefault(code, []).append(capital)
    specs = []
    for country in pycountry.countries:
        code = country.alpha_2
        common = getattr(country, "common_name", None)
        names = [n for n in (common, country.name, getattr(country, "official_name", None)) if n]
        short = [n for n in extra.get(code, ()) if n]
        name = canonical.get(code) or common or country.name
        specs.append({"id": f"{STATE_PREFIX}{code}", "name": name, "kind": "state",
                      "aliases": [n for n in names + short if n != name],
                      "external_ids": {"iso3166": code, "iso3166_alpha3": country.alpha_3}})
    return specs


def seed_states(store: Store) -> RegistryEdit:
    """Add the states (ids iso3166:XX, the same in every store); states already there
    only gain aliases they lack. One transaction, undoable."""
    return add_actors(store, state_specs(), action="seed", skip_existing=True)


def same_name_candidates(store: Store) -> list[dict[str, Any]]:
    """Actors with different ids sharing a normalised name or alias: candidates for `actors merge`."""
    by_key: dict[str, set[str]] = {}
    for key, ids in alias_index(store).items():
        if len(ids) > 1:
            by_key[key] = ids
    return [{"name": key, "actors": sorted(ids)} for key, ids in sorted(by_key.items())]
