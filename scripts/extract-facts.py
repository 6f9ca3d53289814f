#!/usr/bin/env python3
"""Writes Data/facts/<track>.json: the blueprint fact ids and which are marked [UNSURE].

Only ids and the uncertainty flag are kept (no blueprint text), so `statdeck validate`
can reject items that cite an unknown fact and warn on items that cite an uncertain one.

usage: scripts/extract-facts.py [BLUEPRINT_DIR]   (default: ../shared/blueprints)
"""
import json, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "blueprints")
patterns = {
    "cpt": re.compile(r"^\s*-\s+(?:\*\*)?(F\d+)(?:\*\*)?[.:]?\s"),
    "ccma": re.compile(r"^\s*(?:-\s+\*\*|\|\s*)([A-Z]{2,4}-\d{3})(?:\*\*|\s*\|)"),
}
for track, pat in patterns.items():
    facts, current = {}, None
    with open(os.path.join(src, f"{track}.md"), encoding="utf-8") as fh:
        for line in fh:
            if track == "ccma" and line.lstrip().startswith("|"):
                # Table rows may hold two facts side by side: | FK-032 | ... | FK-045 | ... |
                for cell_id in re.findall(r"\|\s*([A-Z]{2,4}-\d{3})\s*(?=\|)", line):
                    facts.setdefault(cell_id, {"unsure": False})
                    if "UNSURE" in line:
                        facts[cell_id]["unsure"] = True
                current = None
                continue
            m = pat.match(line)
            if m:
                current = m.group(1)
                if current in facts:
                    continue
                facts[current] = {"unsure": False}
            elif current and (not line.strip() or not line.startswith((" ", "\t")) or line.lstrip().startswith("|")):
                current = None
            if current and "UNSURE" in line:
                facts[current]["unsure"] = True
    out = os.path.join(root, "Data", "facts", f"{track}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    doc = {"track": track, "source": f"blueprints/{track}.md",
           "facts": [{"id": k, "unsure": v["unsure"]} for k, v in facts.items()]}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(f"{out}: {len(facts)} facts, {sum(v['unsure'] for v in facts.values())} marked [UNSURE]")
