"""Merging what travels beside the annotations: flags with their notes
(revision 0008) and trained models (revision 0009), so that a backup holds
them and a laptop round trip brings them back.

- Flags by uid: a flag the target lacks is added (on the target's copy of its
  document and span); one whose kind or note differs takes the source's; a
  flag the source removed (its `unflag` event names the uid, and it was not
  put back) is removed from the target too.
- Models by name: one the target lacks is copied; when both hold a model of
  that name with different contents, the newer (by its training date) is
  kept and the report says which.
"""
from __future__ import annotations

from sqlalchemy import delete, insert, select, text as sql, update

from ...tables import FlagRow, SpanRow, TrainedModelRow
from .context import MergeContext
from .values import _stamp, json_value, naive

_FLAGS = FlagRow.__table__
_MODELS = TrainedModelRow.__table__
_SPANS = SpanRow.__table__
_FLAG_SQL = sql('SELECT f.uid, f.document_id, s.uid, f.start, f."end", f.label, f.kind, f.note, f.annotator, '
                "f.created_at FROM flag f LEFT JOIN span s ON s.id = f.span_id ORDER BY f.id")


def read_flags(conn) -> tuple[list[dict], set[str]]:
    """The source's flags, and the uids of flags it removed (and did not put back)."""
    flags = [{"uid": r[0], "document_id": r[1], "span": r[2], "start": r[3], "end": r[4], "label": r[5],
              "kind": r[6], "note": r[7], "annotator": r[8], "created_at": _stamp(r[9])}
             for r in conn.execute(_FLAG_SQL)]
    present = {f["uid"] for f in flags}
    removed = set()
    for (before,) in conn.execute(sql("SELECT before FROM event WHERE action = 'unflag' ORDER BY id")):
        uid = (json_value(before) or {}).get("uid")
        if uid and uid not in present:
            removed.add(uid)
    return flags, removed


def read_models(conn) -> list[dict]:
    return [{"name": r[0], "info": json_value(r[1]), "archive": bytes(r[2]), "sha256": r[3], "size": r[4],
             "created_at": _stamp(r[5])}
            for r in conn.execute(select(_MODELS.c.name, _MODELS.c.info, _MODELS.c.archive, _MODELS.c.sha256,
                                         _MODELS.c.size, _MODELS.c.created_at).order_by(_MODELS.c.id))]


def merge_flags(ctx: MergeContext) -> None:
    src, conn = ctx.src, ctx.conn
    if not (src.flags or src.removed_flags):
        return
    have = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(sql("SELECT uid, kind, note, id FROM flag"))}
    wanted = sorted({f["span"] for f in src.flags if f["span"]})
    span_ids = dict(conn.execute(select(_SPANS.c.uid, _SPANS.c.id).where(_SPANS.c.uid.in_(wanted))).all()) \
        if wanted else {}  # only the flagged spans, not every span of the target
    for flag in src.flags:
        doc = ctx.doc_ids.get(flag["document_id"])
        if doc is None:
            continue
        mine = have.get(flag["uid"])
        if mine is None:
            conn.execute(insert(_FLAGS).values(**naive(dict(
                uid=flag["uid"], document_id=doc, span_id=span_ids.get(flag["span"]), start=flag["start"],
                end=flag["end"], label=flag["label"], kind=flag["kind"], note=flag["note"],
                annotator=flag["annotator"], created_at=flag["created_at"]))))
            ctx.log("flag", doc, f"flag:{flag['uid'][:8]}", None, {"uid": flag["uid"], "kind": flag["kind"],
                    "note": flag["note"], "from": src.name}, flag["annotator"], flag["created_at"])
            ctx.report.flags_added += 1
        elif (mine[0], mine[1]) != (flag["kind"], flag["note"]):
            conn.execute(update(_FLAGS).where(_FLAGS.c.uid == flag["uid"]).values(kind=flag["kind"],
                                                                                   note=flag["note"]))
            ctx.log("edit_flag", doc, f"flag:{mine[2]}", {"uid": flag["uid"], "kind": mine[0], "note": mine[1]},
                    {"uid": flag["uid"], "kind": flag["kind"], "note": flag["note"], "from": src.name},
                    flag["annotator"], None)
            ctx.report.flags_updated += 1
    for uid in sorted(src.removed_flags & set(have)):
        kind, note, flag_id = have[uid]
        conn.execute(delete(_FLAGS).where(_FLAGS.c.uid == uid))
        ctx.log("unflag", None, f"flag:{flag_id}", {"uid": uid, "kind": kind, "note": note},
                {"from": src.name}, None, None)
        ctx.report.flags_removed += 1


def merge_models(ctx: MergeContext) -> None:
    if not ctx.src.models:
        return
    conn = ctx.conn
    have = {r[0]: (r[1], json_value(r[2]) or {}) for r in conn.execute(sql("SELECT name, sha256, info FROM trained_model"))}
    for model in ctx.src.models:
        mine = have.get(model["name"])
        if mine is not None and (mine[0] == model["sha256"] or
                                 str(mine[1].get("created", "")) >= str(model["info"].get("created", ""))):
            if mine[0] != model["sha256"]:
                ctx.report.conflicts.append(
                    f"conflict: model {model['name']!r} differs in {ctx.src.name}; kept the newer one in "
                    f"{ctx.target_name} (trained {mine[1].get('created')})")
            continue
        if mine is not None:
            conn.execute(delete(_MODELS).where(_MODELS.c.name == model["name"]))
            ctx.report.conflicts.append(
                f"conflict: model {model['name']!r} differs in {ctx.src.name}; took its newer one "
                f"(trained {model['info'].get('created')})")
        conn.execute(insert(_MODELS).values(**naive({k: model[k] for k in
                                                     ("name", "info", "archive", "sha256", "size", "created_at")})))
        ctx.log("model", None, f"model:{model['name']}", None, {"name": model["name"], "sha256": model["sha256"],
                "from": ctx.src.name}, None, None)
        ctx.report.models_added += 1
