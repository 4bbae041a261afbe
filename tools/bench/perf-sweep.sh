#!/usr/bin/env bash
# Reproduces the performance figures of README.md and docs/performance.md in one run:
# the sweep of workers 1-3 x prefixes 1-4 and the --workers auto --prefixes auto point, with
# --reset boot and with --reset snapshot, on examples/bench (24 qemu tests), under TCG; then
# bench simulate against the sweep, and --order longest against TESTLIST order
# (tools/bench/order-bench.sh: workers 2, prefixes 4, --reset snapshot, two rounds).
# Then auto against each mode's best point again, three times in alternation
# (tools/bench/auto-vs-best.sh; KVMRUNNER_NO_CONFIRM=1 leaves it out, about 25 minutes).
# About an hour and a half on 2 cores; run it on an otherwise quiet machine.
#
#   tools/bench/perf-sweep.sh [--no-order] [OUTPUT-DIR]   (default target/perf-sweep; resumes when run again)
#
# --no-order leaves out the order benchmark (about 10 minutes).
#
# Every point runs from a copy of the jar made at the start, so that rebuilding kvmrunner while
# the sweep runs changes nothing, and with its own state directory, so that --workers auto
# knows only what this sweep's earlier points recorded and no qemu group the user installed
# (with its snapshots) serves a point's boots.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
order=yes
if [ "${1:-}" = "--no-order" ]; then
    order=no
    shift
fi
out="$(realpath -m "${1:-$here/target/perf-sweep}")"
mkdir -p "$out"
"$here/kvmrunner" --version > /dev/null            # builds target/kvmrunner.jar when needed
[ -f "$out/kvmrunner.jar" ] || cp "$here/target/kvmrunner.jar" "$out/kvmrunner.jar"
export KVMRUNNER_STATE_DIR="$out/state"
java -Xmx256m -XX:+UseSerialGC -cp "$out/kvmrunner.jar" dev.kvmrunner.cli.Main bench sweep \
    --workers 1,2,3 --prefixes 1,2,3,4 --reset boot,snapshot --auto \
    --run-arg=--accel --run-arg=tcg \
    --output "$out" "$here/examples/bench" | tee "$out/report.txt"
# auto against each reset mode's best fixed point again, in alternation (auto-vs-best.sh):
# the sweep ran each point once, at its own moment of the machine's drifting speed
if [ -z "${KVMRUNNER_NO_CONFIRM:-}" ]; then
    for reset in boot snapshot; do
        best=$(awk -v r="$reset" '/^=== --reset / { on = ($3 == r":") } on && /^best fixed point: workers/ { sub(",", "", $5); sub(":", "", $7); print $5, $7; exit }' "$out/report.txt")
        if [ -n "$best" ]; then
            # shellcheck disable=SC2086 # two words: workers and prefixes
            "$here/tools/bench/auto-vs-best.sh" "$out" "$reset" $best 3 4   # auto allowed 4 groups, as in the sweep
        fi
    done
fi
java -Xmx256m -XX:+UseSerialGC -cp "$out/kvmrunner.jar" dev.kvmrunner.cli.Main bench simulate \
    --against "$out" | tee "$out/simulate.txt" || true   # exit 1: some point outside 15 %
if [ "$order" = yes ]; then
    "$here/tools/bench/order-bench.sh" "$out" 2 4 snapshot 2
fi
