#!/usr/bin/env bash
# Load benchmark of the local server with `hey` (apt-get install hey): latency p50/p99 and requests/s for
# single-tweet requests and 32-tweet batches, at 1 and 8 concurrent clients.
#   serving/benchmark/load-test.sh [model_base_path] [seconds per run]
# Starts serving/local-server on a free port for model_base_path (default serving/models/sentiment), warms it
# up, runs the four cases, prints a Markdown table, and stops the server.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_path="$(realpath "${1:-$here/../models/sentiment}")"
seconds="${2:-20}"

command -v hey >/dev/null || { echo "load-test: 'hey' is not installed (apt-get install hey)" >&2; exit 1; }
ls "$base_path"/*/saved_model.pb >/dev/null 2>&1 || { echo "load-test: no <version>/saved_model.pb under $base_path; export a model first" >&2; exit 1; }

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
work=$(mktemp -d)
log="$work/server.log"
"$here/../local-server" --rest_api_port="$port" --model_base_path="$base_path" >"$log" 2>&1 &
server=$!
cleanup() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

url="http://127.0.0.1:$port/v1/models/sentiment:predict"
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/v1/models/sentiment" 2>/dev/null | grep -q AVAILABLE && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done

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

# Warm-up: the first runs of a graph are slower.
for _ in 1 2 3; do
  curl -fs -X POST "$url" -d @"$work/single.json" >/dev/null
  curl -fs -X POST "$url" -d @"$work/batch32.json" >/dev/null
done

echo "| request | clients | requests/s | tweets/s | p50 ms | p99 ms | non-200 |"
echo "|---|---|---|---|---|---|---|"
for body in single batch32; do
  size=1; [ "$body" = batch32 ] && size=32
  for clients in 1 8; do
    out=$(hey -z "${seconds}s" -c "$clients" -m POST -T application/json -D "$work/$body.json" "$url")
    rps=$(awk '/Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '/ 50% in / {print $3 * 1000}' <<<"$out")
    p99=$(awk '/ 99% in / {print $3 * 1000}' <<<"$out")
    ok=$(awk '/\[200\]/ {print $2}' <<<"$out")
    total=$(awk '/\[[0-9]+\]/ {n += $2} END {print n + 0}' <<<"$out")
    printf '| %s | %d | %.1f | %.0f | %.0f | %.0f | %d |\n' "$body" "$clients" "$rps" "$(awk -v r="$rps" -v n="$size" 'BEGIN {print r * n}')" "$p50" "$p99" "$((total - ${ok:-0}))"
  done
done
