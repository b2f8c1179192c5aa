"""Parsing helpers shared by the JSON-based readers: typed field access that
raises InputError with file and line, and JSON line iteration."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..text import read_text


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line of a JSONL file."""
    text = read_text(path)
    if not text.strip():
        raise InputError(path, None, "empty file (no records)")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield number, parse_json(line, path, number)


def parse_json(text: str, path: Path, line: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = exc.lineno - 1 + (line or 1)
        raise InputError(path, where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(path, line, "JSON nested too deeply") from None
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        raise InputError(path, line, f"a number in the JSON has too many digits ({exc})"[:200]) from None


class Fields:
    """Typed access to one JSON object's fields, failing with file and line."""

    def __init__(self, value: Any, path: Path, line: int | None, what: str = "record"):
        if not isinstance(value, dict):
            raise InputError(path, line, f"{what} must be a JSON object, not {type(value).__name__}")
        self.value, self.path, self.line, self.what = value, path, line, what

    def fail(self, reason: str) -> InputError:
        return InputError(self.path, self.line, reason)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None, required: bool = False) -> Any:
        if key not in self.value or self.value[key] is None:
            if required:
                raise self.fail(f"{self.what} has no {key!r}")
            return default
        value = self.value[key]
        bad_bool = isinstance(value, bool) and kind in (int, float, (int, float))
        if not isinstance(value, kind) or bad_bool:
            name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{self.what} field {key!r} must be {name}, not {value!r}"[:300])
        return value

    def int(self, key: str, required: bool = True) -> int:
        return self.get(key, int, required=required)

    def str(self, key: str, required: bool = True, default: str | None = None) -> str:
        return self.get(key, str, default=default, required=required)

    def dict(self, key: str) -> dict:
        return self.get(key, dict, default={})

    def list(self, key: str) -> list:
        return self.get(key, list, default=[])

    def sub(self, value: Any, what: str) -> "Fields":
        return Fields(value, self.path, self.line, what)

    def key(self, name: str, default: Any = None) -> Any:
        """An id field (entity or result id, from_id, to_id): text or an integer, so it can key a dict."""
        value = self.value.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.fail(f"{self.what} field {name!r} must be text or an integer, not {value!r}"[:200])
        return value


def iter_json_array(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each element of a top-level JSON array (or a
    single object), so errors in one element can name its line."""
    text = read_text(path)
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if pos >= len(text):
        raise InputError(path, None, "empty file (no records)")
    if text[pos] == "{":
        yield _line_of(text, pos), _decode_at(decoder, text, pos, path)
        return
    if text[pos] != "[":
        raise InputError(path, _line_of(text, pos), "expected a JSON list of tasks")
    pos = _skip_ws(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return
    while True:
        line = _line_of(text, pos)
        value, pos = _decode_at(decoder, text, pos, path, with_end=True)
        yield line, value
        pos = _skip_ws(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            if _skip_ws(text, pos + 1) < len(text):
                raise InputError(path, _line_of(text, pos + 1), "text after the end of the JSON list")
            return
        raise InputError(path, _line_of(text, pos), "expected ',' or ']' between tasks")


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _decode_at(decoder: json.JSONDecoder, text: str, pos: int, path: Path, with_end: bool = False) -> Any:
    try:
        value, end = decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(path, _line_of(text, pos), "JSON nested too deeply") from None
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        raise InputError(path, _line_of(text, pos), f"a number in the JSON has too many digits ({exc})"[:200]) from None
    if not with_end and _skip_ws(text, end) < len(text):
        raise InputError(path, _line_of(text, end), "text after the end of the JSON value")
    return (value, end) if with_end else value


def first_json_line(path: Path, limit: int = 1 << 20) -> Any:
    """The first non-blank line of a file parsed as JSON, or None if it is not
    JSON (for sniffing; never raises)."""
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if raw.strip():
                    return json.loads(raw[:limit].decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    return None
