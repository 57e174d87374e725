#!/usr/bin/env bash
# Training speed, old build against this one, as issue 23 measures it: whole `train` runs (2 epochs, the defaults) on
# the same data, the builds taking turns round by round, under the environment's default OpenMP wait policy and
# under OMP_WAIT_POLICY=PASSIVE (`trainer bench --baseline`). Prints the machine's load before and after; the bench
# prints it for every run.
#
#   Trainer/compare-training-speed.sh [DATA_CSV] [OLD_GIT_REF] [ROUNDS] [more bench options, e.g. --variant threads=1]
#
# Defaults: ../shared/data/sentiment140-sample-100k.csv, 0e78206 (main before issue 23), 3 rounds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=$(realpath "${1:-$root/../shared/data/sentiment140-sample-100k.csv}")
old_ref=${2:-0e78206}
rounds=${3:-3}
shift $(( $# < 3 ? $# : 3 ))

old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git -C "$root" archive "$old_ref" | tar -x -C "$old"
echo "Building $old_ref and this tree…"
dotnet build "$old/Trainer" -c Release -v q -nologo > "$old/build.log" || { cat "$old/build.log"; exit 1; }
dotnet build "$root/Trainer" -c Release -v q -nologo > "$old/build-new.log" || { cat "$old/build-new.log"; exit 1; }

echo "Load before: $(uptime)"
cd "$root"
dotnet run --project Trainer -c Release --no-build -- bench --data "$data" --epochs 2 --rounds "$rounds" \
  --baseline "$(ls "$old"/Trainer/bin/Release/net*/*/TwitterSentiment.Trainer.dll | head -n 1)" "$@"
echo "Load after: $(uptime)"
