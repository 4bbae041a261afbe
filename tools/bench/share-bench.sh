#!/usr/bin/env bash
# Does sharing snapshots between domain groups ([qemu] share-snapshots) shorten a run? Runs
# examples/bench with --reset snapshot at one point, with sharing off and on, alternately for
# ROUNDS rounds, and prints each time, its cold boots, and the ratio of the medians.
#
#   tools/bench/share-bench.sh OUT-DIR [WORKERS] [PREFIXES] [ROUNDS]   (defaults: 2 4 2)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(realpath -m "$1")"
workers="${2:-2}" prefixes="${3:-4}" rounds="${4:-2}"
mkdir -p "$out"
"$here/kvmrunner" --version > /dev/null
[ -f "$out/kvmrunner.jar" ] || cp "$here/target/kvmrunner.jar" "$out/kvmrunner.jar"
export KVMRUNNER_STATE_DIR="$out/state"
for round in $(seq 1 "$rounds"); do
    for share in false true; do
        KVM_QEMU_SHARE_SNAPSHOTS="$share" java -Xmx256m -XX:+UseSerialGC -cp "$out/kvmrunner.jar" dev.kvmrunner.cli.Main \
            bench sweep --workers "$workers" --prefixes "$prefixes" --reset snapshot --run-arg=--accel --run-arg=tcg \
            --output "$out/share-$share-$round" "$here/examples/bench" > "$out/share-$share-$round.txt"
    done
done
{
    for share in false true; do
        printf 'share-snapshots=%-5s' "$share"
        for round in $(seq 1 "$rounds"); do
            cold=$(cat "$out/share-$share-$round"/points/*/suite/*/OUTPUT/*.console.boot.txt 2>/dev/null | grep -c 'login:' || true)
            awk -F, -v cold="$cold" 'NR == 2 { printf " %7.1f s (%s failed, %s cold boots)", $6, $9, cold }' "$out/share-$share-$round/sweep.csv"
        done
        echo
    done
    for share in false true; do
        for round in $(seq 1 "$rounds"); do awk -F, 'NR == 2 { print $6 }' "$out/share-$share-$round/sweep.csv"; done \
            | sort -n | awk -v s="$share" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print s, m }'
    done | awk '{ m[$1] = $2 } END { printf "median time ratio, shared / not shared: %.2f\n", m["true"] / m["false"] }'
} | tee "$out/report.txt"
