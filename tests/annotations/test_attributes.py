"""Attribute types are objects (annotations/attributes.py): each parses,
checks, formats, displays and lists its choices; the schema, brat and Label
Studio ask them, so a new type is one class in one module."""
from __future__ import annotations

import datetime as dt

import pytest

from annotations.attributes import TYPES, AttributeType, get_type
from annotations.errors import SchemaError, ValidationError
from annotations.formats.brat import annotation_conf, parse_value
from annotations.schema import AttributeDef, parse_schema

CASES = [  # type, values, text in, typed value, interchange text, display text
    ("choice", ("person", "state"), "state", "state", "state", "state"),
    ("boolean", (), "true", True, "true", "yes"),
    ("boolean", (), "No", False, "false", "no"),
    ("number", (), "3,500", 3500, "3500", "3500"),
    ("number", (), "2.5", 2.5, "2.5", "2.5"),
    ("integer", (), "-12", -12, "-12", "-12"),
    ("text", (), "about a third", "about a third", "about a third", "about a third"),
]


@pytest.mark.parametrize("name,values,text,value,interchange,shown", CASES)
def test_each_type_parses_checks_formats_and_displays(name, values, text, value, interchange, shown):
    spec = AttributeDef("a", name, values)
    assert spec.parse(text) == value and type(spec.parse(text)) is type(value)
    assert spec.kind.check(value, values)
    assert spec.format(value) == interchange and spec.parse(interchange) == value
    assert spec.display(value) == shown and spec.display(None) == ""


@pytest.mark.parametrize("name,text", [("boolean", "maybe"), ("number", "many"), ("integer", "2.5")])
def test_text_of_another_type_is_refused_with_a_reason(name, text):
    with pytest.raises(ValueError, match=repr(text)):
        AttributeDef("a", name).parse(text)


def test_choices_and_editors():
    assert AttributeDef("kind", "choice", ("person", "state")).choices() == ("person", "state")
    assert AttributeDef("approx", "boolean").choices() == ("true", "false")
    assert AttributeDef("value", "number").choices() == ()
    assert {t.name: t.editor for t in TYPES.values()} == {
        "choice": "choices", "boolean": "choices", "number": "number", "integer": "number", "text": "text"}


def test_schema_check_messages_come_from_the_type():
    with pytest.raises(ValidationError, match="'kind' of ACTOR must be one of person, state, not 'city'"):
        AttributeDef("kind", "choice", ("person", "state")).check("ACTOR", "city")
    with pytest.raises(ValidationError, match="must be a integer, not True"):
        AttributeDef("n", "integer").check("FIGURE", True)


def test_brat_reads_and_declares_through_the_types():
    flag = AttributeDef("approximate", "boolean")
    assert parse_value(None, flag) is True  # a brat binary attribute written bare
    assert parse_value("3,500", AttributeDef("value", "number")) == 3500
    with pytest.raises(ValueError, match="has no value"):
        parse_value(None, AttributeDef("value", "number"))
    schema = parse_schema(SCHEMA.format(type="boolean"))
    assert "flag\tArg:THING, Value:true|false" in annotation_conf(schema)


SCHEMA = """
[[labels]]
name = "THING"
color = "#112233"
hotkey = "t"
attributes = [{{name = "flag", type = "{type}"}}]
"""


class DateType(AttributeType):
    name = "date"

    def check(self, value, values=()):
        return isinstance(value, str) and bool(dt.date.fromisoformat(value))

    def parse(self, text, values=()):
        return dt.date.fromisoformat(text.strip()).isoformat()


def test_a_new_type_is_one_class_registered_in_one_module(monkeypatch):
    with pytest.raises(SchemaError, match="unknown type 'date'"):
        parse_schema(SCHEMA.format(type="date"))
    monkeypatch.setitem(TYPES, "date", DateType())
    schema = parse_schema(SCHEMA.format(type="date"))
    spec = schema.label("THING").attribute("flag")
    assert get_type("date") is spec.kind and spec.parse(" 2026-12-01") == "2026-12-01"
    assert schema.check_attributes("THING", {"flag": "2026-12-01"}) == {"flag": "2026-12-01"}
    assert "flag\tArg:THING" in annotation_conf(schema)
