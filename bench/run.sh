#!/usr/bin/env bash
# Toe benchmarks (issue "Foundation"): prints a Markdown table for docs/performance.md.
#   ./build.sh bench            (publishes first)   or   bash bench/run.sh [path/to/toe]
# Measures:
#   1. 200 ExecuteBash steps running `true`, against a bash loop running the same 200 script files
#      with `bash file` (target: toe at most 1.2x).
#   1b. A loop of 10,000 iterations of a trivial step against 10,000 `bash file` (issue 3: 1.2x).
#   2. `toe --version` against `bash -c true` (target: at most 3x).
#   3. `toe validate` of every document in ../shared/corpus in one call (target: under 1 s).
#   4. A step writing 300 MB to stdout: console.log gets every byte, peak RSS under 100 MB.
#   5. WebDownload of a 200 MB file from loopback against `curl -o` (bench/web-download.sh; target: at least 0.9x curl's throughput).
#   6. CopyFolder of 10,000 small files against `cp -r` (target: at most 1.5x), bench/copy-folder.sh.
#   7. S3Download of 1,000 small objects from a local s3rver, parallel against sequential (bench/s3-download.sh).
# Each timing is the median of several runs. Nothing here is a test: numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
toe=${1:-$root/artifacts/bin/toe}
[[ -x $toe ]] || { echo "bench: $toe not found; run ./build.sh first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# median_ms RUNS CMD...: runs CMD (quietly) RUNS times, prints the median wall time in ms.
median_ms() {
  local runs=$1; shift
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    start=$(now_ns); "$@" >/dev/null 2>&1 || true; end=$(now_ns)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# paired RUNS BASELINE CANDIDATE: runs the two commands alternately RUNS times and prints
# "<median baseline ms> <median candidate ms> <median of the per-pair ratios>". On a shared machine the speed drifts
# by 10% and more within a minute; a ratio taken within each pair cancels that drift, a ratio of two medians taken a
# minute apart does not.
paired() {
  local runs=$1 baseline=$2 candidate=$3 a b start end
  local as=() bs=() rs=()
  for ((r = 0; r < runs; r++)); do
    start=$(now_ns); "$baseline" >/dev/null 2>&1 || true; end=$(now_ns); a=$(( (end - start) / 1000 ))
    start=$(now_ns); "$candidate" >/dev/null 2>&1 || true; end=$(now_ns); b=$(( (end - start) / 1000 ))
    as+=("$a"); bs+=("$b"); rs+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')")
  done
  local med='{v[NR]=$1} END {print v[int((NR+1)/2)]}'
  printf '%s %s %s\n' \
    "$(printf '%s\n' "${as[@]}" | sort -n | awk "$med" | awk '{printf "%.1f", $1/1000}')" \
    "$(printf '%s\n' "${bs[@]}" | sort -n | awk "$med" | awk '{printf "%.1f", $1/1000}')" \
    "$(printf '%s\n' "${rs[@]}" | sort -n | awk "$med" | awk '{printf "%.2f", $1}')"
}

# 1. 200 steps.
doc=$work/steps200.yml
{
  echo 'schemaVersion: 1.0'
  echo 'phases:'
  echo '  - name: build'
  echo '    steps:'
  for i in $(seq 1 200); do
    printf '      - name: Step%03d\n        action: ExecuteBash\n        inputs:\n          commands:\n            - "true"\n' "$i"
  done
} > "$doc"
mkdir -p "$work/scripts" "$work/logs"
for i in $(seq 1 200); do printf 'true\n' > "$work/scripts/s$i.sh"; done
bash_loop() { for f in "$work"/scripts/*.sh; do bash "$f"; done; }
# Each run logs into a folder of its own: deleting the previous run's 200 step folders is not part of running
# 200 steps (the bash loop deletes nothing either), and on a disk with online discard it costs as much as a tenth of the run.
toe_200() { "$toe" run -d "$doc" -l "$(mktemp -d "$work/logs/run.XXXXXX")"; }
read -r t_loop t_toe r_200 < <(paired 11 bash_loop toe_200)

# 1b. A loop of 10,000 iterations of a trivial ExecuteBash step (issue 3), against 10,000 `bash file`.
loopdoc=$work/loop10k.yml
cat > "$loopdoc" <<'YML'
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Loop
        action: ExecuteBash
        loop:
          for:
            start: 1
            end: 10000
            updateBy: 1
        inputs:
          commands:
            - "true"
YML
bash_10k() { for ((i = 0; i < 10000; i++)); do bash "$work/scripts/s1.sh"; done; }
toe_10k() { "$toe" run -d "$loopdoc" -l "$(mktemp -d "$work/logs/run.XXXXXX")"; }
t_loop10k=$(median_ms 1 bash_10k)
t_toe10k=$(median_ms 1 toe_10k)
rm -rf "$work/logs"/*
toe_10k >/dev/null 2>&1
detailed10k=$(stat -c %s "$work"/logs/run.*/TOE_*/detailedoutput.json)

# 2. Start-up.
t_bash=$(median_ms 30 bash -c true)
t_version=$(median_ms 30 "$toe" --version)

# 3. Validate the corpus in one call.
corpus=$root/../shared/corpus/docs
if [[ -d $corpus ]]; then
  list=$(ls -d "$corpus"/* | paste -sd, -)
  count=$(ls "$corpus" | wc -l)
  t_validate=$(median_ms 5 "$toe" validate --documents "$list")
else
  count=0; t_validate="n/a (no corpus)"
fi

# 4. 300 MB of stdout: bytes in console.log and peak RSS of toe (ru_maxrss of the waited child).
big=$work/big.yml
cat > "$big" <<'YML'
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Flood
        action: ExecuteBash
        inputs:
          commands:
            - head -c 300000000 /dev/zero | tr '\0' 'x' | fold -w 99
YML
rm -rf "$work/logs"/*
rss_kb=$(python3 - "$toe" "$big" "$work/logs" <<'PY'
import os, resource, subprocess, sys
toe, doc, logs = sys.argv[1:4]
p = subprocess.Popen([toe, "run", "-d", doc, "-l", logs], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(usage.ru_maxrss)
PY
)
console=$(ls "$work"/logs/TOE_*/console.log)
expected=$(head -c 300000000 /dev/zero | tr '\0' 'x' | fold -w 99 | wc -c)
actual_x=$(tr -cd 'x' < "$console" | wc -c)

# 5. WebDownload throughput against curl (its own script, also runnable alone).
web_row=$(BENCH_ROW_ONLY=1 bash "$root/bench/web-download.sh" "$toe")

# 6. CopyFolder of 10,000 small files (its own script, also runnable alone).
copy_row=$(bash "$root/bench/copy-folder.sh" "$toe")

# 7. S3Download of 1,000 small objects, parallel against sequential (its own script).
s3_row=$(bash "$root/bench/s3-download.sh" "$toe" || echo "| S3Download of 1,000 objects | failed (see stderr) | | | |")

cat <<MD
| Measurement | Toe | Baseline | Ratio | Target |
| --- | --- | --- | --- | --- |
| 200 ExecuteBash steps running \`true\` | ${t_toe} ms | bash loop over 200 files: ${t_loop} ms | ${r_200} (median of 11 alternating pairs) | ≤ 1.2 |
| loop of 10,000 iterations running \`true\` | ${t_toe10k} ms | 10,000 × \`bash file\`: ${t_loop10k} ms | $(ratio "$t_toe10k" "$t_loop10k") | ≤ 1.2 |
| detailedoutput.json of that loop | ${detailed10k} bytes | | | a few MB |
| \`toe --version\` | ${t_version} ms | \`bash -c true\`: ${t_bash} ms | $(ratio "$t_version" "$t_bash") | ≤ 3 |
| \`toe validate\` of ${count} corpus documents, one call | ${t_validate} ms | | | < 1000 ms |
| 300 MB to stdout: peak RSS of toe | $(( rss_kb / 1024 )) MB | | | < 100 MB |
| 300 MB to stdout: payload bytes in console.log | ${actual_x} of 300000000 ('x' bytes; stream was ${expected} bytes with newlines) | | | all |
${web_row}
${copy_row}
${s3_row}
MD
