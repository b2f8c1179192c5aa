"""LayerView (annotations.layer_view) in the Qt-free editing state: my layer by
default, others' on request and read-only, suggestions always shown."""
from __future__ import annotations

import pytest

from annotations import editing, services
from annotations.errors import ValidationError
from annotations.layer_view import LayerView, document_layers


def test_editing_state_shows_and_protects_layers(store, store_path, doc_id):
    ana = services.add_span(store, doc_id, 0, 8, "ACTOR", annotator="ana").span_id
    mine = services.add_span(store, doc_id, 15, 20, "ACTOR", annotator="tester").span_id
    pending = services.add_span(store, doc_id, 24, 33, "ACTOR", origin="suggestion", status="pending",
                                suggester="rules", annotator="ana").span_id
    state = editing.EditingState()
    state.open_store(store_path)
    try:
        state.layer_view = LayerView.mine("tester")
        state.open_document(doc_id)
        assert set(state.spans) == {mine, pending}
        state.layer_view = LayerView.picked("tester", ["ana"])
        state.open_document(doc_id)
        assert set(state.spans) == {ana, mine, pending}
        before = services.get_spans(store, doc_id)
        with pytest.raises(ValidationError, match="ana's layer, which is read-only"):
            state.do(editing.DeleteSpan(state.spans[ana]))
        with pytest.raises(ValidationError, match="read-only"):
            state.do(editing.AddRelation(doc_id, mine, ana, "SAYS"))
        assert services.get_spans(store, doc_id) == before
        state.do(editing.Accept(state.spans[pending]))  # suggestions are everyone's to decide
        state.do(editing.RelabelSpan(state.spans[mine], "FIGURE"))
        assert document_layers(store, doc_id) == ["ana", "tester"]
    finally:
        state.close()
