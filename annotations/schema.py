"""Label schemas: which labels exist, their colours, hotkeys, attributes and
relation types. Loads and validates TOML files; validates span attributes.

This module knows nothing about the store; the store keeps a schema's TOML
text and hands it here.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .attributes import AttributeType, get_type, type_names
from .errors import SchemaError, ValidationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
DEFAULT_SCHEMA = "default.toml"


@dataclass(frozen=True)
class AttributeDef:
    name: str
    type: str
    values: tuple[str, ...] = ()
    description: str = ""

    @property
    def kind(self) -> AttributeType:
        """The type object (attributes.py) that parses, checks and prints this attribute's values."""
        return get_type(self.type)

    def check(self, label: str, value: Any) -> None:
        """Raise ValidationError naming label and attribute if value has the wrong type."""
        if not self.kind.check(value, self.values):
            raise ValidationError(
                f"attribute {self.name!r} of {label} must be {self.kind.expected(self.values)}, not {value!r}"
            )

    def parse(self, text: str) -> Any:
        """The typed value from text (ValueError if it is not of this type)."""
        return self.kind.parse(text, self.values)

    def format(self, value: Any) -> str:
        return self.kind.format(value)

    def display(self, value: Any) -> str:
        return self.kind.display(value)

    def choices(self) -> tuple[str, ...]:
        return self.kind.choices(self.values)


@dataclass(frozen=True)
class LabelDef:
    name: str
    color: str
    hotkey: str
    description: str = ""
    attributes: tuple[AttributeDef, ...] = ()

    def attribute(self, name: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True)
class RelationDef:
    name: str
    head: tuple[str, ...]
    child: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class LabelSchema:
    name: str
    labels: tuple[LabelDef, ...]
    relations: tuple[RelationDef, ...] = ()
    language: str = "en"
    version: int = 1
    guidelines: str = ""
    source_text: str = field(default="", compare=False, repr=False)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lab.name for lab in self.labels)

    def label(self, name: str) -> LabelDef:
        for lab in self.labels:
            if lab.name == name:
                return lab
        raise ValidationError(
            f"unknown label {name!r} (schema {self.name!r} has {', '.join(self.label_names)})"
        )

    def relation(self, name: str) -> RelationDef:
        for rel in self.relations:
            if rel.name == name:
                return rel
        known = ", ".join(r.name for r in self.relations) or "none"
        raise ValidationError(f"unknown relation {name!r} (schema {self.name!r} has {known})")

    def check_attributes(self, label: str, attributes: Mapping[str, Any] | None) -> dict[str, Any]:
        """Validate attributes for a label and return them as a plain dict."""
        lab = self.label(label)
        clean: dict[str, Any] = {}
        for key, value in (attributes or {}).items():
            spec = lab.attribute(key)
            if spec is None:
                known = ", ".join(a.name for a in lab.attributes) or "none"
                raise ValidationError(f"unknown attribute {key!r} for {label} (allowed: {known})")
            if value is None:
                continue
            spec.check(label, value)
            clean[key] = value
        return clean

    def check_relation(self, name: str, head_label: str, child_label: str) -> None:
        rel = self.relation(name)
        if head_label not in rel.head or child_label not in rel.child:
            raise ValidationError(
                f"relation {name} goes from {'/'.join(rel.head)} to {'/'.join(rel.child)}, "
                f"not from {head_label} to {child_label}"
            )


def _fail(origin: str, message: str) -> SchemaError:
    return SchemaError(f"{origin}: {message}")


def _parse_attribute(origin: str, label: str, raw: Any) -> AttributeDef:
    if not isinstance(raw, dict) or "name" not in raw:
        raise _fail(origin, f"label {label}: each attribute needs a name")
    name, kind = raw["name"], raw.get("type", "text")
    if kind not in type_names():
        raise _fail(
            origin,
            f"label {label}: attribute {name!r} has unknown type {kind!r} "
            f"(use one of {', '.join(type_names())})",
        )
    values = tuple(raw.get("values", ()))
    problem = get_type(kind).problem(values)
    if problem:
        raise _fail(origin, f"label {label}: {kind} attribute {name!r} {problem}")
    return AttributeDef(name=name, type=kind, values=values, description=raw.get("description", ""))


def parse_schema(text: str, origin: str = "<schema>") -> LabelSchema:
    """Parse and validate schema TOML; errors name the origin and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(origin, f"not valid TOML ({exc})") from None
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or not raw_labels:
        raise _fail(origin, "a schema needs at least one [[labels]] entry")
    labels: list[LabelDef] = []
    seen_names: set[str] = set()
    seen_keys: dict[str, str] = {}
    for raw in raw_labels:
        name = raw.get("name", "")
        if not isinstance(name, str) or not _NAME.match(name):
            raise _fail(origin, f"label name {name!r} must be a word (letters, digits, _ or -)")
        if name in seen_names:
            raise _fail(origin, f"duplicate label {name}")
        seen_names.add(name)
        color = raw.get("color", "")
        if not isinstance(color, str) or not _COLOUR.match(color):
            raise _fail(origin, f"label {name}: bad colour {color!r} (use #RRGGBB)")
        hotkey = str(raw.get("hotkey", ""))
        if len(hotkey) != 1 or not hotkey.isalnum():
            raise _fail(origin, f"label {name}: hotkey {hotkey!r} must be one letter or digit")
        if hotkey.lower() in seen_keys:
            raise _fail(
                origin, f"duplicate hotkey {hotkey!r} (labels {seen_keys[hotkey.lower()]} and {name})"
            )
        seen_keys[hotkey.lower()] = name
        attrs = tuple(_parse_attribute(origin, name, a) for a in raw.get("attributes", []))
        if len({a.name for a in attrs}) != len(attrs):
            raise _fail(origin, f"label {name}: duplicate attribute name")
        labels.append(LabelDef(name, color.upper(), hotkey, raw.get("description", ""), attrs))
    relations: list[RelationDef] = []
    for raw in data.get("relations", []):
        name = raw.get("name", "")
        if not isinstance(name, str) or not _NAME.match(name):
            raise _fail(origin, f"relation name {name!r} must be a word")
        head, child = tuple(raw.get("head", ())), tuple(raw.get("child", ()))
        for end in head + child:
            if end not in seen_names:
                raise _fail(origin, f"relation {name} refers to unknown label {end!r}")
        if not head or not child:
            raise _fail(origin, f"relation {name} needs head and child labels")
        relations.append(RelationDef(name, head, child, raw.get("description", "")))
    guidelines = data.get("guidelines", "")
    return LabelSchema(
        name=str(data.get("name", "custom")),
        labels=tuple(labels),
        relations=tuple(relations),
        language=str(data.get("language", "en")),
        version=int(data.get("version", 1)),
        guidelines=guidelines,
        source_text=text,
    )


def load_schema(path: str | Path) -> LabelSchema:
    """Load a schema file; a `guidelines` entry naming a file is read relative to it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read schema ({exc})") from None
    schema = parse_schema(text, str(path))
    guide = path.parent / schema.guidelines if schema.guidelines else None
    if guide is not None and guide.suffix == ".md" and guide.is_file():
        schema = _with_guidelines(schema, guide.read_text(encoding="utf-8"))
    return schema


def _with_guidelines(schema: LabelSchema, text: str) -> LabelSchema:
    return replace(schema, guidelines=text)


def default_schema() -> LabelSchema:
    folder = resources.files("resources") / "schemas"
    text = (folder / DEFAULT_SCHEMA).read_text(encoding="utf-8")
    schema = parse_schema(text, f"resources/schemas/{DEFAULT_SCHEMA}")
    guide = folder / schema.guidelines
    return _with_guidelines(schema, guide.read_text(encoding="utf-8")) if guide.is_file() else schema
