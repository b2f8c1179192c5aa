"""Team roles on a PostgreSQL store: who may connect and write what.

On PostgreSQL the annotator *is* the database role (`session_user`). Every
annotator is a login role that is a member of `glossator_annotator` (table
privileges); leads are also members of `glossator_lead`, who may assign,
curate and write any layer, `gold` included. What each role may write is
enforced in the database by migration 0007 (row-level security on new rows,
triggers on updates and deletions of another annotator's rows).

The role that ran `glossator init` owns the tables and, like superusers,
is not bound by row-level security (it is not FORCEd): use it for set-up,
upgrades and as a lead, never as an annotator's login. Creating roles needs
CREATEROLE (or a superuser); the equivalent SQL is in the README ("Team").
"""
from __future__ import annotations

import logging
import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import ValidationError

log = logging.getLogger(__name__)

ANNOTATOR_ROLE = "glossator_annotator"
LEAD_ROLE = "glossator_lead"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")
#: Tables an annotator writes (what a row of theirs may be is the database's guard, migration 0007).
_WRITTEN = ("document", "span", "relation", "document_status", "assignment", "actor", "actor_alias", "span_actor",
            "store_seen", "flag", "trained_model")
#: Tables only a lead changes (the label schema and store information).
_LEAD_WRITTEN = ("label", "glossator_info")


def check_role_name(name: str) -> str:
    """A role name that needs no quoting (lower case letters, digits, _), so it is also the annotator name."""
    if not _NAME.match(name or ""):
        raise ValidationError(f"{name!r} cannot be an annotator's database role: use lower-case letters, digits "
                              "and _ (starting with a letter or _), at most 63")
    if name in (ANNOTATOR_ROLE, LEAD_ROLE, "gold", "public"):
        raise ValidationError(f"{name!r} is reserved; choose another name for the annotator")
    return name


def ensure_team_roles(conn: Connection) -> None:
    """Create the two group roles if missing and grant them what they need on this store."""
    for role in (ANNOTATOR_ROLE, LEAD_ROLE):
        conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
                          f"CREATE ROLE {role} NOLOGIN; END IF; END $$"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {ANNOTATOR_ROLE}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ANNOTATOR_ROLE}"))
    conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(_WRITTEN)} TO {ANNOTATOR_ROLE}"))
    conn.execute(text(f"GRANT INSERT ON event TO {ANNOTATOR_ROLE}"))  # append-only: triggers refuse the rest
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ANNOTATOR_ROLE}"))
    conn.execute(text(f"GRANT {ANNOTATOR_ROLE} TO {LEAD_ROLE}"))
    conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(_LEAD_WRITTEN)} TO {LEAD_ROLE}"))


def add_team_member(conn: Connection, name: str, *, lead: bool = False) -> bool:
    """Make `name` a login role of the team (an annotator, or a lead); True if the role is new.
    No password is set: the server's authentication (pg_hba.conf, ~/.pgpass, PGPASSWORD) decides."""
    check_role_name(name)
    ensure_team_roles(conn)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None
    if not exists:
        conn.execute(text(f"CREATE ROLE {name} LOGIN"))
    conn.execute(text(f"GRANT {ANNOTATOR_ROLE} TO {name}"))
    if lead:
        conn.execute(text(f"GRANT {LEAD_ROLE} TO {name}"))
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {name}'))
    return not exists


def members(conn: Connection) -> list[tuple[str, bool]]:
    """(role, is lead) of every member of the team roles."""
    rows = conn.execute(text(
        "SELECT m.rolname, bool_or(g.rolname = :lead) FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname IN (:ann, :lead) AND m.rolname <> :lead "
        "GROUP BY m.rolname ORDER BY m.rolname"), {"ann": ANNOTATOR_ROLE, "lead": LEAD_ROLE}).all()
    return [(r[0], bool(r[1])) for r in rows]
