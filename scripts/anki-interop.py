#!/usr/bin/env python3
"""
Checks StatDeck's Anki files with the real Anki: the official `anki` package from PyPI runs
Anki's own Rust backend (no GUI, no network). Used by Tests/StatDeckCLITests/AnkiInteropTests.

    anki-interop.py inspect FILE.apkg
        import into a fresh collection (with scheduling) and print a JSON summary: note and
        card counts, deck names, and per note (by guid) the deck, tags, fields, card type,
        days until due, FSRS memory state and review count.
    anki-interop.py inspect-csv FILE.csv
        check the header row is StatDeck's (id,front,back,tags,deck), put Anki's header lines in
        its place (Anki has no "skip the first row" option), import with Anki's CSV importer
        into the Basic note type and print the same summary.
    anki-interop.py reexport IN.apkg OUT.apkg [--legacy]
        import IN into a fresh collection, then export everything as OUT (current format,
        collection.anki21b, unless --legacy).
    anki-interop.py make OUT.apkg [--legacy]
        build a package the way an Anki user would: Basic, Basic (and reversed card) and
        Cloze notes in two decks, HTML in fields, one media file.
"""
import json
import sys
import tempfile
from pathlib import Path

from anki.collection import (Collection, ExportAnkiPackageOptions, ImportAnkiPackageOptions,
                             ImportAnkiPackageRequest, ImportCsvRequest)


def fresh(tmp):
    return Collection(str(Path(tmp) / "collection.anki2"))


def import_package(col, path):
    req = ImportAnkiPackageRequest(package_path=str(path),
                                   options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True))
    return col.import_anki_package(req)


def export_package(col, out, legacy):
    col.export_anki_package(out_path=str(out),
                            options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True,
                                                             with_media=True, legacy=legacy),
                            limit=None)


def inspect(path, csv=False):
    with tempfile.TemporaryDirectory(prefix="statdeck-anki-") as tmp:
        col = fresh(tmp)
        try:
            if csv:
                text = Path(path).read_text(encoding="utf-8")
                header, _, body = text.partition("\n")
                if header != "id,front,back,tags,deck":
                    raise SystemExit(f"unexpected header row: {header!r}")
                copy = Path(tmp) / "anki.csv"
                copy.write_text("#separator:comma\n#html:false\n#guid column:1\n#tags column:4\n#deck column:5\n"
                                "#notetype:Basic\n" + body, encoding="utf-8")
                meta = col.get_csv_metadata(path=str(copy), delimiter=None)
                log = col.import_csv(ImportCsvRequest(path=str(copy), metadata=meta))
            else:
                log = import_package(col, path)
            today = col.sched.today
            notes = {}
            for nid in col.find_notes(""):
                n = col.get_note(nid)
                cards = []
                for c in n.cards():
                    ms = c.memory_state
                    cards.append({
                        "deck": col.decks.name(c.did), "type": c.type, "queue": c.queue, "ivl": c.ivl,
                        "daysUntilDue": (c.due - today) if c.type == 2 else None,
                        "stability": None if ms is None else ms.stability,
                        "difficulty": None if ms is None else ms.difficulty,
                        "reviews": col.db.scalar("select count() from revlog where cid = ?", c.id),
                    })
                notes[n.guid] = {"fields": list(n.fields), "tags": n.tags, "notetype": n.note_type()["name"],
                                 "cards": cards}
            out = {
                "notes": col.note_count(), "cards": col.card_count(),
                "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
                "revlog": col.db.scalar("select count() from revlog"),
                "new": len(log.log.new), "byGuid": notes,
            }
        finally:
            col.close()
    print(json.dumps(out, ensure_ascii=False))


def reexport(src, out, legacy):
    with tempfile.TemporaryDirectory(prefix="statdeck-anki-") as tmp:
        col = fresh(tmp)
        try:
            import_package(col, src)
            export_package(col, out, legacy)
        finally:
            col.close()


def make(out, legacy):
    with tempfile.TemporaryDirectory(prefix="statdeck-anki-") as tmp:
        col = fresh(tmp)
        try:
            bio = col.decks.id("Biology")
            cells = col.decks.id("Biology::Cells")
            basic = col.models.by_name("Basic")
            rev = col.models.by_name("Basic (and reversed card)")
            cloze = col.models.by_name("Cloze")
            img = Path(tmp) / "cell.png"
            img.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
            fname = col.media.add_file(str(img))

            def add(model, deck, fields, tags):
                n = col.new_note(model)
                for i, f in enumerate(fields):
                    n.fields[i] = f
                n.tags = tags
                col.add_note(n, deck)
                return n

            add(basic, bio, ["Mitosis", "Cell division into <b>two</b> identical cells"], ["bio"])
            add(basic, cells, ["Organelle that makes ATP?", f"Mitochondrion<br><img src=\"{fname}\">"], ["bio", "cells"])
            add(rev, bio, ["Osmosis", "Water moving across a membrane"], ["bio"])
            add(cloze, cells, ["The {{c1::nucleus}} holds the {{c2::DNA::genetic material}}.", "Extra &amp; more"], ["cloze"])
            export_package(col, out, legacy)
        finally:
            col.close()


def main(argv):
    if len(argv) >= 2 and argv[0] == "inspect":
        inspect(argv[1])
    elif len(argv) >= 2 and argv[0] == "inspect-csv":
        inspect(argv[1], csv=True)
    elif len(argv) >= 3 and argv[0] == "reexport":
        reexport(argv[1], argv[2], "--legacy" in argv)
    elif len(argv) >= 2 and argv[0] == "make":
        make(argv[1], "--legacy" in argv)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
