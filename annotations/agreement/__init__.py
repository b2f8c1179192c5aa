"""Agreement between annotators' layers, curation into the gold layer, and
the HTML report. Plain functions returning dataclasses: the CLI prints them,
the desktop shows them. Nothing here imports spaCy or Qt (matplotlib, for the
report only, is imported when a report is drawn)."""
from .compare import AgreementReport, LabelAgreement, PairAgreement, compare_corpus, compare_layers
from .layers import GOLD, DocumentLayers, LayerImport, LayerSpan, add_layer, layer_names, read_layers

__all__ = [
    "GOLD", "AgreementReport", "DocumentLayers", "LabelAgreement", "LayerImport", "LayerSpan", "PairAgreement",
    "add_layer", "compare_corpus", "compare_layers", "layer_names", "read_layers",
]
