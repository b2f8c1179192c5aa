"""`glossator --bundle-check [DIR]`: proves that the libraries frozen into the bundle
load and work offline, including those no Glossator module imports yet (the runtime
dependencies of this release: psycopg, matplotlib, trafilatura, pdfminer.six, python-docx).
Writes its small files into DIR (default: a temporary folder); prints one line per
library; exits 1 if any failed."""
from __future__ import annotations

import io
import sys
import tempfile
import traceback
from pathlib import Path

ARTICLE = """<html><head><title>Port reopens</title><meta name="date" content="2024-05-02"></head>
<body><nav>Home | World</nav><article><h1>Port reopens after strike</h1>
<p>The port of Durban reopened on Thursday after a two-week strike, the operator said.</p>
<p>About 4,000 workers returned, according to the union, which said talks would continue
with the operator over pay and working hours in the coming weeks.</p></article>
<footer>Copyright</footer></body></html>"""


def check_spacy(out: Path) -> str:
    import spacy

    spacy.registry.get("architectures", "spacy.Tok2Vec.v1")  # spacy_legacy's entry points (else E893)
    nlp = spacy.blank("en")
    nlp.add_pipe("spancat", config={"spans_key": "sc"})
    return f"spacy {spacy.__version__}: {len(nlp.make_doc('The port reopened.'))} tokens, {nlp.pipe_names}"


def check_psycopg(out: Path) -> str:
    import psycopg
    from psycopg import pq

    return f"psycopg {psycopg.__version__}: libpq {pq.version()} ({pq.__impl__})"


def check_matplotlib(out: Path) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar(["A", "F"], [3, 5])
    path = out / "plot.png"
    fig.savefig(path)
    plt.close(fig)
    return f"matplotlib {matplotlib.__version__}: {path.stat().st_size} bytes PNG"


def check_trafilatura(out: Path) -> str:
    import htmldate
    import lxml_html_clean  # noqa: F401  (lxml >= 5.2 moved lxml.html.clean here)
    import trafilatura

    text = trafilatura.extract(ARTICLE) or ""
    if "Durban" not in text:
        raise RuntimeError(f"main text not found: {text!r}")
    date = htmldate.find_date(ARTICLE)
    return f"trafilatura {trafilatura.__version__}: {len(text)} chars, date {date}"


# a one-page PDF saying "The union said talks would continue." (made with fpdf2, zlib + base64)
TINY_PDF = "eNqFUsuO2jAU3fsr7gZpZtH4lWeFkAgBzbRTgSBSpSIWHmKYTIM9SpwO05/r91Rd9Q9q82oqFs3G8bm+53Ht3iybvKMeR72fv37/QBQI6Mdn1O8jPNKtMkAR/lgWDSy5Lc1XCH+SRSlSvYclsUiQBB6LIfapFye2mr+9SMAzsZUNGgyQVIWjYx3a6YtUw7UptTpxAp6U5g5UW1WWwLU+iDfdGsBTJUe6anfqCDfg7M3PIiNhRKW3HRn+j3tlpDIN+Meemaili3PczWWj23ptKcMupVPp8PkdvgeptuYJEt/VG1NLsbOxPiDiBRG8ojS3MShQ5hEC+QbGuYM49WgMkZ1RFEFewE3+JKFVLnsjygJsgK8NvOq2KmBtDZeqld4t5M+u37k4CZ38BB0/qWjkxLYAvpPVN2nKtUB4rNa6KNUW8OdSDVVTngGEF+2jOWR0Sek5sGPoBA47Agfyft+lcrpzewrPar1eSANLbJ+NpZJ7q3+/s1NLT+votN6vOrRR915sIHf5mTASbrL3jLCQMkJpRFhAvtx22va13CACMSKXD8Ig4AFs4IJRa+5QUReMEnaFMXJ9jsXXmM+SKyxg4RUWUv4XM7UoK1kf8i3K79JaxnOtDbDj47pXGw3R6T+DZT/yQ84TP+EkzMZsGCQRHXEekigdRhlP+eD/J1bHdyhqcxhTGMao1xtPJ+gP9lsCwg=="


def check_pdfminer(out: Path) -> str:
    import base64
    import zlib

    from pdfminer.high_level import extract_text

    text = extract_text(io.BytesIO(zlib.decompress(base64.b64decode(TINY_PDF))))
    if "talks would continue" not in text:
        raise RuntimeError(f"PDF text not read: {text!r}")
    return f"pdfminer.six: {text.strip()!r}"


def check_docx(out: Path) -> str:
    import docx

    path = out / "note.docx"
    document = docx.Document()  # the default template is a data file of the package
    document.add_paragraph("The union said talks would continue.")
    document.save(path)
    text = docx.Document(path).paragraphs[0].text
    return f"python-docx: read back {text!r}"


def check_qt(out: Path) -> str:
    from PySide6 import __version__
    from PySide6.QtGui import QImage

    image = QImage(8, 8, QImage.Format.Format_RGB32)
    return f"PySide6 {__version__}: image {image.width()}x{image.height()}"


CHECKS = [check_spacy, check_psycopg, check_matplotlib, check_trafilatura, check_pdfminer, check_docx, check_qt]


def main(argv: list[str]) -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(argv[0]) if argv else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for check in CHECKS:
            name = check.__name__.removeprefix("check_")
            try:
                print(f"ok   {name}: {check(out)}")
            except Exception as exc:  # report every library, not just the first failure
                failed += 1
                print(f"FAIL {name}: {exc}", file=sys.stderr)
                traceback.print_exc(limit=3)
    return 1 if failed else 0
