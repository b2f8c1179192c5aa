"""A deterministic script of span edits for crash and concurrency tests.

Op i works on "group" g = i // 3 of one document: add an ACTOR span at g,
then change its attributes (never to the value it had: every op changes the state), then delete it (even g) or widen it (odd g). Every
span starts at its group number, so the expected store state after any prefix
of the script is known without store ids.

Run as a child process: `python edit_script.py STORE DOC_ID FIRST_OP LAST_OP`
applies ops FIRST..LAST-1 through the services and prints "ack I" after each
call has returned (i.e. after its transaction committed).
"""
from __future__ import annotations

import sys
from pathlib import Path

KINDS = ("person", "organization", "state", "group")
TEXT = "".join(chr(ord("a") + (i * 7) % 26) if i % 6 else " " for i in range(6000))


def expected_state(ops: int) -> dict[int, tuple]:
    """{start: (end, label, attributes)} of the document after the first `ops` ops."""
    state: dict[int, tuple] = {}
    for i in range(ops):
        g, step = divmod(i, 3)
        if step == 0:
            state[g] = (g + 3, "ACTOR", {"kind": "person"})
        elif step == 1:
            state[g] = (state[g][0], "ACTOR", {"kind": KINDS[1 + g % 3]})
        elif g % 2 == 0:
            del state[g]
        else:
            state[g] = (g + 4, *state[g][1:])
    return state


def apply(store, document_id: int, i: int, ids: dict[int, int]) -> None:
    from annotations.services import add_span, delete_span, resize_span, set_span_attributes

    g, step = divmod(i, 3)
    if step == 0:
        ids[g] = add_span(store, document_id, g, g + 3, "ACTOR", {"kind": "person"}).span_id
    elif step == 1:
        set_span_attributes(store, ids[g], {"kind": KINDS[1 + g % 3]})
    elif g % 2 == 0:
        delete_span(store, ids[g])
    else:
        resize_span(store, ids[g], g, g + 4)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from annotations.services import get_spans
    from annotations.store import Store

    path, document_id, first, last = Path(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    store = Store.open(path)
    ids = {s.start: s.id for s in get_spans(store, document_id)}
    print("ready", flush=True)
    for i in range(first, last):
        apply(store, document_id, i, ids)
        print(f"ack {i}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
