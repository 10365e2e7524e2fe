#!/usr/bin/env bash
# Issue 9's load goal measured as a ratio in one session: the code before the work against the code now,
# on the same machine, alternating, so that a slower or faster day moves both.
#
#   bash bench/load_baseline.sh [N=10000] [SECONDS=30] [ROUNDS=2]
#
# The starting point (BASE_REV, default 0fb9e77: the last commit before the query layer replaced the
# per-process catalog) is checked out as a git worktree under bench/results/ and load-tested with its own
# bench/load.sh and its own generated database (built on the first run, about three minutes at 10,000
# methods); the current code with bench/load.sh, workers warmed on one search ("cold") and with every
# method page of the mix requested first ("warm pages"). Each round runs the three in turn. Results go to
# bench/results/load-N-baseline.txt, which `bench/benchmark.py --report` turns into docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DURATION=${2:-30}
ROUNDS=${3:-2}
BASE=${BASE_REV:-0fb9e77}
TREE="bench/results/baseline-$BASE"
OUT="bench/results/load-$N-baseline.txt"
LOG="$PWD/bench/results/load-$N-baseline.log"
mkdir -p bench/results

if [ ! -d "$TREE" ]; then
  git worktree add --detach "$TREE" "$BASE"
fi
# Same interpreter and packages as the current code.
ln -sfn "$PWD/.venv" "$TREE/.venv"

summary() { grep '^requests=' | tail -1; }

: > "$OUT"
: > "$LOG"
for round in $(seq "$ROUNDS"); do
  line=$(cd "$TREE" && PORT=8798 bash bench/load.sh "$N" "$DURATION" 2>>"$LOG" | summary)
  echo "baseline $BASE round $round: $line" | tee -a "$OUT"
  line=$(bash bench/load.sh "$N" "$DURATION" 2>>"$LOG" | summary)
  echo "cold $(git rev-parse --short HEAD) round $round: $line" | tee -a "$OUT"
  line=$(WARM_PAGES=1 bash bench/load.sh "$N" "$DURATION" 2>>"$LOG" | summary)
  echo "warm-pages $(git rev-parse --short HEAD) round $round: $line" | tee -a "$OUT"
done
