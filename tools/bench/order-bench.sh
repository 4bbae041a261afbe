#!/usr/bin/env bash
# Does handing out the longest tests first (--order longest) shorten a run? Runs examples/bench
# at one point twice, in TESTLIST order and longest first, both with the durations an earlier
# sweep point recorded, alternately for ROUNDS rounds, and prints each time and the ratio.
#
#   tools/bench/order-bench.sh SWEEP-DIR [WORKERS] [PREFIXES] [RESET] [ROUNDS]
#   (defaults: 2 4 snapshot 2; durations from SWEEP-DIR/points/w1-p1-RESET-r1, a perf-sweep.sh run)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
sweep="$(realpath "$1")"
workers="${2:-2}" prefixes="${3:-4}" reset="${4:-snapshot}" rounds="${5:-2}"
durations="$sweep/points/w1-p1-$reset-r1/suite"
[ -d "$durations" ] || { echo "order-bench: no serial point in $sweep (run tools/bench/perf-sweep.sh)" >&2; exit 2; }
out="$sweep/order"
mkdir -p "$out"
# the sweep's own jar when it has one, so that both measure the same build
if [ ! -f "$out/kvmrunner.jar" ]; then
    if [ -f "$sweep/kvmrunner.jar" ]; then
        cp "$sweep/kvmrunner.jar" "$out/kvmrunner.jar"
    else
        "$here/kvmrunner" --version > /dev/null
        cp "$here/target/kvmrunner.jar" "$out/kvmrunner.jar"
    fi
fi
export KVMRUNNER_STATE_DIR="$sweep/state"
for round in $(seq 1 "$rounds"); do
    for order in testlist longest; do
        java -Xmx256m -XX:+UseSerialGC -cp "$out/kvmrunner.jar" dev.kvmrunner.cli.Main bench sweep \
            --workers "$workers" --prefixes "$prefixes" --reset "$reset" --durations-from "$durations" \
            --run-arg=--accel --run-arg=tcg --run-arg=--order --run-arg="$order" \
            --output "$out/$order-$round" "$here/examples/bench" > "$out/$order-$round.txt"
    done
done
for order in testlist longest; do
    printf '%-9s' "$order"
    for round in $(seq 1 "$rounds"); do
        awk -F, 'NR == 2 { printf " %8.1f s (%s failed)", $6, $9 }' "$out/$order-$round/sweep.csv"
    done
    echo
done | tee "$out/report.txt"
