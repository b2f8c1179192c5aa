"""Merging the actor registry (revision 0006): actors by id (seeded states have
stable ids such as `iso3166:RU`, the same in every store; people-made actors
have uuids), their aliases by (actor, normalised form), and span links by the
span's uid. A changed actor keeps the later version. Actors with the same name
but different ids are reported as candidates for `glossator actors merge`."""
from __future__ import annotations

from sqlalchemy import insert, text as sql, update

from ...tables import ActorAliasRow, ActorRow, SpanActorRow
from .context import MergeContext
from .values import _stamp, json_value, naive

_ACTOR_FIELDS = ("name", "kind", "external_ids", "notes")


def read_registry(conn) -> tuple[list[dict], list[dict], list[dict]]:
    actors = [{"id": r[0], "name": r[1], "kind": r[2], "external_ids": json_value(r[3]) or {}, "notes": r[4] or "",
               "created_at": _stamp(r[5]), "updated_at": _stamp(r[6])}
              for r in conn.execute(sql("SELECT id, name, kind, external_ids, notes, created_at, updated_at "
                                        "FROM actor ORDER BY id"))]
    aliases = [{"actor_id": r[0], "alias": r[1], "normalised": r[2]}
               for r in conn.execute(sql("SELECT actor_id, alias, normalised FROM actor_alias ORDER BY id"))]
    links = [{"span": r[0], "actor_id": r[1], "status": r[2], "score": r[3]}
             for r in conn.execute(sql("SELECT s.uid, l.actor_id, l.status, l.score FROM span_actor l "
                                       "JOIN span s ON s.id = l.span_id"))]
    return actors, aliases, links


def merge_registry(ctx: MergeContext) -> None:
    src, conn = ctx.src, ctx.conn
    if not (src.actors or src.links):
        return
    target_actors, target_aliases, _links = read_registry(conn)
    have = {a["id"]: a for a in target_actors}
    table = ActorRow.__table__
    for actor in src.actors:
        mine = have.get(actor["id"])
        if mine is None:
            conn.execute(insert(table).values(**naive({k: actor[k] for k in ("id", *_ACTOR_FIELDS, "created_at",
                                                                             "updated_at")})))
            ctx.report.actors_added += 1
        elif any(mine[k] != actor[k] for k in _ACTOR_FIELDS) and actor["updated_at"] and mine["updated_at"] \
                and actor["updated_at"] > mine["updated_at"]:
            conn.execute(update(table).where(table.c.id == actor["id"]).values(
                **naive({k: actor[k] for k in (*_ACTOR_FIELDS, "updated_at")})))
            ctx.report.actors_updated += 1
        have[actor["id"]] = dict(actor)
    known = {(a["actor_id"], a["normalised"]) for a in target_aliases}
    new_aliases = [a for a in src.aliases if (a["actor_id"], a["normalised"]) not in known and a["actor_id"] in have]
    for alias in new_aliases:
        conn.execute(insert(ActorAliasRow.__table__).values(**alias))
        known.add((alias["actor_id"], alias["normalised"]))
    _links_in(ctx, have)
    _candidates(ctx, have.values())


def _links_in(ctx: MergeContext, actors: dict) -> None:
    if not ctx.src.links:
        return
    span_ids = dict(ctx.conn.execute(sql("SELECT uid, id FROM span")).all())
    linked = set(ctx.conn.execute(sql("SELECT span_id FROM span_actor")).scalars())
    for link in ctx.src.links:
        span_id = span_ids.get(link["span"])
        if span_id is None or span_id in linked or link["actor_id"] not in actors:
            continue
        ctx.conn.execute(insert(SpanActorRow.__table__).values(span_id=span_id, actor_id=link["actor_id"],
                                                                status=link["status"], score=link["score"]))
        linked.add(span_id)
        ctx.report.links_added += 1


def _candidates(ctx: MergeContext, actors) -> None:
    by_name: dict[str, list[str]] = {}
    for actor in actors:
        by_name.setdefault(" ".join(actor["name"].casefold().split()), []).append(actor["id"])
    for name, ids in sorted(by_name.items()):
        if len(ids) > 1:
            line = (f"candidate: actors {', '.join(sorted(ids))} are all named {name!r}; if they are one, "
                    f"glossator actors merge {sorted(ids)[0]} {sorted(ids)[1]}")
            if line not in ctx.report.candidates:
                ctx.report.candidates.append(line)
