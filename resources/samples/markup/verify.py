"""Independent checks of a blind evaluation set's gold.jsonl against its articles/
(run after build.py; shared by unseen/ and unseen2/):

    python3 resources/samples/markup/verify.py resources/samples/unseen2
"""
import json, pathlib, re, sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
HEDGES = ("about", "nearly", "roughly", "more than", "less than", "fewer than", "up to",
          "at least", "some", "around", "approximately", "almost", "over", "under",
          "no more than", "as many as", "just over", "just under")
errors = []
def err(doc, msg):
    errors.append(f"{doc}: {msg}")

recs = [json.loads(l) for l in open(ROOT / "gold.jsonl", encoding="utf-8")]
files = sorted((ROOT / "articles").glob("*.txt"))
assert [r["meta"]["source"] for r in recs] == [f.name for f in files]
for r, f in zip(recs, files):
    doc = f.name
    raw = f.read_bytes()
    text = raw.decode("utf-8")
    if text != r["text"]: err(doc, "text differs from file")
    if b"\r" in raw: err(doc, "CR in file")
    if not text.endswith("\n") or text.endswith("\n\n"): err(doc, "must end with one newline")
    lines = text.split("\n")
    if lines[1] != "": err(doc, "line 2 not blank")
    if r["meta"]["title"] != lines[0]: err(doc, "title")
    paras = [p for p in text.split("\n\n")[1:] if p.strip()]
    words = sum(len(p.split()) for p in paras)
    if not (4 <= len(paras) <= 8): err(doc, f"{len(paras)} paragraphs")
    if not (180 <= words <= 350): err(doc, f"{words} body words")
    spans = r["spans"]
    keys = [(s["start"], s["end"]) for s in spans]
    if keys != sorted(keys): err(doc, "spans not sorted")
    seen = set()
    for s in spans:
        t = text[s["start"]:s["end"]]
        if not t or t != t.strip(): err(doc, f"whitespace/empty span {t!r}")
        k = (s["start"], s["end"], s["label"])
        if k in seen: err(doc, f"duplicate {k}")
        seen.add(k)
        if s["label"] == "FIGURE":
            a = s["attributes"]
            hedged = t.lower().startswith(tuple(h + " " for h in HEDGES))
            if hedged != a["approximate"]: err(doc, f"approx mismatch {t!r}")
            if not isinstance(a["value"], (int, float)): err(doc, f"value {t!r}")
        if s["label"] == "ACTOR":
            if t.lower().startswith("the ") or t.endswith("'s"): err(doc, f"actor form {t!r}")
            if s.get("optional") and not s["attributes"]: continue
            if s["attributes"]["kind"] not in ("person", "organization", "state", "group"): err(doc, "kind")
        if s["label"] == "ASSERTION":
            if s["start"] < len(lines[0]) + 1: err(doc, "assertion in headline")
            before = text[:s["start"]]
            if not (before.endswith("\n\n") or re.search(r'[.!?]"? $', before)):
                err(doc, f"assertion does not start a sentence: {t[:40]!r}")
            if not re.search(r'[.!?]"?$', t): err(doc, f"assertion end {t[-20:]!r}")
            after = text[s["end"]:s["end"] + 1]
            if after not in (" ", "\n"): err(doc, f"assertion not at sentence end {t[-20:]!r}")
            if s["attributes"]["stance"] not in ("states", "warns", "estimates", "denies", "suggests", "other"): err(doc, "stance")
    ent = [s for s in spans if s["label"] in ("ACTOR", "FIGURE")]
    for a, b in zip(ent, ent[1:]):
        if b["start"] < a["end"]: err(doc, f"overlap {text[a['start']:a['end']]!r} / {text[b['start']:b['end']]!r}")
    for a in ent:
        ins = [s for s in spans if s["label"] == "ASSERTION" and s["start"] <= a["start"] < s["end"]]
        for s in ins:
            if a["end"] > s["end"]: err(doc, "entity crosses assertion end")
    for rel in r["relations"]:
        h, c = rel["head_span"], rel["child_span"]
        if (h["start"], h["end"], h["label"]) not in seen or h["label"] != "ASSERTION": err(doc, f"bad head {h}")
        if (c["start"], c["end"], c["label"]) not in seen or c["label"] != "ACTOR": err(doc, f"bad child {c}")
        if c["start"] >= h["end"] and not rel.get("optional"):
            err(doc, "source after its assertion")
        if rel["label"] != "SOURCE": err(doc, "rel label")
print("\n".join(errors) or "all checks passed")
sys.exit(1 if errors else 0)
