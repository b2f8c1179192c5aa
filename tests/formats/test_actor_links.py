"""Actor links through every export format: written where the format holds them and
restored on import into a fresh store (actors the registry lacks created, matched by id),
reported in one line where it cannot (doccano, CoNLL). Real SQLite stores, real files."""
from __future__ import annotations

import json

import pytest

from annotations.actors import linking, registry
from annotations.services import get_document, get_spans, import_files, import_records
from annotations.services.exports import export_store
from annotations.store import Store
from annotations.types import DocumentRecord, SpanRecord

TEXT = ("Erdoğan told Ankara that Société Générale would stay. 😀 Türkiye agreed; Kim said nothing. "
        "Later Erdoğan left Ankara.")
ERDOGAN = {"id": "a1b2c3", "name": "Recep Tayyip Erdoğan", "kind": "person", "aliases": ["Erdoğan", "Erdogan"],
           "external_ids": {"wikidata": "Q39723"}}
TURKEY = {"id": "iso3166:TR", "name": "Türkiye", "kind": "state", "aliases": ["Turkey", "Ankara"],
          "external_ids": {"iso3166": "TR"}}
SOCGEN = {"id": "ffee01", "name": "Société Générale", "kind": "organization", "aliases": ["SocGen"],
          "external_ids": {}}
# folder formats export to a folder; the others to one file
TARGETS = {"jsonl": "out.jsonl", "spacy": "out.spacy", "brat": "brat_out", "labelstudio": "tasks.json"}


def _at(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


# (needle, nth, kind, actor, link status)
MENTIONS = [("Erdoğan", 0, "person", "a1b2c3", "accepted"), ("Ankara", 0, "state", "iso3166:TR", "accepted"),
            ("Société Générale", 0, "organization", "ffee01", "accepted"),
            ("Türkiye", 0, "state", "iso3166:TR", "pending"),  # a link suggestion: stays in the store
            ("Kim", 0, "person", None, None), ("Erdoğan", 1, "person", "a1b2c3", "accepted"),
            ("Ankara", 1, "state", None, None)]
EXPECTED = {_at(n, k): actor for n, k, _kind, actor, status in MENTIONS if status == "accepted"}


def _links(store: Store, doc_id: int) -> dict[tuple[int, int], str]:
    found = linking.links(store, doc_id)
    return {(s.start, s.end): found[s.id][0] for s in get_spans(store, doc_id) if s.id in found}


@pytest.fixture
def linked(store):
    registry.add_actors(store, [ERDOGAN, TURKEY, SOCGEN])
    spans = [SpanRecord(*_at(n, k), "ACTOR", {"kind": kind}) for n, k, kind, _a, _s in MENTIONS]
    doc_id = import_records(store, [DocumentRecord(text=TEXT, title="Ankara talks", spans=spans)]).document_ids[0]
    by_offsets = {(s.start, s.end): s.id for s in get_spans(store, doc_id)}
    for needle, nth, _kind, actor, status in MENTIONS:
        if actor:
            linking.link_span(store, by_offsets[_at(needle, nth)], actor, status=status)
    return store, doc_id


def _round_trip(tmp_path, store, fmt: str, fresh: Store):
    out = tmp_path / TARGETS[fmt]
    report = export_store(store, fmt, out)
    result = import_files(fresh, [out], format_name=fmt).result
    return report, result, fresh


@pytest.mark.parametrize("fmt", sorted(TARGETS))
def test_links_round_trip_into_a_fresh_store(tmp_path, linked, fmt):
    store, doc_id = linked
    fresh = Store.create(tmp_path / "fresh.sqlite")
    try:
        report, result, fresh = _round_trip(tmp_path, store, fmt, fresh)
        assert not [w for w in report.warnings if "actor" in w]
        assert result.actor_links == len(EXPECTED) == 4
        new_doc = result.document_ids[0]
        assert get_document(fresh, new_doc).text == TEXT
        assert _links(fresh, new_doc) == EXPECTED
        assert set(linking.links(fresh, new_doc)[sid][1] for sid in linking.links(fresh, new_doc)) == {"accepted"}
        # the registry entries came with the file: names, kinds, aliases and external ids (brat's side file too)
        assert sorted(result.actors_added) == ["a1b2c3", "ffee01", "iso3166:TR"]
        erdogan = registry.get_actor(fresh, "a1b2c3")
        assert (erdogan.name, erdogan.kind, dict(erdogan.external_ids)) == (
            "Recep Tayyip Erdoğan", "person", {"wikidata": "Q39723"})
        for actor_id in result.actors_added:  # the same entry as in the exporting store
            before, after = registry.get_actor(store, actor_id), registry.get_actor(fresh, actor_id)
            assert (after.name, after.kind, after.aliases, after.external_ids) == (
                before.name, before.kind, before.aliases, before.external_ids)
        assert set(registry.get_actor(fresh, "iso3166:TR").aliases) == {"Türkiye", "Turkey", "Ankara"}
        assert registry.get_actor(fresh, "ffee01").kind == "organization"
    finally:
        fresh.close()


@pytest.mark.parametrize("fmt", sorted(TARGETS))
def test_import_keeps_registry_actors_already_there(tmp_path, linked, fmt):
    store, _ = linked
    fresh = Store.create(tmp_path / "fresh.sqlite")
    try:
        registry.add_actor(fresh, "Republic of Türkiye", "state", actor_id="iso3166:TR")
        _report, result, _ = _round_trip(tmp_path, store, fmt, fresh)
        assert sorted(result.actors_added) == ["a1b2c3", "ffee01"]
        assert registry.get_actor(fresh, "iso3166:TR").name == "Republic of Türkiye"  # matched by id, left alone
        assert _links(fresh, result.document_ids[0]) == EXPECTED
    finally:
        fresh.close()


def test_pending_links_are_not_exported(tmp_path, linked):
    store, _ = linked
    out = tmp_path / "out.jsonl"
    export_store(store, "jsonl", out)
    task = json.loads(out.read_text(encoding="utf-8"))
    linked_spans = {(s["start"], s["end"]): s["actor"] for s in task["spans"] if "actor" in s}
    assert {k: v["id"] for k, v in linked_spans.items()} == EXPECTED
    assert linked_spans[_at("Erdoğan")] == {"id": "a1b2c3", "name": "Recep Tayyip Erdoğan"}
    assert [a["id"] for a in task["actors"]] == ["a1b2c3", "iso3166:TR", "ffee01"]


def test_spacy_spans_and_ents_carry_kb_ids(tmp_path, linked):
    import spacy
    from spacy.tokens import DocBin

    store, _ = linked
    out = tmp_path / "out.spacy"
    export_store(store, "spacy", out)
    doc = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))[0]
    for group in (doc.spans["sc"], doc.ents):
        assert {(s.start_char, s.end_char): s.kb_id_ for s in group if s.kb_id_} == EXPECTED
    assert [a["name"] for a in doc.user_data["glossator"]["actors"]] == [
        "Recep Tayyip Erdoğan", "Türkiye", "Société Générale"]


def test_brat_writes_normalization_lines_and_the_entries(tmp_path, linked):
    store, doc_id = linked
    out = tmp_path / "brat_out"
    export_store(store, "brat", out)
    ann = (out / f"{doc_id:05d}.ann").read_text(encoding="utf-8").splitlines()
    norms = [line for line in ann if line.startswith("N")]
    start, end = _at("Erdoğan")
    t_id = next(line.split("\t")[0] for line in ann if line.startswith("T") and f" {start} {end}\t" in line)
    assert f"N1\tReference {t_id} glossator:a1b2c3\tRecep Tayyip Erdoğan" in norms
    assert len(norms) == 4
    entries = [json.loads(line) for line in (out / "actors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["id"] for e in entries} == {"a1b2c3", "iso3166:TR", "ffee01"}


def test_brat_without_the_side_file_names_actors_from_n_lines(tmp_path, linked):
    store, _ = linked
    out = tmp_path / "brat_out"
    export_store(store, "brat", out)
    (out / "actors.jsonl").unlink()
    fresh = Store.create(tmp_path / "fresh.sqlite")
    try:
        result = import_files(fresh, [out], format_name="brat").result
        assert _links(fresh, result.document_ids[0]) == EXPECTED
        actor = registry.get_actor(fresh, "a1b2c3")
        assert (actor.name, actor.kind) == ("Recep Tayyip Erdoğan", "person")  # kind from the span's attribute
        assert registry.get_actor(fresh, "ffee01").kind == "organization"
    finally:
        fresh.close()


def test_label_studio_config_has_a_per_region_actor_field(tmp_path, linked):
    store, _ = linked
    out = tmp_path / "tasks.json"
    export_store(store, "labelstudio", out)
    config = (tmp_path / "labeling_config.xml").read_text(encoding="utf-8")
    assert '<TextArea name="actor" toName="text" perRegion="true"' in config
    assert 'whenLabelValue="ACTOR"' in config
    task = json.loads(out.read_text(encoding="utf-8"))[0]
    results = task["annotations"][0]["result"]
    regions = {r["id"]: (r["value"]["start"], r["value"]["end"]) for r in results if r["type"] == "labels"}
    links = {regions[r["id"]]: r["value"]["text"][0] for r in results if r["from_name"] == "actor"}
    assert links == EXPECTED
    assert "actors" not in task["data"]["meta"]


@pytest.mark.parametrize("fmt,title,target", [("doccano", "doccano", "out.jsonl"), ("conll", "CoNLL", "out.conll")])
def test_formats_without_links_say_so_in_one_line(tmp_path, linked, fmt, title, target):
    store, _ = linked
    report = export_store(store, fmt, tmp_path / target)
    lines = [w for w in report.warnings if "actor link" in w]
    assert lines == [f"4 actor link(s) not representable in {title}; not written"]
    assert report.warnings[0] == lines[0]


def test_layer_choice_applies_to_links(tmp_path, store):
    registry.add_actors(store, [ERDOGAN])
    spans = [SpanRecord(*_at("Erdoğan"), "ACTOR", {"kind": "person"}, annotator="ana"),
             SpanRecord(*_at("Erdoğan", 1), "ACTOR", {"kind": "person"}, annotator="ben")]
    doc_id = import_records(store, [DocumentRecord(text=TEXT, title="t", spans=spans)]).document_ids[0]
    for span in get_spans(store, doc_id):
        linking.link_span(store, span.id, "a1b2c3")
    out = tmp_path / "ana.jsonl"
    export_store(store, "jsonl", out, layers=["ana"])
    task = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["start"], s["end"], s["actor"]["id"]) for s in task["spans"]] == [(*_at("Erdoğan"), "a1b2c3")]
    report = export_store(store, "jsonl", tmp_path / "default.jsonl")  # two layers, no gold: skipped
    assert report.documents == 0


def test_a_link_on_a_span_that_is_not_actor_is_refused(tmp_path, store):
    bad = {"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "FIGURE", "actor": {"id": "x"}}]}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        import_files(store, [path], format_name="jsonl")
    assert "bad.jsonl:1" in str(caught.value) and "only ACTOR spans link to actors" in str(caught.value)
    assert registry.list_actors(store) == []


@pytest.mark.parametrize("actors,field", [([{"id": "x", "name": "", "kind": "person"}], "name"),
                                          ([{"id": "x", "name": "X", "kind": "planet"}], "kind"),
                                          ([{"name": "X", "kind": "person"}], "id"),
                                          ("Erdoğan", "actors")])
def test_bad_registry_entries_name_file_line_and_field(tmp_path, store, actors, field):
    task = {"text": TEXT, "spans": [{"start": 0, "end": 7, "label": "ACTOR", "actor": {"id": "x"}}],
            "actors": actors}
    path = tmp_path / "bad.jsonl"
    path.write_text("\n" + json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        import_files(store, [path], format_name="jsonl")
    assert "bad.jsonl:2" in str(caught.value) and field in str(caught.value)
    assert registry.list_actors(store) == []


def test_foreign_docbin_kb_ids_become_links(tmp_path, store):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp("Erdoğan met Kim in Ankara.")
    doc.ents = [doc.char_span(0, 7, label="ACTOR", kb_id="Q39723"), doc.char_span(19, 25, label="ACTOR")]
    path = tmp_path / "foreign.spacy"
    DocBin(docs=[doc]).to_disk(path)
    result = import_files(store, [path]).result
    assert result.actor_links == 1 and result.actors_added == ["Q39723"]
    actor = registry.get_actor(store, "Q39723")
    assert (actor.name, actor.kind) == ("Erdoğan", "group")  # the mention; no kind given anywhere
    assert {k: v for k, v in _links_texts(store, result.document_ids[0]).items()} == {"Erdoğan": "Q39723"}


def _links_texts(store, doc_id):
    text = get_document(store, doc_id).text
    return {text[a:b]: actor for (a, b), actor in _links(store, doc_id).items()}


def test_cli_export_and_import_report_links(tmp_path, linked, cli):
    store, _ = linked
    store.close()  # the CLI opens the same file
    code, out, err = cli("export", "doccano", tmp_path / "out.jsonl")
    assert code == 0 and "warning: 4 actor link(s) not representable in doccano; not written" in out + err
    code, out, err = cli("export", "brat", tmp_path / "brat_out")
    assert code == 0
    fresh = tmp_path / "fresh.sqlite"
    Store.create(fresh).close()
    code, out, err = cli("--store", fresh, "import", tmp_path / "brat_out")
    assert code == 0, err
    assert "4 actor link(s) restored; 3 actor(s) added to the registry" in out + err
    code, out, err = cli("--store", fresh, "import", tmp_path / "brat_out")  # the same document again: skipped
    assert code == 0 and "actor link" not in out + err


def test_links_round_trip_through_postgres(tmp_path, postgres_url, linked):
    """SQLite -> JSONL -> PostgreSQL (links and actors written there, JSONB external ids) -> brat -> SQLite."""
    store, _ = linked
    pg = Store.create(postgres_url)
    back = Store.create(tmp_path / "back.sqlite")
    try:
        export_store(store, "jsonl", tmp_path / "out.jsonl")
        on_pg = import_files(pg, [tmp_path / "out.jsonl"]).result
        assert _links(pg, on_pg.document_ids[0]) == EXPECTED
        assert registry.get_actor(pg, "a1b2c3").external_ids == {"wikidata": "Q39723"}
        export_store(pg, "brat", tmp_path / "brat_out")
        result = import_files(back, [tmp_path / "brat_out"]).result
        assert _links(back, result.document_ids[0]) == EXPECTED
        assert registry.get_actor(back, "a1b2c3").external_ids == {"wikidata": "Q39723"}
    finally:
        pg.close()
        back.close()


def _first_export(tmp_path, store, fmt):
    out = tmp_path / TARGETS[fmt]
    export_store(store, fmt, out)
    return out


def test_bad_links_in_each_format_name_file_line_and_field(tmp_path, linked):
    """A link the store cannot hold stops the import with one line; nothing is stored."""
    import spacy
    from spacy.tokens import DocBin

    store, doc_id = linked
    fresh = Store.create(tmp_path / "fresh.sqlite")
    try:
        brat = _first_export(tmp_path, store, "brat")
        ann = brat / f"{doc_id:05d}.ann"
        lines = ann.read_text(encoding="utf-8").splitlines()
        kim = next(line.split("\t")[0] for line in lines if line.startswith("T") and line.endswith("\tKim"))
        lines = [line.replace("ACTOR", "FIGURE") if line.startswith(kim + "\t") else line for line in lines
                 if not (line.startswith("A") and line.endswith(f" {kim} person"))]  # FIGURE has no kind
        lines.append(f"N9\tReference {kim} glossator:a1b2c3\tRecep")
        ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(Exception, match=rf"{doc_id:05d}.ann:{len(lines)}: {kim} is FIGURE; only ACTOR"):
            import_files(fresh, [brat], format_name="brat")

        tasks = _first_export(tmp_path, store, "labelstudio")
        data = json.loads(tasks.read_text(encoding="utf-8"))
        for r in data[0]["annotations"][0]["result"]:
            if r.get("from_name") == "actor":
                r["value"]["text"] = ["a", "b"]
        tasks.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(Exception, match=r"tasks.json:1: actor result 's\d+' needs one text"):
            import_files(fresh, [tasks], format_name="labelstudio")

        docbin = _first_export(tmp_path, store, "spacy")
        doc = list(DocBin(store_user_data=True).from_disk(docbin).get_docs(spacy.blank("en").vocab))[0]
        links = [list(link) for link in doc.user_data["glossator"]["links"]]  # msgpack gives tuples
        links[0][0] = 99
        doc.user_data["glossator"]["links"] = links
        DocBin(docs=[doc], store_user_data=True).to_disk(docbin)
        with pytest.raises(Exception, match=r"out.spacy:1: user_data\['glossator'\]\['links'\] link 1: span index 99"):
            import_files(fresh, [docbin], format_name="spacy")
        assert registry.list_actors(fresh) == [] and fresh.schema  # nothing stored
    finally:
        fresh.close()
