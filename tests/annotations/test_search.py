"""Corpus search on real stores: stemming, phrases, OR and exclusions; filters
combined with the text query; hits as code-point offsets with a
keyword-in-context line; the index kept in step by the store itself."""
import json
from datetime import date

import pytest
from sqlalchemy import text as sql

from annotations.errors import GlossatorError
from annotations.services import add_span, import_records, set_status
from annotations.services.search import SearchFilters, search
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.annotations.test_store import make_revision_0001_store

ARTICLES = [
    DocumentRecord(text="Grain corridor talks stall\n\nTalks on the Black Sea grain corridor stalled, officials said.\n",
                   title="Grain corridor talks stall", source="Harbour Ledger", meta={"published": "2026-03-14"}),
    DocumentRecord(text="Miners strike at three platinum mines\n\nStriking miners rejected a 6% offer.\n",
                   title="Miners strike", source="Cape Wire", meta={"published": "2026-02-02"}),
    DocumentRecord(text="😀 Wheat prices rise\n\nWheat and grain futures climbed after the corridor closed.\n",
                   title="Wheat prices rise", source="Harbour Ledger"),
]


@pytest.fixture
def corpus(store):
    ids = import_records(store, ARTICLES).document_ids
    return store, ids


def found(store, query, **filters):
    return [r.document_id for r in search(store, query, SearchFilters(**filters))]


def test_words_are_anded_stemmed_and_ranked(corpus):
    store, (grain, strike, wheat) = corpus
    assert set(found(store, "grain corridor")) == {grain, wheat}
    assert found(store, "striking") == [strike]  # English stemming: strike ~ striking
    assert found(store, "mine") == [strike]
    assert found(store, "grain platinum") == []


def test_phrases_or_and_exclusions(corpus):
    store, (grain, strike, wheat) = corpus
    assert found(store, '"grain corridor"') == [grain]
    assert set(found(store, "platinum OR wheat")) == {strike, wheat}
    assert found(store, "grain -wheat") == [grain]
    assert found(store, 'corridor -"black sea"') == [wheat]


def test_hits_are_code_point_offsets_with_context(corpus):
    store, (grain, strike, wheat) = corpus
    [result] = search(store, "futures")
    text = ARTICLES[2].text
    [hit] = result.hits
    assert text[hit.start:hit.end] == "futures" and hit.start == text.index("futures")  # after an emoji
    assert "[futures]" in hit.context and "\n" not in hit.context
    [result] = search(store, '"black sea"')
    assert [ARTICLES[0].text[h.start:h.end] for h in result.hits] == ["Black Sea"]


def test_filters_combine_with_the_query(corpus):
    store, (grain, strike, wheat) = corpus
    add_span(store, wheat, 2, 7, "ACTOR", {"kind": "organization"}, annotator="ana")
    set_status(store, strike, "done")
    assert found(store, "grain", labels=("ACTOR",)) == [wheat]
    assert found(store, "grain", labels=("ACTOR",), layers=("bo",)) == []
    assert found(store, "grain", layers=("ana",)) == [wheat]
    assert found(store, "miners OR wheat", statuses=("done",)) == [strike]
    assert found(store, "grain", sources=("harbour ledger",)) and found(store, "miners", sources=("Harbour Ledger",)) == []
    assert found(store, "grain OR miners", since=date(2026, 3, 1), until=date(2026, 3, 31)) == [grain]
    assert found(store, "grain OR miners", until=date(2026, 2, 28)) == [strike]
    today = date.today()
    assert found(store, "wheat", since=today) == [wheat]  # no publication date: the import date counts


def test_index_follows_imports_edits_and_deletions(corpus):
    store, (grain, strike, wheat) = corpus
    [new] = import_records(store, [DocumentRecord(text="Cocoa harvest falls short.\n", title="Cocoa")]).document_ids
    assert found(store, "cocoa") == [new]
    with store.session() as s:
        s.connection().execute(sql("UPDATE document SET title = 'Cacao' WHERE id = :i"), {"i": new})
        s.connection().execute(sql("DELETE FROM document WHERE id = :i"), {"i": strike})
        s.commit()
    assert found(store, "cacao") == [new]
    assert found(store, "miners") == [] and found(store, "platinum") == []


def test_an_upgraded_store_is_indexed(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_store(path)
    with Store.open(path) as store:
        assert found(store, "ruiz") == [1]


def test_bad_queries_and_filters_are_one_line(corpus, cli, store_path):
    store, _ = corpus
    with pytest.raises(GlossatorError, match="needs at least one word"):
        search(store, "-wheat")
    with pytest.raises(GlossatorError, match="unknown status 'finished'"):
        search(store, "wheat", SearchFilters(statuses=("finished",)))
    store.close()
    code, _, err = cli("search", "wheat", "--since", "14/03/2026")
    assert code == 1 and err.strip() == "error: --since '14/03/2026': not a date (use YYYY-MM-DD)"


def test_cli_json_shape(corpus, cli):
    store, (grain, strike, wheat) = corpus
    store.close()
    code, out, err = cli("search", '"grain corridor"', "--json")
    assert code == 0, err
    [doc] = json.loads(out)
    assert set(doc) == {"document_id", "title", "source", "status", "published", "hits"}
    assert doc["document_id"] == grain and doc["published"] == "2026-03-14"
    assert all(set(h) == {"start", "end", "context"} for h in doc["hits"])
    code, out, _ = cli("search", "grain", "--status", "new,done")
    assert code == 0 and "Grain corridor talks stall" in out and "Wheat prices rise" in out


def test_actor_filter_finds_documents_that_mention_a_registry_actor(corpus):
    from annotations.actors.linking import link_span
    from annotations.actors.registry import seed_states

    store, (grain, strike, wheat) = corpus
    seed_states(store)
    linked = add_span(store, grain, 0, 5, "ACTOR", {"kind": "state"}).span_id  # any ACTOR span will do
    assert found(store, "grain", actors=("iso3166:TR",)) == []
    link_span(store, linked, "iso3166:TR")
    assert found(store, "grain", actors=("iso3166:TR",)) == [grain]
    assert found(store, "grain", actors=("iso3166:KE",)) == []
