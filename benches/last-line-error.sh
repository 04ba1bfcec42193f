#!/usr/bin/env bash
# Issue 15: a 50 MB file whose last line holds its only error; the editor, opened on it by a
# script, finds that error with `C-n` (diagnostic_next) although the line is parsed behind the
# first frame. Prints the time of the whole run beside `vim -u NONE` opening and quitting the
# same file, and fails when the error is not where the cursor lands.
#
# usage: benches/last-line-error.sh [PTAG_BINARY] [MB]
#   PTAG_BINARY: default target/release/ptag (build it with `cargo build --release`).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ptag=${1:-${CARGO_TARGET_DIR:-$here/target}/release/ptag}
mb=${2:-50}
for tool in vim script python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$HOME"
big=$work/big.txt
python3 - "$big" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
line = "(我们)会[收集]您的<设备信息>用于{安全保障}，并在#依法#必要时<共享>给(合作方)。\n"
with open(path, "w", encoding="utf-8") as f:
    f.write(line * (mb * 1000 * 1000 // len(line.encode()) + 1))
    f.write("最后一行的(主体没有闭合\n")
PY
lines=$(wc -l <"$big")
"$ptag" check "$big" >"$work/check" 2>&1 || true
errors=$(grep -c ': error:' "$work/check" || true)
echo "file: $(($(stat -c %s "$big") / 1000 / 1000)) MB, $lines lines; ptag check reports $errors error(s): $(head -1 "$work/check")"
t0=$(date +%s%N)
"$ptag" "$big" --keys '<C-n>' --size 100x30 --dump-screen "$work/screen" >/dev/null
t1=$(date +%s%N)
t2=$(date +%s%N)
script -qec "vim -u NONE -n -c q $(printf %q "$big")" /dev/null >/dev/null </dev/null
t3=$(date +%s%N)
status=$(tail -2 "$work/screen" | head -1)
message=$(tail -1 "$work/screen")
printf '%-34s %8s s   %-26s %8s s\n' "ptag open + C-n + quit" \
  "$(python3 -c "print(f'{($t1 - $t0) / 1e9:.3f}')")" "vim -u NONE open + quit" \
  "$(python3 -c "print(f'{($t3 - $t2) / 1e9:.3f}')")"
echo "status line: $status"
echo "bottom line: $message"
if [[ $status == *"│ $lines:"* ]]; then
  echo "found: C-n went to line $lines, the last, holding the only error"
else
  echo "NOT FOUND: C-n did not land on line $lines" >&2
  exit 1
fi
