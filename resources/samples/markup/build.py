"""Build a blind evaluation set's articles/*.txt and gold.jsonl from its
src/articles.markup (shared by unseen/ and unseen2/):

    python3 resources/samples/markup/build.py resources/samples/unseen2

Markup (stripped from the text; offsets computed here, never by hand):
  [[surface|K]]        ACTOR, K in P/O/S/G (person/organization/state/group),
                       N = not an actor (place, demonym, region): optional, no attributes;
                       suffix '?' = optional, '#id' names the span for SOURCE links
  {{surface|V UNIT}}   FIGURE with value V and unit UNIT (may be several words);
                       flags '~' = approximate, '?' = optional
  <<stance>id,id|sentence>>  ASSERTION; '>id' links SOURCE to the actor span
                       with that id; 'stance?' = optional assertion
"""
import json, pathlib, sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
HERE = ROOT / "src"
KINDS = {"P": "person", "O": "organization", "S": "state", "G": "group", "N": None}


def parse(markup):
    out, pos, i = [], 0, 0
    spans, ids, pending, stack = [], {}, [], []
    while i < len(markup):
        two = markup[i:i + 2]
        if two in ("[[", "{{"):
            close = "]]" if two == "[[" else "}}"
            j = markup.index(close, i)
            surface, spec = markup[i + 2:j].rsplit("|", 1)
            start, end = pos, pos + len(surface)
            out.append(surface)
            pos = end
            if two == "[[":
                sid = None
                if "#" in spec:
                    spec, sid = spec.split("#")
                opt = spec.endswith("?")
                kind = KINDS[spec.rstrip("?")]
                assert kind or opt, "kind N only for optional spans"
                span = {"start": start, "end": end, "label": "ACTOR",
                        "attributes": {"kind": kind} if kind else {}}
                if opt:
                    span["optional"] = True
                if sid:
                    assert sid not in ids, sid
                    ids[sid] = span
            else:
                toks = spec.split()
                flags = [t for t in toks if t in ("~", "?", "~?")]
                toks = [t for t in toks if t not in flags]
                flags = "".join(flags)
                value = float(toks[0])
                if value == int(value):
                    value = int(value)
                span = {"start": start, "end": end, "label": "FIGURE",
                        "attributes": {"value": value, "unit": " ".join(toks[1:]),
                                       "approximate": "~" in flags}}
                if "?" in flags:
                    span["optional"] = True
            span["_surface"] = surface
            spans.append(span)
            i = j + 2
        elif two == "<<":
            j = markup.index("|", i)
            stack.append((pos, markup[i + 2:j]))
            i = j + 1
        elif two == ">>":
            start, spec = stack.pop()
            stance, _, src = spec.partition(">")
            opt = stance.endswith("?")
            span = {"start": start, "end": pos, "label": "ASSERTION",
                    "attributes": {"stance": stance.rstrip("?")}}
            if opt:
                span["optional"] = True
            spans.append(span)
            for sid in filter(None, src.split(",")):
                pending.append((span, sid))
            i += 2
        else:
            out.append(markup[i])
            pos += 1
            i += 1
    assert not stack
    rels = []
    for head, sid in pending:
        child = ids[sid]
        rel = {"label": "SOURCE",
               "head_span": {k: head[k] for k in ("start", "end", "label")},
               "child_span": {k: child[k] for k in ("start", "end", "label")}}
        if head.get("optional"):
            rel["optional"] = True
        rels.append(rel)
    return "".join(out), spans, rels


def main():
    raw = (HERE / "articles.markup").read_text(encoding="utf-8")
    chunks = raw.split("=== ")[1:]
    (ROOT / "articles").mkdir(exist_ok=True)
    records = []
    for chunk in chunks:
        slug, _, body = chunk.partition("\n")
        text, spans, rels = parse(body.strip("\n") + "\n")
        name = slug.strip() + ".txt"
        (ROOT / "articles" / name).write_text(text, encoding="utf-8", newline="\n")
        surfaces = [(s, s.pop("_surface", None)) for s in spans]
        for s, surf in surfaces:
            if surf is not None:
                assert text[s["start"]:s["end"]] == surf
        spans.sort(key=lambda s: (s["start"], s["end"]))
        rels.sort(key=lambda r: (r["head_span"]["start"], r["child_span"]["start"]))
        records.append({"text": text,
                        "meta": {"title": text.split("\n", 1)[0], "source": name},
                        "spans": spans, "relations": rels})
    with open(ROOT / "gold.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles written")


if __name__ == "__main__":
    main()
