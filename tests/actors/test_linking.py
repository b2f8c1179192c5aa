"""Link suggestions, label every occurrence, checks and who said what, on real SQLite stores."""
from __future__ import annotations

import re

import pytest

from annotations.actors import checks, linking, registry, sources
from annotations.errors import ValidationError
from annotations.services import add_relation, add_span, get_spans, import_records
from annotations.types import DocumentRecord, SpanRecord
from tests.conftest import table_dump

TEXTS = [
    "Kim met Kimberly Lee in Seoul. Russia's envoy and the U.S. delegation left; Kim stayed.",
    "Moscow said the U.S. was wrong. Erdogan and Erdoğan are one man. Russia replied.",
]


def _span(text: str, needle: str, label: str = "ACTOR", nth: int = 0, **attributes) -> SpanRecord:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return SpanRecord(start, start + len(needle), label, attributes)


@pytest.fixture
def corpus(store):
    registry.seed_states(store)
    records = [
        DocumentRecord(text=TEXTS[0], title="one", spans=(_span(TEXTS[0], "Russia", kind="state"),
                                                          _span(TEXTS[0], "U.S.", kind="state"),
                                                          _span(TEXTS[0], "Kim", kind="person"))),
        DocumentRecord(text=TEXTS[1], title="two", spans=(_span(TEXTS[1], "Moscow", kind="state"),)),
    ]
    return import_records(store, records).document_ids


def _by_text(store, doc_id):
    text = TEXTS[doc_id - 1] if doc_id <= 2 else None
    return {(text[s.start:s.end], s.start): s for s in get_spans(store, doc_id)}


def test_suggest_links_links_one_fit_and_offers_choices(store, corpus):
    georgia_person = registry.add_actor(store, "Kim", "person").added_actors[0]
    registry.add_actor(store, "Kim Yo-jong", "person", aliases=["Kim"])  # "Kim" now fits two people
    result = linking.suggest_links(store)
    linked = {sid: aid for sid, aid in result.linked}
    spans = {TEXTS[s.document_id - 1][s.start:s.end]: s.id for d in corpus for s in get_spans(store, d)}
    assert linked[spans["Russia"]] == "iso3166:RU"
    assert linked[spans["U.S."]] == "iso3166:US"
    assert linked[spans["Moscow"]] == "iso3166:RU"  # the capital names the government
    assert spans["Kim"] not in linked  # never linked silently
    (choice,) = result.choices
    assert choice[0] == spans["Kim"] and georgia_person in choice[2] and len(choice[2]) == 2
    assert linking.links(store)[spans["Russia"]] == ("iso3166:RU", "pending")
    linking.accept_link(store, spans["Russia"])
    assert linking.links(store)[spans["Russia"]] == ("iso3166:RU", "accepted")
    removed = registry.undo(store, result.edit)
    assert removed["kept_links"] == [spans["Russia"]]  # accepted meanwhile: the analyst's decision stays
    assert linking.links(store) == {spans["Russia"]: ("iso3166:RU", "accepted")}


def test_a_surname_links_to_the_person_named_in_full_in_the_same_document(store):
    lucia = registry.add_actor(store, "Lucía Paredes", "person").added_actors[0]
    ana = registry.add_actor(store, "Ana Quispe", "person").added_actors[0]
    rafael = registry.add_actor(store, "Rafael Quispe", "person").added_actors[0]
    registry.add_actor(store, "Banco Paredes", "organization")  # ends with the surname too, but no person
    texts = ["Lucía Paredes won. Paredes thanked Banco Paredes.",  # one person: linked
             "Ana Quispe and Rafael Quispe met; Quispe spoke.",  # two persons end with it: a choice
             "Paredes spoke."]  # nobody named in full here: not linked
    needles = [["Lucía Paredes", "Paredes"], ["Ana Quispe", "Rafael Quispe", "Quispe"], ["Paredes"]]
    records = [DocumentRecord(text=t, title=str(i), spans=[_span(t, n, nth=1 if (i, n) == (0, "Paredes") else 0)
                                                           for n in ns])
               for i, (t, ns) in enumerate(zip(texts, needles))]
    docs = import_records(store, records).document_ids
    result = linking.suggest_links(store)
    found = {(d, texts[i][s.start:s.end]): s.id for i, d in enumerate(docs) for s in get_spans(store, d)}
    linked = dict(result.linked)
    assert linked[found[docs[0], "Paredes"]] == lucia
    assert linking.links(store)[found[docs[0], "Paredes"]] == (lucia, "pending")
    assert [(c[0], c[2]) for c in result.choices] == [(found[docs[1], "Quispe"], sorted([ana, rafael]))]
    assert found[docs[2], "Paredes"] not in linked and result.unmatched == 1


def test_link_refuses_a_span_that_is_not_actor(store, corpus):
    fig = add_span(store, corpus[0], 0, 3, "FIGURE", {}).span_id
    with pytest.raises(ValidationError, match="not ACTOR"):
        linking.link_span(store, fig, "iso3166:RU")


def test_label_all_respects_token_boundaries_and_undoes(store, store_path, corpus):
    kim = registry.add_actor(store, "Kim", "person").added_actors[0]
    before = table_dump(store_path)
    result = linking.label_all(store, kim)
    spans = [s for d in corpus for s in get_spans(store, d) if s.status == "pending"]
    found = [(s.document_id, TEXTS[s.document_id - 1][s.start:s.end], s.start) for s in spans]
    # the second "Kim" of document one; the first is labelled already (it gains the link); no "Kim" in "Kimberly"
    assert found == [(1, "Kim", TEXTS[0].rindex("Kim"))]
    assert all(s.suggester == "actors" and s.attributes == {"kind": "person"} for s in spans)
    assert result.added == 1 and result.linked_existing == 1
    assert set(linking.links(store).values()) == {(kim, "pending")}
    registry.undo(store, result.edit)
    kept = ("event", "sqlite_sequence")
    assert {t: r for t, r in table_dump(store_path).items() if t not in kept} == \
        {t: r for t, r in before.items() if t not in kept}


def test_label_all_from_a_span_uses_its_text_and_actor_aliases(store, corpus):
    russia = next(s for s in get_spans(store, corpus[0]) if TEXTS[0][s.start:s.end] == "Russia")
    linking.link_span(store, russia.id, "iso3166:RU")
    result = linking.label_all(store, span_id=russia.id, document_ids=[corpus[1]])
    texts = sorted(TEXTS[1][s.start:s.end] for s in get_spans(store, corpus[1]) if s.status == "pending")
    assert texts == ["Russia"]  # "Moscow" is labelled already: it only gains the link
    assert result.linked_existing == 1
    assert result.documents == 1


def test_label_all_matches_diacritic_free_forms(store, corpus):
    erdogan = registry.add_actor(store, "Erdoğan", "person").added_actors[0]
    linking.label_all(store, erdogan)
    texts = sorted(TEXTS[1][s.start:s.end] for s in get_spans(store, corpus[1]) if s.status == "pending")
    assert texts == ["Erdogan", "Erdoğan"]


def test_label_all_skips_what_meets_an_actor_span_unless_rejected_elsewhere(store):
    actor = registry.add_actor(store, "Nord Bank", "organization", aliases=["Nord"]).added_actors[0]
    text = "Nord Bank fell. Nord rose. Nord Bank again. Nord Bank at last. Nord."
    at = [m.start() for m in re.finditer("Nord Bank|Nord(?! Bank)", text)]
    spans = [SpanRecord(at[0], at[0] + 9, "ACTOR", status="rejected"),  # rejected at the same offsets
             SpanRecord(at[2] + 5, at[2] + 9, "ACTOR"),  # "Bank" accepted inside an occurrence
             SpanRecord(at[3], at[3] + 4, "ACTOR", status="rejected")]  # rejected, only overlapping
    doc = import_records(store, [DocumentRecord(text=text, title="t", spans=spans)]).document_ids[0]
    result = linking.label_all(store, actor)
    new = sorted((s.start, s.end) for s in get_spans(store, doc) if s.suggester == "actors")
    assert new == [(at[1], at[1] + 4), (at[3], at[3] + 9), (at[4], at[4] + 4)]
    assert (result.added, result.skipped, result.linked_existing) == (3, 2, 0)
    assert {linking.links(store)[i] for i in result.edit.added_spans} == {(actor, "pending")}
    again = linking.label_all(store, actor)  # the suggestions are there now: nothing new
    assert (again.added, again.skipped) == (0, 5)


def test_label_all_needs_actor_or_span(store, corpus):
    with pytest.raises(ValidationError):
        linking.label_all(store)


def test_checks_review_list(store, corpus):
    # "Russia" labelled in document one, not in document two
    kim = registry.add_actor(store, "Kim", "person").added_actors[0]
    spans = {TEXTS[s.document_id - 1][s.start:s.end]: s for d in corpus for s in get_spans(store, d)}
    linking.link_span(store, spans["Kim"].id, kim)
    linking.link_span(store, spans["Russia"].id, "iso3166:RU")
    linking.link_span(store, spans["Moscow"].id, "iso3166:RU")
    other = add_span(store, corpus[1], TEXTS[1].index("Russia"), TEXTS[1].index("Russia") + 6, "ACTOR",
                     {"kind": "organization"}).span_id
    mine = registry.add_actor(store, "Russia", "state").added_actors[0]
    linking.link_span(store, other, mine)
    found = checks.check(store)
    assert {"text": "russia", "actors": {"iso3166:RU": [spans["Russia"].id], mine: [other]}} in found["conflicting_links"]
    assert [m["actor"] for m in found["mixed_kinds"]] == []
    linking.link_span(store, other, "iso3166:RU")
    found = checks.check(store)
    assert found["mixed_kinds"] == [{"actor": "iso3166:RU", "kinds": {"organization": [other],
                                                                       "state": [spans["Russia"].id, spans["Moscow"].id]}}]
    assert {"name": "russia", "actors": sorted(["iso3166:RU", mine])} in found["same_name"]
    unl = {u["text"]: u for u in found["unlabelled"]}
    assert unl["U.S."]["unlabelled"] == 1 and unl["U.S."]["examples"][0]["document_id"] == corpus[1]
    assert unl["Kim"]["unlabelled"] == 1 and "Kimberly" not in unl


def test_who_said_what(store):
    text = "Moscow said the talks failed. Prices rose, the report said."
    doc = import_records(store, [DocumentRecord(text=text, title="T")]).document_ids[0]
    registry.seed_states(store)
    actor = add_span(store, doc, 0, 6, "ACTOR", {"kind": "state"}).span_id
    said = add_span(store, doc, 0, 29, "ASSERTION", {"stance": "states"}).span_id
    add_span(store, doc, 30, len(text), "ASSERTION", {"stance": "states"})
    add_relation(store, said, actor, "SOURCE")
    linking.suggest_links(store)
    result = sources.who_said_what(store)
    (row,) = result.attributed
    assert (row.actor_id, row.actor, row.source_text, row.stance, row.assertion_id) == \
        ("iso3166:RU", "Russia", "Moscow", "states", said)
    assert [r.assertion for r in result.unsourced] == ["Prices rose, the report said."]
    assert sources.who_said_what(store, "iso3166:US").attributed == []


def test_accepting_a_label_all_suggestion_keeps_its_link(store, corpus):
    from annotations.services.review import accept
    result = linking.label_all(store, "iso3166:RU", document_ids=[corpus[1]])
    (new,) = result.edit.added_spans
    accept(store, new)
    assert linking.links(store)[new] == ("iso3166:RU", "pending")
    linking.accept_link(store, new)
    assert linking.links(store)[new] == ("iso3166:RU", "accepted")
    with pytest.raises(Exception, match="no link"):
        linking.accept_link(store, 10_000)


def test_undo_of_label_all_keeps_what_was_decided_meanwhile(store, corpus):
    from annotations.services.review import accept
    result = linking.label_all(store, "iso3166:RU")
    decided, *others = result.edit.added_spans
    accept(store, decided)
    linking.accept_link(store, decided)
    removed = registry.undo(store, result.edit)
    assert removed["kept_spans"] == [decided] and removed["spans"] == others
    kept = [s for d in corpus for s in get_spans(store, d) if s.id == decided]
    assert kept and kept[0].status == "accepted"
    assert linking.links(store)[decided] == ("iso3166:RU", "accepted")
