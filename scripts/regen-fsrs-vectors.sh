#!/usr/bin/env bash
# Regenerates the FSRS conformance vectors from the reference implementation,
# py-fsrs 6.3.2, with scripts/gen_fsrs_vectors.py (an unmodified copy of the
# generator in the FSRS reference material).
#
#   scripts/regen-fsrs-vectors.sh                      # rewrites the test fixture
#   scripts/regen-fsrs-vectors.sh --out /tmp/v.json --seed 7 --sequences 1000
#   swift run statdeck fsrs replay /tmp/v.json         # replay it through StudyCore
#
# With the default seed (20240601) and 200 sequences the output is byte-identical to
# the committed fixture (sha256 d4c3fe13...5119). Set PYTHON to choose the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import importlib.metadata as m, sys; sys.exit(m.version("fsrs") != "6.3.2")' 2>/dev/null; then
    echo "installing fsrs==6.3.2 (py-fsrs) with pip" >&2
    "$PY" -m pip install --quiet "fsrs==6.3.2"
fi
"$PY" scripts/gen_fsrs_vectors.py --out Tests/StudyCoreTests/Fixtures/fsrs-vectors.json "$@"
