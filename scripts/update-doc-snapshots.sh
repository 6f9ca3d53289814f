#!/usr/bin/env bash
# Regenerates every captured screen in the docs.
#
# A captured screen is a marker line followed by a fenced block:
#
#   <!-- snapshot: NAME WxH -->
#   ```
#   ...what `statdeck snapshot NAME --size WxH` prints...
#   ```
#
# NAME is any screen `statdeck snapshot` knows (an unknown name lists them); WxH is
# optional (default 80x24). This script replaces each block's contents with what the
# app draws now (inserting the fenced block if the marker has none); the test
# "Screens captured in the docs" fails with a diff when a block has drifted.
#
# Usage: scripts/update-doc-snapshots.sh [FILE.md ...]   (default: README.md docs/*.md)
# STATDECK_BIN picks the binary (default: .build/debug/statdeck, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${STATDECK_BIN:-.build/debug/statdeck}"
if [ ! -x "$bin" ]; then
    swift build --product statdeck >&2
fi

if [ "$#" -eq 0 ]; then
    set -- README.md docs/*.md
fi

status=0
for file in "$@"; do
    grep -q '^<!-- snapshot: ' "$file" || continue
    tmp="$(mktemp)"
    # The awk program copies the file, swapping each marked block for a fresh capture.
    if ! awk -v bin="$bin" -v file="$file" '
        function capture(name, size,    cmd, line, n) {
            cmd = "\"" bin "\" snapshot \"" name "\" --size \"" size "\""
            n = 0
            while ((cmd | getline line) > 0) { print line; n++ }
            if (close(cmd) != 0 || n == 0) {
                printf "%s:%d: statdeck snapshot %s --size %s failed\n", file, NR, name, size > "/dev/stderr"
                failed = 1
            }
        }
        pending != "" {
            # The line after a marker: skip an existing block, then write the new one.
            split(pending, p, " ")
            pending = ""
            print "```"
            capture(p[1], p[2])
            print "```"
            if ($0 ~ /^```/) { skipping = 1; next }
        }
        skipping {
            if ($0 ~ /^```[[:space:]]*$/) { skipping = 0 }
            next
        }
        /^<!-- snapshot: [^ ]+( [0-9]+x[0-9]+)? -->[[:space:]]*$/ {
            print
            spec = $0
            sub(/^<!-- snapshot: /, "", spec); sub(/ -->[[:space:]]*$/, "", spec)
            if (spec !~ / /) spec = spec " 80x24"
            pending = spec
            next
        }
        /^<!-- snapshot:/ {
            printf "%s:%d: malformed marker (want <!-- snapshot: NAME WxH -->): %s\n", file, NR, $0 > "/dev/stderr"
            failed = 1
        }
        { print }
        END {
            if (pending != "") { split(pending, p, " "); print "```"; capture(p[1], p[2]); print "```" }
            if (skipping) { printf "%s: a captured block is not closed with ```\n", file > "/dev/stderr"; failed = 1 }
            exit failed
        }
    ' "$file" > "$tmp"; then
        rm -f "$tmp"
        status=1
        continue
    fi
    if cmp -s "$tmp" "$file"; then
        rm -f "$tmp"
    else
        cat "$tmp" > "$file"
        rm -f "$tmp"
        echo "updated $file"
    fi
done
exit "$status"
