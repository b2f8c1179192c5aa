"""E-mail (.eml: one message; .mbox: several), read with the standard
library's `email` package: the text part (or the HTML part as text), without
quoted replies and signatures, with subject, sender and date as metadata.

Hard-wrapped plain-text lines are joined back into paragraphs. An article
forwarded in the body is kept; what was quoted from an earlier message
("> ..." lines and the "On ... wrote:" line before them, an Outlook
"Original Message" block) is not.
"""
from __future__ import annotations

import email
import mailbox
import re
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..types import DocumentRecord
from .base import ImportNotes
from .extracted import ImportOnly, document_record, paragraphs, read_original

_ATTRIBUTION = re.compile(r"^(on .{3,200} wrote:|.{3,120} (schrieb|a écrit|escribió)\s?.{0,80}:)\s*$", re.I)
_ORIGINAL = re.compile(r"^-{2,}\s*original message\s*-{2,}\s*$", re.I)


def strip_replies(text: str) -> str:
    """The new part of a message: quoted lines, their attribution and the signature removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        if _ORIGINAL.match(line.strip()) or line in ("-- ", "--"):
            break  # everything after an Outlook quote header or a signature separator
        if line.lstrip().startswith(">"):
            while kept and (not kept[-1].strip() or _ATTRIBUTION.match(kept[-1].strip())):
                if _ATTRIBUTION.match(kept[-1].strip()):
                    kept.pop()
                    break
                kept.pop()
            continue
        kept.append(line)
    return "\n".join(kept)


def html_text(html: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml's parse errors on empty or broken markup
        return ""
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    blocks = [el.text_content() for el in root.iter("p", "div", "li", "h1", "h2", "h3", "td") if not len(el.xpath("p|div"))]
    return "\n\n".join(blocks) if blocks else root.text_content()


def message_text(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError, AssertionError):  # unknown charset or broken encoding
        payload = body.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if body.get_content_subtype() == "html":
        content = html_text(content)
    new = strip_replies(content)
    return paragraphs(re.split(r"\n\s*\n", new))


def message_record(msg: EmailMessage, path: Path, data: bytes, number: int | None) -> DocumentRecord:
    where = f"message {number}: " if number else ""
    text = message_text(msg)
    if not text.strip():
        raise InputError(path, None, f"{where}no text part in the e-mail")
    name, address = parseaddr(str(msg.get("From", "")))
    try:
        published = parsedate_to_datetime(str(msg["Date"])).date().isoformat() if msg["Date"] else None
    except (TypeError, ValueError):
        published = None
    meta = {"title": str(msg.get("Subject", "") or "").strip(), "author": name or address,
            "sender": address, "published": published, "message_id": str(msg.get("Message-ID", "") or "").strip()}
    return document_record(path, data, text, meta, extractor="python-email", distribution="glossator",
                           source=address or path.name, line=number)


class Mail(ImportOnly):
    name = "email"
    description = "e-mail (.eml) or mailbox (.mbox): the text of each message"
    extensions = (".eml", ".mbox")

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() in self.extensions and not path.is_dir()

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        data = read_original(path)
        if path.suffix.lower() == ".eml":
            msg = email.message_from_bytes(data, policy=policy.default)
            if not msg.keys():
                raise InputError(path, None, "not an e-mail (no headers)")
            yield message_record(msg, path, data, None)
            return
        box = mailbox.mbox(path, factory=lambda fh: email.message_from_binary_file(fh, policy=policy.default),
                           create=False)
        count = 0
        for count, msg in enumerate(box, start=1):
            yield message_record(msg, path, msg.as_bytes(), count)
        if not count:
            raise InputError(path, None, "no messages in the mailbox")


MAIL = Mail()
