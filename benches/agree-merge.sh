#!/usr/bin/env bash
# agree / diff / merge on two (three) 100 MB annotations of one text (issue 14), each figure
# beside its yardstick measured in the same run:
#   time of agree, diff, merge   vs  wc -l of the same files    (target: <= 2 s each)
#   peak RSS of each              vs  the file size              (target: <= 3x one file)
#
# usage: benches/agree-merge.sh BIG_FILE [PTAG_BINARY] [RUNS]
#   BIG_FILE: e.g. built by the corpus' make-big.sh (100 MB); never put it in the repo.
#   From it the script builds B (every 20th data tag retagged purpose, every 25th action tag
#   removed), OURS (those changes on even lines) and THEIRS (on odd lines), in a temp folder.
#   PTAG_BINARY: default target/release/ptag (build it with `cargo build --release`).
# Times are medians of RUNS (default 3) wall-clock runs; RSS is the largest of them.
set -euo pipefail
big=${1:?usage: benches/agree-merge.sh BIG_FILE [PTAG_BINARY] [RUNS]}
here=$(cd "$(dirname "$0")/.." && pwd)
ptag=${2:-${CARGO_TARGET_DIR:-$here/target}/release/ptag}
runs=${3:-3}
for tool in wc /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$big" "$work/a.txt"
python3 - "$work" <<'PY'
import re, sys
w = sys.argv[1]
src = open(f'{w}/a.txt', encoding='utf-8').read().split('\n')
data = re.compile(r'<([^<>()\[\]{}#\n]+)>')
act = re.compile(r'\[([^<>()\[\]{}#\n]+)\]')
def spoil(pick):
    out, n = [], [0, 0]
    def d(m):
        n[0] += 1
        return '{' + m.group(1) + '}' if n[0] % 20 == 0 else m.group(0)
    def a(m):
        n[1] += 1
        return m.group(1) if n[1] % 25 == 0 else m.group(0)
    for i, l in enumerate(src):
        out.append(act.sub(a, data.sub(d, l)) if pick(i) else l)
    return '\n'.join(out)
for name, pick in [('b', lambda i: True), ('ours', lambda i: i % 2 == 0), ('theirs', lambda i: i % 2 == 1)]:
    open(f'{w}/{name}.txt', 'w', encoding='utf-8').write(spoil(pick))
PY

declare -A secs rss codes
measure() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M %x' -o "$work/t" "$@" >/dev/null 2>"$work/err" </dev/null || true
    read -r t k x < <(tail -1 "$work/t")
    times+=("$t")
    ((k > peak)) && peak=$k
    codes[$name]=$x
  done
  secs[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss[$name]=$peak
}

size=$(stat -c %s "$work/a.txt")
measure wc2 wc -l "$work/a.txt" "$work/b.txt"
measure wc3 wc -l "$work/a.txt" "$work/ours.txt" "$work/theirs.txt"
measure agree "$ptag" agree "$work/a.txt" "$work/b.txt"
measure agree_json "$ptag" agree --format json "$work/a.txt" "$work/b.txt"
measure diff "$ptag" diff "$work/a.txt" "$work/b.txt"
measure merge "$ptag" merge "$work/a.txt" "$work/ours.txt" "$work/theirs.txt" -o "$work/out.txt"
"$ptag" agree --format json "$work/a.txt" "$work/b.txt" | python3 -c 'import json, sys
o = json.load(sys.stdin)["overall"]
print("agree: A %d tags, B %d, matched %d, F1 %.4f, kappa %.4f" % (o["a_tags"], o["b_tags"], o["matched"], o["f1"], o["kappa"]))'
echo "diff: $("$ptag" diff "$work/a.txt" "$work/b.txt" | wc -l) disagreement lines"
count() { "$ptag" diff "$1" "$2" | wc -l; }
echo "merge: diff A OUT $(count "$work/a.txt" "$work/out.txt") lines = diff A OURS $(count "$work/a.txt" "$work/ours.txt") + diff A THEIRS $(count "$work/a.txt" "$work/theirs.txt")"

ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{a/b:.2f}x' if b else 'n/a')" "$1" "$2"; }
mib() { python3 -c "import sys; print(f'{int(sys.argv[1])/1024:.0f} MiB')" "$1"; }
echo "file: $big ($((size / 1024 / 1024)) MiB, $(wc -l <"$work/a.txt") lines), ptag: $ptag, median of $runs runs"
printf '%-24s %9s %6s   %-22s %9s   %s\n' figure value exit yardstick value ratio
row() { printf '%-24s %9s %6s   %-22s %9s   %s\n' "$@"; }
for name in agree agree_json diff; do
  row "$name (s)" "${secs[$name]}" "${codes[$name]}" "wc -l A B (s)" "${secs[wc2]}" \
    "$(ratio "${secs[$name]}" "${secs[wc2]}") (target <= 2 s)"
done
row "merge (s)" "${secs[merge]}" "${codes[merge]}" "wc -l A OURS THEIRS (s)" "${secs[wc3]}" \
  "$(ratio "${secs[merge]}" "${secs[wc3]}") (target <= 2 s)"
for name in agree diff merge; do
  row "$name peak RSS" "$(mib "${rss[$name]}")" "" "file size" "$(mib $((size / 1024)))" \
    "$(ratio "${rss[$name]}" $((size / 1024))) (target <= 3x)"
done
