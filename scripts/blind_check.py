#!/usr/bin/env python3
"""Blind check of a content batch: strip the keys, answer, then compare.

  scripts/blind_check.py strip FILE OUT.json
      Writes the items of FILE without keys: single items keep id, stem and choices
      (labelled A-D); order items get their steps shuffled (seeded) and labelled 1..n;
      flashcards keep id and front.
  scripts/blind_check.py compare FILE ANSWERS.json
      ANSWERS maps item id -> "B" (single), "3 1 2 4" (order: the labels in the right
      order) or free text (flashcards). Prints every single/order item where the
      answer differs from the key, and lists flashcards side by side for review.
      Exit 1 when any single or order answer disagrees.
"""
import json, random, sys

def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)

def shuffled_steps(item):
    rng = random.Random(item["id"])
    order = list(range(len(item["steps"])))
    while order == sorted(order) and len(order) > 1:
        rng.shuffle(order)
    return order

def strip(src, out):
    result = []
    for it in load(src):
        if "front" in it:
            result.append({"id": it["id"], "front": it["front"]})
        elif it.get("type") == "order":
            order = shuffled_steps(it)
            result.append({"id": it["id"], "stem": it["stem"],
                           "steps": {str(i + 1): it["steps"][k] for i, k in enumerate(order)}})
        else:
            result.append({"id": it["id"], "stem": it["stem"],
                           "choices": {"ABCD"[i]: c for i, c in enumerate(it["choices"])}})
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1, ensure_ascii=False)
    print(f"{out}: {len(result)} items without keys")

def compare(src, answers_path):
    answers = load(answers_path)
    disagreements, missing = 0, 0
    for it in load(src):
        a = answers.get(it["id"])
        if a is None:
            missing += 1
            print(f"{it['id']}: no blind answer")
            continue
        if "front" in it:
            print(f"{it['id']}: FRONT {it['front']}\n   KEY   {it['back']}\n   BLIND {a}")
        elif it.get("type") == "order":
            order = shuffled_steps(it)
            key = " ".join(str(order.index(k) + 1) for k in range(len(order)))
            if " ".join(str(a).replace(",", " ").split()) != key:
                disagreements += 1
                print(f"{it['id']}: blind order {a} but key {key}")
        else:
            key = "ABCD"[it["answer"]]
            if str(a).strip().upper()[:1] != key:
                disagreements += 1
                print(f"{it['id']}: blind {a} but key {key}: {it['stem'][:90]}")
    print(f"{disagreements} disagreements, {missing} unanswered")
    sys.exit(1 if disagreements or missing else 0)

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "strip":
        strip(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        sys.exit(2)
