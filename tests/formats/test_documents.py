"""Importing articles as analysts get them: saved web pages, PDF reports, Word
files and e-mails (fixtures written for these tests), through `glossator
import` into real stores. Article text in, boilerplate out, metadata right,
the same bytes give the same text, and hopeless files give one line and
change nothing."""
import hashlib
import tarfile
import zipfile
from pathlib import Path

import pytest

from annotations.services import get_document, list_documents
from annotations.store import Store
from tests.conftest import table_dump

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def initialised(cli, store_path):
    assert cli("init")[0] == 0
    return store_path


def stored(path):
    with Store.open(path) as store:
        return [get_document(store, d.id) for d in list_documents(store)]


def two_column_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Quarterly Energy Report")
    pdf.set_author("Energy Regulatory Board")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Quarterly Energy Report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    left = ("Gas prices rose by about 12 percent in the first quarter, the Energy Regulatory Board said "
            "in its report. Storage levels fell to 41 percent of capacity.\n\n"
            "The board warned that a cold spring could push prices higher.")
    right = ("Imports of liquefied natural gas reached 3.4 million tonnes, up from 2.9 million tonnes a "
             "year earlier.\n\nAnalysts at Meridian Capital estimated that demand would ease by June.")
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, left)
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, right)
    pdf.output(str(path))
    return path


def word_file(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Port congestion briefing"
    document.core_properties.author = "Lena Okafor"
    document.add_heading("Port congestion briefing", level=1)
    document.add_paragraph("Container ships waited an average of six days at Mombasa in February, "
                           "the Kenya Ports Authority said.")
    document.add_heading("Waiting times", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Port", "Days waiting"
    table.cell(1, 0).text, table.cell(1, 1).text = "Mombasa", "6"
    document.add_paragraph("Shipping lines warned that delays could last until April.")
    document.save(str(path))
    return path


def test_saved_web_page_keeps_the_article_and_drops_the_boilerplate(initialised, cli):
    page = FIXTURES / "news_page.html"
    code, _, err = cli("import", page)
    assert code == 0, err
    [doc] = stored(initialised)
    assert "Talks on reopening the Black Sea grain corridor stalled on Tuesday" in doc.text
    assert '"We are not giving up on the corridor," said Halima Osei' in doc.text
    assert "Tidewater Research estimated" in doc.text
    for boilerplate in ("Accept all cookies", "Cheap flights", "grainwatcher99", "All rights reserved",
                        "Subscribe today", "Related stories", "Privacy policy", "dataLayer"):
        assert boilerplate not in doc.text
    # paragraphs are blank-line separated blocks
    assert "officials said.\n\nTurkey's foreign ministry" in doc.text
    meta = doc.meta
    assert doc.title == meta["title"] == "Grain corridor talks stall as insurers balk"
    assert meta["author"] == "Amina Yusuf"
    assert meta["published"] == "2026-03-14"
    assert meta["site"] == "The Harbour Ledger" and doc.source == "The Harbour Ledger"
    assert meta["url"] == "https://harbourledger.example/world/2026/03/14/grain-corridor-talks-stall"
    assert meta["file_name"] == "news_page.html"
    assert meta["file_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert meta["extractor"] == "trafilatura" and meta["extractor_version"][0].isdigit()


def test_the_same_files_give_the_same_text_in_two_stores(tmp_path):
    from annotations.services import import_files

    files = [FIXTURES / "news_page.html", FIXTURES / "forwarded_reply.eml", two_column_pdf(tmp_path / "r.pdf"),
             word_file(tmp_path / "w.docx")]
    texts = []
    for name in ("one.sqlite", "two.sqlite"):
        with Store.create(tmp_path / name) as store:
            import_files(store, files)
            texts.append(sorted((get_document(store, d.id).text, d.title) for d in list_documents(store)))
    assert texts[0] == texts[1] and len(texts[0]) == 4


def test_two_column_pdf_reads_column_by_column_in_paragraphs(initialised, cli, tmp_path):
    code, _, err = cli("import", two_column_pdf(tmp_path / "report.pdf"))
    assert code == 0, err
    [doc] = stored(initialised)
    text = doc.text
    assert text.startswith("Quarterly Energy Report\n\n")
    left = text.index("Gas prices rose by about 12 percent in the first quarter, the Energy Regulatory Board said in its report.")
    warned = text.index("The board warned that a cold spring could push prices higher.")
    right = text.index("Imports of liquefied natural gas reached 3.4 million tonnes")
    analysts = text.index("Analysts at Meridian Capital estimated")
    assert left < warned < right < analysts  # the left column is read whole before the right one
    assert "  " not in text and "\n\n\n" not in text
    assert doc.title == "Quarterly Energy Report" and doc.meta["author"] == "Energy Regulatory Board"
    assert doc.meta["extractor"] == "pdfminer.six"


def test_scanned_and_encrypted_pdfs_are_refused_with_one_line(initialised, cli, tmp_path):
    from fpdf import FPDF

    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 100, 60, style="F")  # a picture of a page, no text layer
    scan.output(str(tmp_path / "scan.pdf"))
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("Helvetica", size=12)
    locked.cell(0, 10, "Confidential briefing on grain exports")
    locked.output(str(tmp_path / "locked.pdf"))
    before = table_dump(initialised)
    code, _, err = cli("import", tmp_path / "scan.pdf")
    assert code != 0 and err.strip().splitlines() == [f"error: {tmp_path / 'scan.pdf'}: no text layer: OCR it first"]
    code, _, err = cli("import", tmp_path / "locked.pdf")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "encrypted PDF" in err and "Traceback" not in err
    assert table_dump(initialised) == before


def test_word_file_keeps_headings_paragraphs_and_tables_in_order(initialised, cli, tmp_path):
    code, _, err = cli("import", word_file(tmp_path / "briefing.docx"))
    assert code == 0, err
    [doc] = stored(initialised)
    assert doc.text == (
        "Port congestion briefing\n\n"
        "Container ships waited an average of six days at Mombasa in February, the Kenya Ports Authority said.\n\n"
        "Waiting times\n\nPort | Days waiting\n\nMombasa | 6\n\n"
        "Shipping lines warned that delays could last until April.\n"
    )
    assert doc.title == "Port congestion briefing" and doc.meta["author"] == "Lena Okafor"
    assert doc.meta["extractor"] == "python-docx"


def test_bad_word_files_are_refused_with_one_line(initialised, cli, tmp_path):
    (tmp_path / "fake.docx").write_bytes(b"This is not a zip archive at all.")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    before = table_dump(initialised)
    code, _, err = cli("import", tmp_path / "fake.docx")
    assert code != 0 and "not a Word document" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("import", bomb)
    assert code != 0 and "zip bomb" in err and len(err.strip().splitlines()) == 1
    assert table_dump(initialised) == before


def test_email_without_the_quoted_reply_and_signature(initialised, cli):
    code, _, err = cli("import", FIXTURES / "forwarded_reply.eml")
    assert code == 0, err
    [doc] = stored(initialised)
    assert doc.text == (
        "Workers at the Kafue copper smelter extended their strike into a second week on Monday, the Mineworkers "
        "Union of Zambia said, after talks with the owner broke down over a 9 percent pay claim.\n\n"
        "The union's general secretary, Chanda Mwale, told reporters the smelter had lost about 4,000 tonnes of "
        "output so far. The company declined to comment.\n"
    )
    assert doc.title == "Fwd: Copper smelter strike enters second week"
    assert doc.meta["sender"] == "jonas.brandt@example.org" and doc.meta["author"] == "Jonas Brandt"
    assert doc.meta["published"] == "2026-03-10" and doc.source == "jonas.brandt@example.org"


def test_mailbox_gives_one_document_per_message_html_parts_as_text(initialised, cli):
    code, _, err = cli("import", FIXTURES / "two_messages.mbox")
    assert code == 0, err
    docs = {d.title: d for d in stored(initialised)}
    assert set(docs) == {"Clinic reopens in Goma", "Fuel prices rise in Kinshasa"}
    assert docs["Clinic reopens in Goma"].text.startswith("A health clinic in Goma reopened on Tuesday after three weeks of repairs")
    assert docs["Fuel prices rise in Kinshasa"].text == (
        "Fuel prices in Kinshasa rose by 8 percent on Wednesday, traders said.\n\n"
        "The central bank said it would review the exchange rate next week.\n")


def test_hopeless_pages_and_mails_give_one_line(initialised, cli):
    before = table_dump(initialised)
    code, _, err = cli("import", FIXTURES / "menu_only.html")
    assert code != 0 and "no main text found" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("import", FIXTURES / "attachment_only.eml")
    assert code != 0 and "no text part" in err and len(err.strip().splitlines()) == 1
    assert table_dump(initialised) == before


def test_folder_with_bad_files_imports_nothing_unless_asked(initialised, cli, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("news_page.html", "forwarded_reply.eml", "menu_only.html", "attachment_only.eml"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    before = table_dump(initialised)
    code, _, err = cli("import", folder)
    lines = err.strip().splitlines()
    assert code != 0 and len(lines) == 2
    assert "menu_only.html: no main text found" in err and "attachment_only.eml: no text part" in err
    assert "--skip-bad imports the 2 good file(s)" in lines[-1]
    assert table_dump(initialised) == before
    code, _, err = cli("import", folder, "--skip-bad")
    assert code == 0, err
    assert "skipped bad file:" in err and "Imported 2 document(s)" in err
    assert {d.meta["file_name"] for d in stored(initialised)} == {"news_page.html", "forwarded_reply.eml"}


def test_documents_inside_archives(initialised, cli, tmp_path):
    archive = tmp_path / "articles.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(FIXTURES / "news_page.html", arcname="web/news_page.html")
        tar.add(word_file(tmp_path / "briefing.docx"), arcname="reports/briefing.docx")
    code, _, err = cli("import", archive)
    assert code == 0, err
    assert {d.meta["file_name"] for d in stored(initialised)} == {"news_page.html", "briefing.docx"}


def test_import_only_formats_are_not_offered_for_export(initialised, cli, tmp_path):
    from annotations.formats import format_names

    assert {"html", "pdf", "docx", "email"} <= set(format_names())
    assert not {"html", "pdf", "docx", "email"} & set(format_names(writable=True))
    code, _, err = cli("export", "pdf", tmp_path / "out.pdf")
    assert code != 0 and "does not export" in err and not (tmp_path / "out.pdf").exists()
