"""Label schemas: the default follows the guidelines; custom ones are validated."""
import pytest

from annotations.errors import SchemaError
from annotations.schema import default_schema, load_schema, parse_schema

BASE = """
name = "t"
[[labels]]
name = "A"
color = "#112233"
hotkey = "q"
"""


def test_default_schema_matches_the_guidelines():
    schema = default_schema()
    assert schema.label_names == ("ACTOR", "FIGURE", "ASSERTION")
    assert schema.label("ACTOR").attribute("kind").values == ("person", "organization", "state", "group")
    assert {a.name: a.type for a in schema.label("FIGURE").attributes} == {
        "value": "number", "unit": "text", "approximate": "boolean"}
    assert set(schema.label("ASSERTION").attribute("stance").values) == {
        "states", "warns", "estimates", "denies", "suggests", "other"}
    rel = schema.relation("SOURCE")
    assert (rel.head, rel.child) == (("ASSERTION",), ("ACTOR",))
    assert len({lab.hotkey for lab in schema.labels}) == 3


@pytest.mark.parametrize(
    "extra, message",
    [
        ('[[labels.attributes]]\nname = "x"\ntype = "colour"\n', "unknown type 'colour'"),
        ('[[labels]]\nname = "B"\ncolor = "#000000"\nhotkey = "Q"\n', "duplicate hotkey"),
        ('[[labels]]\nname = "B"\ncolor = "red"\nhotkey = "b"\n', "bad colour 'red'"),
        ('[[labels]]\nname = "A"\ncolor = "#000000"\nhotkey = "b"\n', "duplicate label A"),
        ('[[relations]]\nname = "R"\nhead = ["A"]\nchild = ["Z"]\n', "unknown label 'Z'"),
        ('[[labels.attributes]]\nname = "x"\ntype = "choice"\n', "needs a list"),
    ],
)
def test_invalid_schemas_name_the_problem(extra, message):
    with pytest.raises(SchemaError, match=message):
        parse_schema(BASE + extra, "custom.toml")


def test_not_toml_names_the_file():
    with pytest.raises(SchemaError, match="custom.toml: not valid TOML"):
        parse_schema("labels = [", "custom.toml")


def test_init_with_custom_schema(tmp_path, cli, store_path):
    schema = tmp_path / "s.toml"
    schema.write_text(BASE + '[[labels]]\nname = "B"\ncolor = "#445566"\nhotkey = "b"\n')
    code, _, err = cli("init", "--schema", schema)
    assert code == 0, err
    from annotations.store import Store

    with Store.open(store_path) as s:
        assert s.schema.label_names == ("A", "B")
    assert load_schema(schema).label("B").color == "#445566"


def test_init_with_bad_schema_fails_with_one_line(tmp_path, cli, store_path):
    schema = tmp_path / "bad.toml"
    schema.write_text(BASE.replace("#112233", "blue"))
    code, _, err = cli("init", "--schema", schema)
    assert code == 1
    assert err.strip().count("\n") == 0 and "bad.toml" in err and "bad colour" in err
    assert not store_path.exists()
