#!/usr/bin/env bash
# Runs the whole test suite: unit, snapshot, CLI and tmux end-to-end tests.
# The end-to-end tests drive the built `statdeck` binary, so build it first.
set -euo pipefail
cd "$(dirname "$0")/.."
# The import and export tests check the files with the real Anki: its Python package
# (Anki's own Rust backend, no GUI), pinned, installed here when it is missing.
ANKI_VERSION=26.9.3
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('anki') != '$ANKI_VERSION')" 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check "anki==$ANKI_VERSION"
fi
swift build
swift test "$@"
