"""Use cases over a Store: plain functions, one transaction each, returning
Change records (or plain data). The CLI, the desktop and the tests all call
these; nothing else writes to the store."""
from .documents import (count_documents, document_ids, document_statuses, get_document, get_status, list_documents,
                        set_status)
from .events import list_events
from .exports import load_records
from .imports import FileImport, ImportResult, import_files, import_records
from .relations import add_relation, get_relations, remove_relation
from .rows import current_annotator
from .spans import (
    add_span,
    delete_span,
    delete_spans,
    get_span,
    get_span_rows,
    get_spans,
    relabel_span,
    resize_span,
    restore_spans,
    set_span_attributes,
    set_span_status,
)

__all__ = [
    "FileImport", "ImportResult", "add_relation", "add_span", "count_documents", "current_annotator",
    "delete_span", "delete_spans", "document_ids", "document_statuses", "get_status", "list_events", "get_document", "get_relations", "get_span",
    "get_span_rows", "get_spans", "import_files", "import_records", "list_documents", "load_records", "relabel_span",
    "remove_relation", "resize_span", "restore_spans", "set_span_attributes", "set_span_status", "set_status",
]
