#!/usr/bin/env bash
# Large-file figures, each beside its yardstick measured in the same run (issue 15):
#   editor open + first frame + quit   vs  vim -u NONE open + quit   (target <= 0.5x)
#   editor open, G, quit (time to G)   vs  vim -u NONE open, G, quit
#   ptag check                         vs  wc -l                     (target <= 10x)
#   peak RSS of each                   vs  the file size             (editor <= 1.5x, check <= 0.3x)
#   editor open of a small file (the seed policy), which must not get slower.
#   editor save after a tag at the end  vs  the file size and what holding it costs (issue 26:
#                                        peak <= 1.7x the file + 40 MiB)
#   suggest --model (a model trained on the corpus): time, time to the first suggestion, CPU
#                                        use, peak RSS  vs  the file size (issue 26: <= 0.5x)
#   export --format jsonl -o OUT         peak RSS vs the file size
#
# usage: benches/large-file.sh [BIG_FILE] [PTAG_BINARY] [RUNS]
#   BIG_FILE: e.g. built by the corpus' make-big.sh (100 MB); never put it in the repo. Empty
#     or absent: built here (100 MB, removed at the end) from the corpus named by PTAG_CORPUS,
#     with its make-big.sh; without either, the bench is skipped with a notice.
#   PTAG_BINARY: default target/release/ptag (build it with `cargo build --release`).
# Times are medians of RUNS (default 5) wall-clock runs; RSS is the largest of them. The
# model figures need PTAG_CORPUS (the model is trained on its markup); without it they are
# skipped with a notice.
set -euo pipefail
big=${1:-}
here=$(cd "$(dirname "$0")/.." && pwd)
ptag=${2:-${CARGO_TARGET_DIR:-$here/target}/release/ptag}
runs=${3:-5}
seed=$here/sample-policies/taobao-annotated.txt
for tool in vim wc script /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
corpus=${PTAG_CORPUS:-}
if [ -z "$big" ] && [ -z "$corpus" ]; then
  echo "notice: no BIG_FILE given and PTAG_CORPUS is not set: large-file bench skipped" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$big" ]; then
  big=$work/big.txt
  "$corpus/make-big.sh" "$big" 100 >/dev/null
fi
# Journals and remembered positions go to a throw-away folder, not the user's.
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config HOME=$work/home
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$HOME"

# measure NAME CMD...: runs CMD $runs times; records median seconds and max RSS (KiB).
declare -A secs rss
measure() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    # Wall time in ms from the clock (time's %e counts only centiseconds), RSS from time.
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/t" "$@" >/dev/null 2>"$work/err" </dev/null || true
    t1=$(date +%s%N)
    read -r k <"$work/t"
    times+=("$(python3 -c "print(f'{($t1 - $t0) / 1e9:.3f}')")")
    ((k > peak)) && peak=$k
  done
  secs[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss[$name]=$peak
}

# measure_fresh NAME CMD...: `measure`, each run on a fresh copy of the big file at $work/copy.txt
# (a save changes it); the copying is not timed.
measure_fresh() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    cp "$big" "$work/copy.txt"
    rm -rf "$XDG_DATA_HOME" && mkdir -p "$XDG_DATA_HOME"
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/t" "$@" >/dev/null 2>"$work/err" </dev/null || true
    t1=$(date +%s%N)
    read -r k <"$work/t"
    times+=("$(python3 -c "print(f'{($t1 - $t0) / 1e9:.3f}')")")
    ((k > peak)) && peak=$k
  done
  secs[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss[$name]=$peak
}

size=$(stat -c %s "$big")
# vim in a pseudo-terminal (script), as a person would run it; -u NONE: no plugins, no vimrc.
measure vim script -qec "vim -u NONE -n -c q $(printf %q "$big")" /dev/null
measure vim_G script -qec "vim -u NONE -n -c 'normal G' -c q $(printf %q "$big")" /dev/null
measure open "$ptag" "$big" --keys '' --size 100x30
measure open_G "$ptag" "$big" --keys 'G' --size 100x30
# The file's last lines may be empty (make-big.sh ends with one): two lines up, then tag the word.
end_tag='G k k d'
measure open_end_tag "$ptag" "$big" --keys "$end_tag" --size 100x30
# A tag that did not happen would measure nothing of the tagging: say so, loudly.
"$ptag" "$big" --keys "$end_tag" --size 100x30 --dump-screen "$work/end" >/dev/null 2>&1 </dev/null || true
grep -q '^tagged ' "$work/end" || {
  echo "'$end_tag' tagged nothing at the end of $big: pick keys that reach a word" >&2
  exit 1
}
# The save: the same tag at the end, then save (written and verified in pieces), then quit.
measure_fresh save_end_tag "$ptag" "$work/copy.txt" --keys "$end_tag <C-s>" --size 100x30
cmp -s "$big" "$work/copy.txt" && {
  echo "'$end_tag <C-s>' saved nothing: the save figure would measure no save" >&2
  exit 1
}
measure_fresh end_tag_copy "$ptag" "$work/copy.txt" --keys "$end_tag" --size 100x30
measure export_jsonl "$ptag" export --format jsonl "$big" -o "$work/out.jsonl"
rm -f "$work/out.jsonl"
# suggest --model: trained once on the corpus (not timed); figures from one run each (it is
# the longest figure here).
if [ -n "$corpus" ]; then
  "$ptag" train --from "$corpus/markup" -o "$work/model" >/dev/null 2>&1
  # Seconds to the first suggestion on stdout, seconds in all, CPU share (%), peak RSS (KiB).
  read -r first total cpu model_rss < <(python3 - "$work/model" "$big" "$ptag" "$work/t" <<'PY'
import subprocess, sys, time
model, big, ptag, tfile = sys.argv[1:5]
t0 = time.monotonic()
p = subprocess.Popen(["/usr/bin/time", "-f", "%M %P", "-o", tfile, ptag, "suggest", "--model", model, big],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
first = None
for line in p.stdout:
    if first is None:
        first = time.monotonic() - t0
p.wait()
total = time.monotonic() - t0
# time says "Command exited with non-zero status 1" first when suggestions were found.
rss, cpu = open(tfile).read().strip().splitlines()[-1].split()[:2]
print(f"{first if first is not None else float('nan'):.3f} {total:.3f} {cpu.rstrip('%')} {rss}")
PY
  )
else
  echo "notice: PTAG_CORPUS is not set: the suggest --model figures are skipped (no model to train)" >&2
fi
measure wc wc -l "$big"
measure check "$ptag" check "$big"
measure seed_vim script -qec "vim -u NONE -n -c q $(printf %q "$seed")" /dev/null
measure seed_open "$ptag" "$seed" --keys '' --size 100x30
# The same small file with one word motion: the word segmenter's dictionary loaded, a cost that
# does not grow with the file (what it adds to the big file's peak is the same).
measure seed_word "$ptag" "$seed" --keys 'w' --size 100x30

ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{a/b:.2f}x' if b else 'n/a')" "$1" "$2"; }
mib() { python3 -c "import sys; print(f'{int(sys.argv[1])/1024:.0f} MiB')" "$1"; }
echo "file: $big ($((size / 1024 / 1024)) MiB), ptag: $ptag, median of $runs runs"
printf '%-36s %9s   %-26s %9s   %s\n' figure value yardstick value ratio
row() { printf '%-36s %9s   %-26s %9s   %s\n' "$1" "$2" "$3" "$4" "$5"; }
row "open+frame+quit (s)" "${secs[open]}" "vim -u NONE open+quit (s)" "${secs[vim]}" \
  "$(ratio "${secs[open]}" "${secs[vim]}") (target <= 0.5x)"
row "open, G, quit (s)" "${secs[open_G]}" "vim -u NONE open, G, quit" "${secs[vim_G]}" \
  "$(ratio "${secs[open_G]}" "${secs[vim_G]}")"
row "open, G, tag, quit (s)" "${secs[open_end_tag]}" "vim -u NONE open+quit (s)" "${secs[vim]}" \
  "$(ratio "${secs[open_end_tag]}" "${secs[vim]}")"
row "check (s)" "${secs[check]}" "wc -l (s)" "${secs[wc]}" \
  "$(ratio "${secs[check]}" "${secs[wc]}") (target <= 10x)"
row "editor peak RSS, open+quit" "$(mib "${rss[open]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[open]}" $((size / 1024)))"
row "editor peak RSS, G" "$(mib "${rss[open_G]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[open_G]}" $((size / 1024)))"
row "editor peak RSS, G + tag" "$(mib "${rss[open_end_tag]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[open_end_tag]}" $((size / 1024))) (target <= 1.5x)"
row "  of which the word segmenter" "$(mib $((rss[seed_word] - rss[seed_open])))" "file size" \
  "$(mib $((size / 1024)))" "$(ratio $((rss[seed_word] - rss[seed_open])) $((size / 1024))) (fixed)"
row "check peak RSS" "$(mib "${rss[check]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[check]}" $((size / 1024))) (target <= 0.3x)"
row "vim peak RSS (of script+vim)" "$(mib "${rss[vim]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[vim]}" $((size / 1024)))"
row "open, G, tag, save, quit (s)" "${secs[save_end_tag]}" "same without the save (s)" "${secs[end_tag_copy]}" \
  "$(ratio "${secs[save_end_tag]}" "${secs[end_tag_copy]}")"
row "editor peak RSS, G + tag + save" "$(mib "${rss[save_end_tag]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[save_end_tag]}" $((size / 1024))) (target <= 1.7x + 40 MiB: $(mib $((size * 17 / 10240 + 40 * 1024))))"
row "  of which the save" "$(mib $((rss[save_end_tag] - rss[end_tag_copy])))" "holding it (G + tag)" \
  "$(mib "${rss[end_tag_copy]}")" "$(ratio "${rss[end_tag_copy]}" $((size / 1024))) of the file to hold"
row "export jsonl -o peak RSS" "$(mib "${rss[export_jsonl]}")" "file size" "$(mib $((size / 1024)))" \
  "$(ratio "${rss[export_jsonl]}" $((size / 1024)))"
row "export jsonl -o (s)" "${secs[export_jsonl]}" "wc -l (s)" "${secs[wc]}" \
  "$(ratio "${secs[export_jsonl]}" "${secs[wc]}")"
if [ -n "$corpus" ]; then
  row "suggest --model (s, 1 run)" "$total" "check (s)" "${secs[check]}" "$(ratio "$total" "${secs[check]}")"
  row "suggest --model first line (s)" "$first" "suggest --model (s)" "$total" "$(ratio "$first" "$total")"
  row "suggest --model CPU (% of a core)" "$cpu" "cores" "$(nproc)" "$(ratio "$cpu" $(( $(nproc) * 100 ))) of all"
  row "suggest --model peak RSS" "$(mib "$model_rss")" "file size" "$(mib $((size / 1024)))" \
    "$(ratio "$model_rss" $((size / 1024))) (target <= 0.5x)"
fi
row "seed policy open+frame+quit (s)" "${secs[seed_open]}" "vim -u NONE, same file (s)" "${secs[seed_vim]}" \
  "$(ratio "${secs[seed_open]}" "${secs[seed_vim]}")"
# Keys while the file loads, when the example is built (`cargo build --release --example
# keys_while_loading`): each key's cost beside the 2 ms a key may take.
keys_bin=${CARGO_TARGET_DIR:-$here/target}/release/examples/keys_while_loading
if [ -x "$keys_bin" ]; then
  "$keys_bin" "$big"
else
  echo "(keys while loading: build the keys_while_loading example to measure them)"
fi
