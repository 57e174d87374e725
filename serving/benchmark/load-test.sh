#!/usr/bin/env bash
# Load benchmark of the local server with `hey` (apt-get install hey): latency p50/p99 and requests/s for
# single-tweet requests and 32-tweet batches, at 1 and 8 concurrent clients.
#   serving/benchmark/load-test.sh [model_base_path] [seconds per run]
# Starts serving/local-server on a free port for model_base_path (default serving/models/sentiment), warms it
# up, runs the four cases, then 8 clients again with --enable_batching, then one client on the pure-JS cpu
# backend for comparison, and prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_path="$(realpath "${1:-$here/../models/sentiment}")"
seconds="${2:-20}"

command -v hey >/dev/null || { echo "load-test: 'hey' is not installed (apt-get install hey)" >&2; exit 1; }
ls "$base_path"/*/saved_model.pb >/dev/null 2>&1 || { echo "load-test: no <version>/saved_model.pb under $base_path; export a model first" >&2; exit 1; }

work=$(mktemp -d)

# Made-up tweets of typical length (no third-party data).
tweets=(
  "I love this so much, best day ever!" "worst service I have ever had, never again :("
  "@friend check this out http://example.com it's amazing" "not sure how I feel about the new update..."
  "can't wait for the weekend!!! #happy" "my phone died again, so annoying"
  "thanks for the great support team, you rock" "why is it raining on my day off?"
)
printf '{"instances": ["%s"]}' "${tweets[0]}" >"$work/single.json"
{
  printf '{"instances": ['
  for i in $(seq 0 31); do
    [ "$i" -gt 0 ] && printf ', '
    printf '"%s"' "${tweets[$((i % ${#tweets[@]}))]}"
  done
  printf ']}'
} >"$work/batch32.json"

server=""
stop_server() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap 'stop_server; rm -rf "$work"' EXIT

# start_server [extra flags...]: serving/local-server on a free port, returns once the model is AVAILABLE.
start_server() {
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  "$here/../local-server" --rest_api_port="$port" --model_base_path="$base_path" "$@" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/v1/models/sentiment" 2>/dev/null | grep -q AVAILABLE && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.5
  done
  url="http://127.0.0.1:$port/v1/models/sentiment:predict"
  # Warm-up: the first runs of a graph are slower.
  for _ in 1 2 3; do
    curl -fs -X POST "$url" -d @"$work/single.json" >/dev/null
    curl -fs -X POST "$url" -d @"$work/batch32.json" >/dev/null
  done
}

# measure <server label> <body> <clients>: one hey run; percentiles are nearest-rank over every request.
measure() {
  local size=1; [ "$2" = batch32 ] && size=32
  hey -z "${seconds}s" -c "$3" -m POST -T application/json -D "$work/$2.json" -o csv "$url" >"$work/run.csv"
  # CSV columns: response-time (s), ..., status-code, offset (s since start).
  local n bad end
  n=$(awk -F, 'NR > 1 && $1 ~ /^[0-9.]+$/' "$work/run.csv" | wc -l)
  bad=$(awk -F, 'NR > 1 && $1 ~ /^[0-9.]+$/ && $7 != 200' "$work/run.csv" | wc -l)
  end=$(awk -F, 'NR > 1 && $1 ~ /^[0-9.]+$/ { e = $8 + $1; if (e > m) m = e } END { print m }' "$work/run.csv")
  awk -F, 'NR > 1 && $1 ~ /^[0-9.]+$/ { print $1 * 1000 }' "$work/run.csv" | sort -n | awk -v label="$1" -v body="$2" -v clients="$3" \
    -v size="$size" -v n="$n" -v bad="$bad" -v end="$end" '
    { t[NR] = $1 }
    END {
      i50 = int(0.50 * n); if (i50 < 0.50 * n) i50++
      i99 = int(0.99 * n); if (i99 < 0.99 * n) i99++
      printf "| %s | %s | %d | %d | %.1f | %.0f | %.0f | %.0f | %d |\n", label, body, clients, n, n / end, n * size / end, t[i50], t[i99], bad
    }'
}

echo "| server | request | clients | requests | requests/s | tweets/s | p50 ms | p99 ms | non-200 |"
echo "|---|---|---|---|---|---|---|---|---|"
start_server
for body in single batch32; do
  for clients in 1 8; do measure default "$body" "$clients"; done
done
stop_server
printf 'max_batch_size { value: 64 }\nbatch_timeout_micros { value: 0 }\n' >"$work/batching.config"
start_server --enable_batching --batching_parameters_file="$work/batching.config"
measure "--enable_batching" single 8
measure "--enable_batching" batch32 8
stop_server
start_server --tfjs_backend=cpu
measure "--tfjs_backend=cpu" single 1
measure "--tfjs_backend=cpu" batch32 1
stop_server
