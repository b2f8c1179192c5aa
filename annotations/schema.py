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

# \Z, not $: `$` also matches before a final newline ("ACTOR\n" passed the check)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*\Z")
DEFAULT_SCHEMA = "default.toml"
REVIEW_KEYS = ("a", "n", "x", "r")  # the desktop's accept/next/reject/relabel keys: no label may take them
MAX_VERSION = 2**31 - 1


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


def _brief(value: Any) -> str:
    return repr(value)[:60]


def _text(origin: str, where: str, value: Any, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise _fail(origin, f"{where} must be text, not {_brief(value)}")
    return value


def _word(origin: str, what: str, value: Any) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise _fail(origin, f"{what} {_brief(value)} must be a word (a letter, then letters, digits, _ or -)")
    return value


def _tables(origin: str, what: str, value: Any) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(origin, f"{what} must be a list of tables ([[{what}]]), not {_brief(value)}")
    return value


def _words(origin: str, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(origin, f"{where} must be a list of label names, not {_brief(value)}")
    return tuple(value)


def _parse_attribute(origin: str, label: str, raw: dict) -> AttributeDef:
    if "name" not in raw:
        raise _fail(origin, f"label {label}: each attribute needs a name")
    name = _word(origin, f"label {label}: attribute name", raw["name"])
    kind = raw.get("type", "text")
    if not isinstance(kind, str) or kind not in type_names():
        raise _fail(
            origin,
            f"label {label}: attribute {name!r} has unknown type {_brief(kind)} "
            f"(use one of {', '.join(type_names())})",
        )
    values = raw.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _fail(origin, f"label {label}: attribute {name!r} values must be a list of text, not {_brief(values)}")
    problem = get_type(kind).problem(tuple(values))
    if problem:
        raise _fail(origin, f"label {label}: {kind} attribute {name!r} {problem}")
    description = _text(origin, f"label {label}: attribute {name!r} description", raw.get("description"))
    return AttributeDef(name=name, type=kind, values=tuple(values), description=description)


def _parse_label(origin: str, raw: dict, seen_names: set[str], seen_keys: dict[str, str]) -> LabelDef:
    name = _word(origin, "label name", raw.get("name", ""))
    if name in seen_names:
        raise _fail(origin, f"duplicate label {name}")
    seen_names.add(name)
    color = raw.get("color", "")
    if not isinstance(color, str) or not _COLOUR.fullmatch(color):
        raise _fail(origin, f"label {name}: bad colour {_brief(color)} (use #RRGGBB)")
    hotkey = raw.get("hotkey", "")
    hotkey = str(hotkey) if isinstance(hotkey, int) and not isinstance(hotkey, bool) else hotkey
    if not isinstance(hotkey, str) or len(hotkey) != 1 or not hotkey.isalnum():
        raise _fail(origin, f"label {name}: hotkey {_brief(hotkey)} must be one letter or digit")
    if hotkey.lower() in REVIEW_KEYS:
        raise _fail(origin, f"label {name}: hotkey {hotkey!r} is a review key (A accept, N next, X reject, "
                            "R relabel); choose another letter or a digit")
    if hotkey.lower() in seen_keys:
        raise _fail(origin, f"duplicate hotkey {hotkey!r} (labels {seen_keys[hotkey.lower()]} and {name})")
    seen_keys[hotkey.lower()] = name
    attrs = tuple(_parse_attribute(origin, name, a) for a in _tables(origin, "labels.attributes",
                                                                          raw.get("attributes")))
    if len({a.name for a in attrs}) != len(attrs):
        raise _fail(origin, f"label {name}: duplicate attribute name")
    description = _text(origin, f"label {name}: description", raw.get("description"))
    return LabelDef(name, color.upper(), hotkey, description, attrs)


def _parse_relation(origin: str, raw: dict, seen_names: set[str]) -> RelationDef:
    name = _word(origin, "relation name", raw.get("name", ""))
    head = _words(origin, f"relation {name}: head", raw.get("head", []))
    child = _words(origin, f"relation {name}: child", raw.get("child", []))
    for end in head + child:
        if end not in seen_names:
            raise _fail(origin, f"relation {name} refers to unknown label {end!r}")
    if not head or not child:
        raise _fail(origin, f"relation {name} needs head and child labels")
    return RelationDef(name, head, child, _text(origin, f"relation {name}: description", raw.get("description")))


def _version(origin: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        raise _fail(origin, f"version must be a whole number from 1 to {MAX_VERSION}, not {_brief(value)}")
    return value


def parse_schema(text: str, origin: str = "<schema>") -> LabelSchema:
    """Parse and validate schema TOML; errors name the origin and the problem (one line)."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(origin, f"not valid TOML ({exc})") from None
    except RecursionError:
        raise _fail(origin, "not valid TOML (values nested too deeply)") from None
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or not raw_labels:
        raise _fail(origin, "a schema needs at least one [[labels]] entry")
    seen_names: set[str] = set()
    seen_keys: dict[str, str] = {}
    labels = [_parse_label(origin, raw, seen_names, seen_keys) for raw in _tables(origin, "labels", raw_labels)]
    relations = [_parse_relation(origin, raw, seen_names) for raw in _tables(origin, "relations", data.get("relations"))]
    language = _text(origin, "language", data.get("language"), "en")
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise _fail(origin, f"language {language[:20]!r} must be a language code such as 'en'")
    return LabelSchema(
        name=_text(origin, "name", data.get("name"), "custom"),
        labels=tuple(labels),
        relations=tuple(relations),
        language=language,
        version=_version(origin, data.get("version", 1)),
        guidelines=_text(origin, "guidelines", data.get("guidelines")),
        source_text=text,
    )


def load_schema(path: str | Path) -> LabelSchema:
    """Load a schema file; a `guidelines` entry naming a file is read relative to it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
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
