"""Attribute types: one object per type of span attribute (choice, boolean,
number, integer, text) owning everything that depends on the type:

- `check(value, values)`: is a stored value of this type (and among the
  definition's `values` where the type has choices)?
- `parse(text, values)`: the typed value from text (a brat value, a Label
  Studio choice, what a person typed); ValueError naming the problem if the
  text is not of this type. Choices are checked by `check`, not here.
- `format(value)`: the interchange text (brat, Label Studio choices); `parse`
  reads it back.
- `display(value)`: the text shown to people (the span panel, tables).
- `choices(values)`: the texts a choice control offers (empty: free entry).
- `editor`: the kind of control that edits it: "choices", "number" or "text".
- `problem(values)`: what is wrong with a schema definition of this type.

The schema (`schema.AttributeDef`), brat, Label Studio and the desktop's span
panel ask these objects and never switch on a type's name.

Adding a type touches this module only: write a subclass of AttributeType
and add an instance to TYPES; the schema accepts its name from then on.
"""
from __future__ import annotations

import math

import re
from typing import Any

_INTEGER = re.compile(r"[+-]?\d+")


class AttributeType:
    name = ""
    editor = "text"
    present_value: Any = None  # the value of an attribute written without one (brat's binary flags)

    def check(self, value: Any, values: tuple[str, ...] = ()) -> bool:
        raise NotImplementedError

    def expected(self, values: tuple[str, ...] = ()) -> str:
        """What a valid value is, for messages: "a number", "one of a, b"."""
        return f"a {self.name}"

    def parse(self, text: str, values: tuple[str, ...] = ()) -> Any:
        return text

    def format(self, value: Any) -> str:
        return str(value)

    def display(self, value: Any) -> str:
        return "" if value is None else self.format(value)

    def choices(self, values: tuple[str, ...] = ()) -> tuple[str, ...]:
        return ()

    def problem(self, values: tuple[str, ...]) -> str | None:
        return None


class ChoiceType(AttributeType):
    name = "choice"
    editor = "choices"

    def check(self, value, values=()):
        return isinstance(value, str) and value in values

    def expected(self, values=()):
        return f"one of {', '.join(values)}"

    def choices(self, values=()):
        return tuple(values)

    def problem(self, values):
        if not values or not all(isinstance(v, str) for v in values):
            return "needs a list of string values"
        return None


class BooleanType(AttributeType):
    name = "boolean"
    editor = "choices"
    present_value = True
    _TEXTS = {"true": True, "false": False, "yes": True, "no": False}

    def check(self, value, values=()):
        return isinstance(value, bool)

    def parse(self, text, values=()):
        try:
            return self._TEXTS[text.strip().lower()]
        except KeyError:
            raise ValueError(f"value {text!r} is not true or false") from None

    def format(self, value):
        return "true" if value else "false"

    def display(self, value):
        return "" if value is None else ("yes" if value else "no")

    def choices(self, values=()):
        return ("true", "false")


class NumberType(AttributeType):
    name = "number"
    editor = "number"

    def check(self, value, values=()):
        """Finite, and an integer fits 64 bits: what every export format and trainer can hold."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return -(2**63) <= value <= 2**63 - 1 if isinstance(value, int) else math.isfinite(value)

    def parse(self, text, values=()):
        plain = text.strip().replace(",", "")  # "3,500" as people write it
        if len(plain) > 40:
            raise ValueError(f"value {plain[:20]}… is too long for a number")
        try:
            number = int(plain) if _INTEGER.fullmatch(plain) else float(plain)
        except ValueError:
            raise ValueError(f"value {text!r} is not a number") from None
        if not NumberType.check(self, number):
            raise ValueError(f"value {text!r} is not a finite number that fits 64 bits")
        return number

    def format(self, value):
        return f"{value:g}" if isinstance(value, float) else str(value)


class IntegerType(NumberType):
    name = "integer"

    def check(self, value, values=()):
        return isinstance(value, int) and not isinstance(value, bool)

    def parse(self, text, values=()):
        number = super().parse(text, values)
        if isinstance(number, float):
            if not number.is_integer():
                raise ValueError(f"value {text!r} is not a whole number")
            number = int(number)
        return number


class TextType(AttributeType):
    name = "text"

    def check(self, value, values=()):
        return isinstance(value, str)


TYPES: dict[str, AttributeType] = {t.name: t for t in (ChoiceType(), TextType(), NumberType(), IntegerType(),
                                                         BooleanType())}
TEXT = TYPES["text"]  # the type of an attribute no schema defines (read as plain text)


def type_names() -> tuple[str, ...]:
    return tuple(TYPES)


def get_type(name: str) -> AttributeType:
    """The type object for a schema's type name (KeyError if there is none)."""
    return TYPES[name]
