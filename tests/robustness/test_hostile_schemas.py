"""Hostile label schemas: each bad TOML gives one line naming the file and
the problem (no traceback) and creates no store; tricky-but-valid ones (a
UTF-8 byte order mark) are accepted."""
from __future__ import annotations


import pytest

from annotations.errors import SchemaError
from annotations.schema import REVIEW_KEYS, load_schema, parse_schema

LABEL = '[[labels]]\nname = "ACTOR"\ncolor = "#4E79A7"\nhotkey = "1"\n'
SECOND = '[[labels]]\nname = "PLACE"\ncolor = "#59A14F"\nhotkey = "2"\n'

# name -> schema text; every one must be refused with one line
BAD_SCHEMAS = {
    "label-name-with-final-newline": '[[labels]]\nname = "ACTOR\\n"\ncolor = "#4E79A7"\nhotkey = "1"\n',
    "relation-name-with-final-newline": LABEL + SECOND + '[[relations]]\nname = "SOURCE\\n"\nhead = ["ACTOR"]\nchild = ["PLACE"]\n',
    "colour-with-final-newline": '[[labels]]\nname = "ACTOR"\ncolor = "#4E79A7\\n"\nhotkey = "1"\n',
    "colour-not-hex": '[[labels]]\nname = "ACTOR"\ncolor = "#GGGGGG"\nhotkey = "1"\n',
    "colour-named": '[[labels]]\nname = "ACTOR"\ncolor = "red"\nhotkey = "1"\n',
    "labels-not-tables": "labels = [1]\n",
    "labels-a-string": 'labels = "ACTOR"\n',
    "version-text": 'version = "abc"\n' + LABEL,
    "version-inf": "version = inf\n" + LABEL,
    "version-nan": "version = nan\n" + LABEL,
    "version-float": "version = 1.5\n" + LABEL,
    "version-huge": "version = 9223372036854775807\n" + LABEL,
    "version-bool": "version = true\n" + LABEL,
    "guidelines-number": "guidelines = 5\n" + LABEL,
    "name-table": "name = {a = 1}\n" + LABEL,
    "language-number": "language = 5\n" + LABEL,
    "description-number": '[[labels]]\nname = "ACTOR"\ncolor = "#4E79A7"\nhotkey = "1"\ndescription = 3\n',
    "relations-not-tables": "relations = [1, 2]\n" + LABEL,
    "relations-a-table": LABEL + "[relations]\nname = 'X'\n",
    "relation-head-nested": LABEL + SECOND + '[[relations]]\nname = "SOURCE"\nhead = [["ACTOR"]]\nchild = ["PLACE"]\n',
    "relation-head-string": LABEL + SECOND + '[[relations]]\nname = "SOURCE"\nhead = "ACTOR"\nchild = ["PLACE"]\n',
    "relation-child-table": LABEL + SECOND + '[[relations]]\nname = "SOURCE"\nhead = ["ACTOR"]\nchild = {a = 1}\n',
    "attributes-not-tables": LABEL + "attributes = [1]\n",
    "attribute-name-number": LABEL + "[[labels.attributes]]\nname = 5\ntype = 'text'\n",
    "attribute-name-newline": LABEL + "[[labels.attributes]]\nname = \"kind\\n\"\ntype = 'text'\n",
    "attribute-type-list": LABEL + "[[labels.attributes]]\nname = 'kind'\ntype = ['text']\n",
    "attribute-values-nested": LABEL + "[[labels.attributes]]\nname = 'kind'\ntype = 'choice'\nvalues = [['a']]\n",
    "attribute-values-string": LABEL + "[[labels.attributes]]\nname = 'kind'\ntype = 'choice'\nvalues = 'abc'\n",
    "deeply-nested-array": "x = " + "[" * 5000 + "]" * 5000 + "\n" + LABEL,
    "deeply-nested-inline-table": "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n" + LABEL,
    "hotkey-table": '[[labels]]\nname = "ACTOR"\ncolor = "#4E79A7"\nhotkey = {a = 1}\n',
    **{f"review-hotkey-{key}": f'[[labels]]\nname = "ACTOR"\ncolor = "#4E79A7"\nhotkey = "{key}"\n'
       for key in ("a", "n", "x", "r", "A", "N", "X", "R")},
}


@pytest.mark.parametrize("case", list(BAD_SCHEMAS))
def test_bad_schema_is_refused_with_one_line(case):
    with pytest.raises(SchemaError) as refused:
        parse_schema(BAD_SCHEMAS[case], "bad.toml")
    message = str(refused.value)
    assert message.startswith("bad.toml: ") and "\n" not in message, message
    assert len(message) < 300


@pytest.mark.parametrize("case", ["label-name-with-final-newline", "version-inf", "relation-head-nested",
                                  "deeply-nested-array", "review-hotkey-a", "labels-not-tables"])
def test_cli_init_with_a_bad_schema_says_one_line_and_creates_nothing(cli, store_path, tmp_path, case):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_SCHEMAS[case], encoding="utf-8")
    code, _out, err = cli("init", "--schema", str(path))
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0 and len(lines) == 1 and lines[0].startswith(f"error: {path}: "), err
    assert not store_path.exists()


def test_schema_with_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (LABEL + SECOND).encode("utf-8"))
    assert load_schema(path).label_names == ("ACTOR", "PLACE")
    assert parse_schema("\ufeff" + LABEL).label_names == ("ACTOR",)


def test_review_keys_are_the_desktop_ones():
    """The schema refuses exactly the single keys the desktop's review actions use."""
    from desktop.review import REVIEW_ACTIONS

    single = {spec.shortcut.lower() for spec in REVIEW_ACTIONS
              if isinstance(spec.shortcut, str) and len(spec.shortcut) == 1}
    assert single == set(REVIEW_KEYS)


def test_label_names_from_the_default_schema_still_load():
    from annotations.schema import default_schema

    schema = default_schema()
    assert schema.label_names == ("ACTOR", "FIGURE", "ASSERTION")
    assert not {lab.hotkey.lower() for lab in schema.labels} & set(REVIEW_KEYS)
