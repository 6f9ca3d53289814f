#!/usr/bin/env bash
# Measures, in a private tmux server, how long the real app takes to show the
# effect of a key (Right, Esc, Enter) and of a resize. Polls capture-pane every
# 2 ms, so figures include up to that much polling delay.
# Usage: scripts/tui-latency.sh [path/to/statdeck] [runs]
set -euo pipefail
BIN=${1:-.build/release/statdeck}
RUNS=${2:-20}
SOCK=statdeck-latency-$$
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"' EXIT
now_ms() { date +%s%N | awk '{printf "%.1f", $1/1e6}'; }
wait_for() {  # wait_for TEXT: poll until the screen contains TEXT (5 s at most)
  local deadline=$(( $(date +%s) + 5 ))
  until tm capture-pane -p -t lat | grep -qF -- "$1"; do
    (( $(date +%s) > deadline )) && { echo "timeout waiting for $1" >&2; exit 1; }
    sleep 0.002
  done
}
measure() {  # measure NAME SETUP-TEXT ACTION... : time from ACTION until TEXT shows
  local name=$1 text=$2; shift 2
  local t0 t1; t0=$(now_ms); "$@"; wait_for "$text"; t1=$(now_ms)
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f\n", b-a}'
}
tm set-option -g remain-on-exit on \; new-session -d -s lat -x 80 -y 24 "$BIN"
wait_for "q quit"
declare -A samples
for ((i = 0; i < RUNS; i++)); do
  samples[right]+="$(measure right '▸ CCMA' tm send-keys -t lat Right) "
  samples[left]+="$(measure left '▸ CPT' tm send-keys -t lat Left) "
  samples[enter]+="$(measure enter 'About the exam' tm send-keys -t lat Enter) "
  samples[esc]+="$(measure esc 'choose your exam' tm send-keys -t lat Escape) "
  samples[resize]+="$(measure resize 'have 60x20' tm resize-window -t lat -x 60 -y 20) "
  tm resize-window -t lat -x 80 -y 24; wait_for "q quit"
done
for k in right enter esc resize; do
  echo "$k: $(echo ${samples[$k]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END{printf "median %.1f ms, max %.1f ms (n=%d)", a[int((NR+1)/2)], a[NR], NR}')"
done
tm send-keys -t lat q
