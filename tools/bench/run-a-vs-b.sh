#!/usr/bin/env bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Benchmark: two kvmrunner jars on the benchmark suite (examples/bench, real QEMU guests), run
# alternately (A, B, A, B, ...) so that both see the same drift of the machine, ROUNDS times each
# at one fixed point. Prints each run's wall time, the CPU-seconds the whole machine was busy and
# the core-seconds it idled (from /proc/stat), and its results; then the medians and B/A.
#
# usage: tools/bench/run-a-vs-b.sh JAR-A JAR-B WORKERS PREFIXES RESET ROUNDS [OUTPUT-DIR]
# example: tools/bench/run-a-vs-b.sh /tmp/old.jar target/kvmrunner.jar 2 4 snapshot 3
# Each run goes to OUTPUT-DIR/{a,b}-N (default: a new directory under /tmp), with its log and
# events. Run nothing else meanwhile: the busy CPU is the machine's, not the run's alone.
set -euo pipefail
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"   # median, bench_run
[ $# -ge 6 ] || { sed -n '3,12p' "$0" >&2; exit 2; }
jar_a=$(realpath "$1")
jar_b=$(realpath "$2")
workers=$3 prefixes=$4 reset=$5 rounds=$6
out=${7:-$(mktemp -d /tmp/kvmrunner-a-vs-b.XXXXXX)}
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
export KVMRUNNER_STATE_DIR="$out/state"   # the fixed point ignores what auto learned; keep the user's record apart

busy_idle() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5}' /proc/stat; }
one() { # JAR DIR: one run of examples/bench; prints "wall busy idle passed failed unresolved"
    rm -rf "$2"
    read -r busy0 idle0 < <(busy_idle)
    t0=$(date +%s.%N)
    bench_run "$here" "$1" "$2" "$workers" "$prefixes" "$reset" || true
    t1=$(date +%s.%N)
    read -r busy1 idle1 < <(busy_idle)
    count() { awk -v k="$1:" '$1 == k {print $2; exit}' "$2/run.log"; }
    echo "$t0 $t1 $busy0 $busy1 $idle0 $idle1 $(count passed "$2") $(count failed "$2") $(count unresolved "$2")" |
        awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f %.1f %.1f %s %s %s\n", $2 - $1, ($4 - $3) / hz, ($6 - $5) / hz, $7, $8, $9}'
}

results="$out/results.txt"
: > "$results"
printf '%-6s %8s %10s %10s  %s\n' run wall-s busy-cpu-s idle-core-s "passed/failed/unresolved"
for round in $(seq "$rounds"); do
    for side in a b; do
        jar=$jar_a
        [ "$side" = b ] && jar=$jar_b
        read -r wall busy idle passed failed unresolved < <(one "$jar" "$out/$side-$round")
        echo "$side $wall $busy $idle" >> "$results"
        printf '%-6s %8s %10s %10s  %s/%s/%s\n' "$side-$round" "$wall" "$busy" "$idle" "${passed:-?}" "${failed:-?}" "${unresolved:-?}"
    done
done
for what in 2:wall 3:busy; do
    column=${what%%:*} name=${what#*:}
    a=$(awk -v c="$column" '$1 == "a" {print $c}' "$results" | median)
    b=$(awk -v c="$column" '$1 == "b" {print $c}' "$results" | median)
    echo "median $name: A $a, B $b, B/A $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
done
echo "runs in $out"
