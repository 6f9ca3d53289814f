#!/usr/bin/env bash
# Runs the whole test suite: unit, snapshot, CLI and tmux end-to-end tests.
# The end-to-end tests drive the built `statdeck` binary, so build it first.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
swift test "$@"
