#!/usr/bin/env bash
# CopyFolder benchmark (issue 4): a tree of 10,000 small files (100 folders x 100 files of ~100 bytes),
# copied by `cp -r` and by `toe run` of a one-step CopyFolder document; each the median of RUNS runs,
# with the copy removed (untimed) between runs. Target: toe at most 1.5x cp -r.
#   bash bench/copy-folder.sh [path/to/toe] [--header]
# Prints Markdown table rows (bench/run.sh puts them in its table; --header adds the table header).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
toe=${1:-$root/artifacts/bin/toe}
runs=${RUNS:-7}
[[ -x $toe ]] || { echo "bench: $toe not found; run ./build.sh first" >&2; exit 1; }
# BENCH_DIR=/dev/shm measures without the disk (writeback of other work makes disk timings noisy).
work=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

for ((d = 0; d < 100; d++)); do
  mkdir -p "$work/src/d$d"
  for ((f = 0; f < 100; f++)); do
    printf 'folder %d file %d: a small configuration file of about one hundred bytes, like most of a tree.\n' "$d" "$f" > "$work/src/d$d/f$f.txt"
  done
done

cat > "$work/copy.yml" <<YML
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Copy
        action: CopyFolder
        inputs:
          - source: $work/src
            destination: $work/dst
YML
mkdir -p "$work/logs"

# time_us CMD...: removes the previous copy (untimed), runs CMD, checks the copy, prints the wall time in µs.
time_us() {
  rm -rf "$work/dst" "$work/logs"/*
  local start end
  start=$(now_ns); "$@" >/dev/null 2>&1; end=$(now_ns)
  [[ -f $work/dst/d99/f99.txt ]] || { echo "bench: $1 did not copy the tree" >&2; exit 1; }
  echo $(( (end - start) / 1000 ))
}

median_ms() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'; }

# Warm the page cache, then alternate cp and toe so that both see the same machine load.
cp -r "$work/src" "$work/warm" && rm -rf "$work/warm"
cp_times=() toe_times=()
for ((r = 0; r < runs; r++)); do
  cp_times+=("$(time_us cp -r "$work/src" "$work/dst")")
  toe_times+=("$(time_us "$toe" run -d "$work/copy.yml" -l "$work/logs")")
done
t_cp=$(median_ms "${cp_times[@]}")
t_toe=$(median_ms "${toe_times[@]}")
[[ -n $t_cp && -n $t_toe ]] || exit 1
fs=$(stat -f -c %T "$work")
ratio=$(awk -v a="$t_toe" -v b="$t_cp" 'BEGIN { printf "%.2f", a / b }')

if [[ ${2:-} == --header ]]; then
  echo '| Measurement | Toe | Baseline | Ratio | Target |'
  echo '| --- | --- | --- | --- | --- |'
fi
echo "| CopyFolder of 10,000 small files (100 folders) on ${fs}, whole \`toe run\` | ${t_toe} ms | \`cp -r\`: ${t_cp} ms | ${ratio} | ≤ 1.5 |"
