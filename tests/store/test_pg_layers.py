"""On PostgreSQL the annotator is the database role: the database refuses
writes to another annotator's layer (row-level security and triggers,
migration 0007), members of glossator_lead may write any layer and gold, and
`glossator team add-annotator` makes the roles. Real roles on the test server."""
from __future__ import annotations

import uuid

import psycopg
import pytest

from annotations.actors.registry import add_actor
from annotations.errors import StoreError
from annotations.services import add_span, delete_span, get_spans, import_records, relabel_span, set_status
from annotations.services.assignments import assign
from annotations.services.review import accept
from annotations.store import Store
from annotations.types import DocumentRecord


def as_role(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[1]}"


@pytest.fixture
def team(postgres_server, postgres_url, cli):
    """A store made by the superuser with two annotators and a lead, each a real login role."""
    tag = uuid.uuid4().hex[:8]
    names = {"ana": f"ana_{tag}", "ben": f"ben_{tag}", "lead": f"lead_{tag}"}
    code, _out, err = cli("--store", postgres_url, "init")
    assert code == 0, err
    for key, role in names.items():
        code, out, err = cli("--store", postgres_url, "team", "add-annotator", role, *(["--lead"] if key == "lead"
                                                                                      else []))
        assert code == 0, err
    with Store.open(postgres_url) as store:
        [doc] = import_records(store, [DocumentRecord(text="Chile said 40 people left Santiago.", title="t")]) \
            .document_ids
        add_span(store, doc, 0, 5, "ACTOR", annotator=names["ben"])
        add_span(store, doc, 11, 13, "FIGURE", status="pending", origin="suggestion", suggester="rules",
                 annotator=names["lead"])
    yield {key: (role, as_role(postgres_url, role)) for key, role in names.items()} | {"doc": doc, "url": postgres_url}
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for role in names.values():
            admin.execute(f"DROP OWNED BY {role}")
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        for role in names.values():
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def test_an_annotator_writes_only_their_own_layer(team):
    (ana, ana_url), (ben, _) = team["ana"], team["ben"]
    doc = team["doc"]
    with Store.open(ana_url) as store:
        add_span(store, doc, 26, 34, "ACTOR", annotator=ana)  # my layer: fine
        [bens] = [sp for sp in get_spans(store, doc) if sp.annotator == ben]
        for write in (lambda: add_span(store, doc, 18, 24, "ACTOR", annotator=ben),
                      lambda: add_span(store, doc, 18, 24, "ACTOR", annotator="gold"),
                      lambda: relabel_span(store, bens.id, "FIGURE", annotator=ana),
                      lambda: delete_span(store, bens.id, annotator=ana),
                      lambda: set_status(store, doc, "done", annotator=ben),
                      lambda: assign(store, [ana], document_ids=[doc], by=ana)):
            with pytest.raises(StoreError) as refused:
                write()
            message = str(refused.value)
            assert "refused by the server" in message and "nothing was written" in message
            assert len(message.splitlines()) == 1 and "postgres@" not in message
        set_status(store, doc, "in-progress", annotator=ana)
        [pending] = [sp for sp in get_spans(store, doc) if sp.status == "pending"]
        accept(store, pending.id, annotator=ana)  # suggestions belong to the document: anyone decides
        spans = {(sp.start, sp.annotator, sp.label) for sp in get_spans(store, doc)}
    assert (0, ben, "ACTOR") in spans and (26, ana, "ACTOR") in spans and not any(a == "gold" for _s, a, _l in spans)


def test_a_lead_assigns_and_writes_gold_and_any_layer(team):
    (lead, lead_url), (ana, _), (ben, _) = team["lead"], team["ana"], team["ben"]
    doc = team["doc"]
    with Store.open(lead_url) as store:
        assign(store, [ana], document_ids=[doc], by=lead)
        add_span(store, doc, 0, 5, "ACTOR", annotator="gold")
        [bens] = [sp for sp in get_spans(store, doc) if sp.annotator == ben]
        relabel_span(store, bens.id, "FIGURE", annotator=lead)
        add_actor(store, "Chile", "state", actor_id="iso3166:CL")
    with Store.open(team["url"]) as store:  # the owner (here the superuser) is not bound either
        assert {(sp.annotator, sp.label) for sp in get_spans(store, doc) if sp.start == 0} == {
            ("gold", "ACTOR"), (ben, "FIGURE")}


def test_team_commands_need_postgresql_and_valid_names(tmp_path, cli, team):
    code, out, err = cli("--store", str(tmp_path / "x.sqlite"), "init")
    code, out, err = cli("--store", str(tmp_path / "x.sqlite"), "team", "add-annotator", "ana")
    assert code == 1 and "only on PostgreSQL" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("--store", team["url"], "team", "add-annotator", "Robert'); DROP TABLE span;--")
    assert code == 1 and "cannot be an annotator's database role" in err
    code, out, err = cli("--store", team["url"], "team", "members", "--json")
    import json

    found = {m["name"]: m["lead"] for m in json.loads(out)}
    assert (found[team["ana"][0]], found[team["lead"][0]]) == (False, True)


def test_an_annotator_checks_out_and_merges_back_as_their_own_role(team, tmp_path):
    from annotations.services import get_status
    from annotations.services.merge import checkout, merge_stores

    (ana, ana_url), (lead, lead_url), (ben, _) = team["ana"], team["lead"], team["ben"]
    doc = team["doc"]
    with Store.open(lead_url) as store:
        assign(store, [ana], document_ids=[doc], by=lead)
    with Store.open(ana_url) as store:
        checkout(store, tmp_path / "ana.sqlite", ana)
    with Store.open(tmp_path / "ana.sqlite") as laptop:
        add_span(laptop, doc, 26, 34, "ACTOR", annotator=ana)
        [pending] = [sp for sp in get_spans(laptop, doc) if sp.status == "pending"]
        accept(laptop, pending.id, annotator=ana)
        set_status(laptop, doc, "done", annotator=ana)
    with Store.open(ana_url) as store:
        report = merge_stores(store, [tmp_path / "ana.sqlite"])
        assert (report.spans_added, report.spans_updated, report.refused) == (1, 1, [])
        assert get_status(store, doc, annotator=ana) == "done"
        mine = {(sp.start, sp.status) for sp in get_spans(store, doc) if sp.annotator == ana}
        assert mine == {(26, "accepted"), (11, "accepted")}
        assert [sp.annotator for sp in get_spans(store, doc) if sp.start == 0] == [ben]
