"""Imports and exports whose wrong answers a user would notice: the text kept
from a bottom-posted e-mail reply, bad input named by file and line, and
options and fields the formats promise. (Found by mutation testing:
scripts/mutation.sh formats.)"""
from __future__ import annotations

import pytest

from annotations.services import get_document, list_documents
from annotations.store import Store

REPLY = """From: Jonas Brandt <jonas.brandt@example.org>
To: Desk Analysts <desk@example.org>
Subject: Re: smelter story
Date: Tue, 10 Mar 2026 09:42:11 +0100
Message-ID: <20260310094211.78@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

On Mon, 9 Mar 2026 at 18:03, Priya Nair <priya.nair@example.org> wrote:
> Can someone send me the smelter story? I only saw the headline.

Workers at the Kafue copper smelter extended their strike into a second week, the union said.
"""


@pytest.fixture
def initialised(cli, store_path):
    assert cli("init")[0] == 0
    return store_path


def stored(path):
    with Store.open(path) as store:
        return [get_document(store, d.id) for d in list_documents(store)]


def test_a_reply_written_below_the_quote_keeps_only_the_new_text(initialised, cli, tmp_path):
    mail = tmp_path / "reply.eml"
    mail.write_text(REPLY, encoding="utf-8")
    code, _, err = cli("import", mail)
    assert code == 0, err
    [doc] = stored(initialised)
    assert "Workers at the Kafue copper smelter extended their strike into a second week" in doc.text
    assert "Can someone send me" not in doc.text and "wrote:" not in doc.text


def test_a_number_with_too_many_digits_is_named_by_file_and_line(initialised, cli, tmp_path):
    tasks = tmp_path / "tasks.json"
    tasks.write_text('[\n  {"data": {"text": "Ana Ruiz spoke."}},\n  {"data": {"text": "Bo", "n": '
                     + "9" * 5000 + "}}\n]\n", encoding="utf-8")
    code, _, err = cli("import", tasks, "--format", "labelstudio")
    assert code != 0
    assert err.strip().startswith(f"error: {tasks}:3: a number in the JSON has too many digits"), err
    assert stored(initialised) == []
