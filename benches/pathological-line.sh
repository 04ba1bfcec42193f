#!/usr/bin/env bash
# Issue 24, item 4: one line of a million stray brackets was quadratic in `check` (a line of n
# diagnostics had its columns counted n times from the line's start) and held ~550 bytes a
# bracket in `check`, `strip` and `stats` alike. Prints, for each pathological one-line file at
# 250 k and 1 M delimiters (or chars), its size, each command's time and peak memory, and the
# 1 M / 250 k time ratio; exits 1 when a ratio is over 8 or a peak over 100 MB.
#
# usage: benches/pathological-line.sh [PTAG_BINARY]
#   PTAG_BINARY: default target/release/ptag (build it with `cargo build --release`).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ptag=${1:-${CARGO_TARGET_DIR:-$here/target}/release/ptag}
for tool in python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$HOME"

# kind: the repeated unit, written n / len(unit) times on one line.
kinds=(
  "unclosed:("
  "unmatched:)"
  "nested-mixed:([<{"
  "conflict-ish:#ptag-conflict {"
  "no-brackets:我们"
)
over=0
printf '%-13s %6s %9s  %-6s %9s %9s\n' kind n bytes cmd seconds peak_MB
for entry in "${kinds[@]}"; do
  kind=${entry%%:*} unit=${entry#*:}
  declare -A secs=()
  for n in 250000 1000000; do
    f=$work/$kind-$n.txt
    python3 - "$f" "$n" "$unit" <<'PY'
import sys
path, n, unit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w", encoding="utf-8") as f:
    f.write(unit * max(1, n // len(unit)) + "\n")
PY
    size=$(stat -c %s "$f")
    for cmd in check strip stats; do
      /usr/bin/time -f '%e %M' -o "$work/time" "$ptag" "$cmd" "$f" >"$work/out" 2>"$work/err" || true
      read -r s kb < <(tail -1 "$work/time")
      mb=$(python3 -c "print(f'{$kb / 1024:.1f}')")
      secs[$cmd-$n]=$s
      printf '%-13s %6s %9s  %-6s %9s %9s\n' "$kind" "$n" "$size" "$cmd" "$s" "$mb"
      if python3 -c "import sys; sys.exit(0 if $kb > 100 * 1024 else 1)"; then
        echo "  OVER: peak ${mb} MB > 100 MB" >&2
        over=1
      fi
      if [[ $cmd == check && $n == 1000000 ]]; then
        echo "  check says: $(tail -1 "$work/err")"
      fi
    done
  done
  for cmd in check strip stats; do
    ratio=$(python3 -c "a, b = ${secs[$cmd-250000]}, ${secs[$cmd-1000000]}; print(f'{max(b, 0.01) / max(a, 0.01):.1f}')")
    echo "  $kind $cmd: 1 M / 250 k time ratio $ratio (times under 10 ms count as 10 ms)"
    if python3 -c "import sys; sys.exit(0 if $ratio > 8 else 1)"; then
      echo "  OVER: ratio $ratio > 8" >&2
      over=1
    fi
  done
  unset secs
done
exit $over
