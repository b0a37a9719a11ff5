#!/usr/bin/env bash
# WebDownload throughput (issue 5): a 200 MB file served on loopback, fetched by `curl -o` and by `toe run` of a
# one-step WebDownload document; each timing is the median of several runs. Target: toe's throughput at least
# 0.9x curl's. Prints one Markdown table row (bench/run.sh adds it to its table); run alone it prints a header too.
#   bash bench/web-download.sh [path/to/toe]
# The server is a small Python one that answers with sendfile(), so the clients, not the server, set the pace.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
toe=${1:-$root/artifacts/bin/toe}
[[ -x $toe ]] || { echo "bench: $toe not found; run ./build.sh first" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl not found" >&2; exit 1; }
runs=${WEB_BENCH_RUNS:-5}
size=$((200 * 1000 * 1000))
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

head -c "$size" /dev/urandom > "$work/payload.bin"
mkdir -p "$work/logs"

cat > "$work/server.py" <<'PY'
import http.server, os, socketserver, sys
root = sys.argv[1]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        path = os.path.join(root, os.path.basename(self.path))
        if not os.path.isfile(path):
            self.send_error(404); return
        with open(path, "rb") as f:
            self.send_response(200)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            self.wfile.flush()
            self.connection.sendfile(f)
    def log_message(self, *args):
        pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/server.py" "$work" > "$work/port" &
server_pid=$!
for _ in $(seq 1 50); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(cat "$work/port")
url="http://127.0.0.1:$port/payload.bin"

cat > "$work/download.yml" <<YML
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Download
        action: WebDownload
        inputs:
          - source: $url
            destination: $work/toe.bin
YML

now_ns() { date +%s%N; }

# median_ms RUNS CMD...: runs CMD RUNS times (the output file removed before each), prints the median wall time in ms.
median_ms() {
  local runs=$1; shift
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    rm -f "$work/curl.bin" "$work/toe.bin"; rm -rf "$work/logs"/*
    start=$(now_ns); "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }; end=$(now_ns)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f\n", m/1000}'
}

curl_get() { curl -sS -o "$work/curl.bin" "$url"; }
toe_get() { "$toe" run -d "$work/download.yml" -l "$work/logs"; }

# One untimed run each: warms the page cache and checks both got every byte.
curl_get; toe_get >/dev/null 2>&1
cmp -s "$work/payload.bin" "$work/curl.bin" || { echo "bench: curl's copy differs" >&2; exit 1; }
cmp -s "$work/payload.bin" "$work/toe.bin" || { echo "bench: toe's copy differs" >&2; exit 1; }

t_curl=$(median_ms "$runs" curl_get)
t_toe=$(median_ms "$runs" toe_get)
rate() { awk -v ms="$1" -v b="$size" 'BEGIN { printf "%.0f", b / 1000000 / (ms / 1000) }'; }
ratio=$(awk -v c="$t_curl" -v t="$t_toe" 'BEGIN { printf "%.2f", c / t }')

if [[ ${BENCH_ROW_ONLY:-0} != 1 ]]; then
  echo '| Measurement | Toe | Baseline | Ratio | Target |'
  echo '| --- | --- | --- | --- | --- |'
fi
echo "| WebDownload of 200 MB from loopback (throughput; ratio = toe/curl) | ${t_toe} ms, $(rate "$t_toe") MB/s | \`curl -o\`: ${t_curl} ms, $(rate "$t_curl") MB/s | ${ratio} | ≥ 0.9 |"
