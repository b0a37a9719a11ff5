#!/usr/bin/env bash
# S3Download of 1,000 small objects under a prefix from a local s3rver, with Toe's default parallelism
# (8 requests in flight) against the sequential baseline (TOE_S3_PARALLELISM=1). Prints one Markdown
# table row (no header) for bench/run.sh. Needs node and npm; s3rver is installed into the same cache
# the tests use ($HOME/.cache/toe-tests/s3rver-3.7.1).
#   bash bench/s3-download.sh [path/to/toe]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
toe=${1:-$root/artifacts/bin/toe}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "| S3Download of 1,000 objects | n/a (node/npm missing) | | | |"
  exit 0
fi
cache=${HOME:-/tmp}/.cache/toe-tests/s3rver-3.7.1
if [[ ! -f $cache/node_modules/s3rver/bin/s3rver.js ]]; then
  staging=$cache.tmp-$$
  mkdir -p "$staging"
  echo '{"name":"toe-bench-s3rver","private":true}' > "$staging/package.json"
  (cd "$staging" && npm install --no-save --no-audit --no-fund s3rver@3.7.1 >/dev/null 2>&1)
  mv "$staging" "$cache" 2>/dev/null || rm -rf "$staging"
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# --openssl-legacy-provider: s3rver's list continuation tokens use DES (see tests/Toe.Tests/S3/S3Server.cs).
node --openssl-legacy-provider "$cache/node_modules/s3rver/bin/s3rver.js" --address 127.0.0.1 --port "$port" \
  --directory "$work/data" --silent --configure-bucket bench >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER \
  AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

# 1,000 objects of 1 KB, put there by toe's own S3Upload.
mkdir -p "$work/src"
for i in $(seq -w 1 1000); do head -c 1024 /dev/urandom > "$work/src/f$i.bin"; done
cat > "$work/up.yml" <<YML
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Upload
        action: S3Upload
        inputs:
          - source: $work/src/*
            destination: s3://bench/many/
YML
"$toe" run -d "$work/up.yml" -l "$work/logs" >/dev/null 2>&1
cat > "$work/down.yml" <<YML
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Download
        action: S3Download
        inputs:
          - source: s3://bench/many/*
            destination: $work/dst/
YML

now_ns() { date +%s%N; }
median_ms() { # median_ms RUNS PARALLELISM
  local times=() start end
  for ((r = 0; r < $1; r++)); do
    rm -rf "$work/dst" "$work/logs"
    start=$(now_ns)
    TOE_S3_PARALLELISM=$2 "$toe" run -d "$work/down.yml" -l "$work/logs" >/dev/null 2>&1 || { echo "bench: download failed" >&2; exit 1; }
    end=$(now_ns)
    [[ $(ls "$work/dst" | wc -l) -eq 1000 ]] || { echo "bench: expected 1000 files" >&2; exit 1; }
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'
}
t_parallel=$(median_ms 3 8)
t_sequential=$(median_ms 3 1)
ratio=$(awk -v a="$t_parallel" -v b="$t_sequential" 'BEGIN { printf "%.2f", a / b }')
echo "| S3Download of 1,000 1 KB objects under a prefix (s3rver on loopback), 8 in flight | ${t_parallel} ms | same with TOE_S3_PARALLELISM=1: ${t_sequential} ms | ${ratio} | < 1 (≥ 4 requests in flight) |"
