#!/usr/bin/env bash
# Builds a release binary and installs it with the content.
#   scripts/install.sh [PREFIX]     (default PREFIX: /usr/local)
# Installs PREFIX/bin/statdeck and PREFIX/share/statdeck/Data. The binary finds the
# content there when run from PREFIX/bin (it walks up from its own location and
# also looks in /usr/local/share/statdeck/Data).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
# --static-swift-stdlib puts the Swift runtime and Foundation inside the binary: the dynamic
# loader then has a dozen fewer libraries to find and relocate at every start (about 8 ms of
# the 14 a start took; docs/performance.md).
swift build -c release --static-swift-stdlib --product statdeck
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/statdeck"
share="$prefix/share/statdeck"
install -d "$prefix/bin" "$share"
install -m 0755 "$bin" "$prefix/bin/statdeck"
# Replace the content as a whole so removed files do not linger.
rm -rf "$share/Data.new"
cp -R Data "$share/Data.new"
rm -rf "$share/Data.old"
if [ -d "$share/Data" ]; then mv "$share/Data" "$share/Data.old"; fi
mv "$share/Data.new" "$share/Data"
rm -rf "$share/Data.old"
echo "installed $prefix/bin/statdeck and $share/Data"
