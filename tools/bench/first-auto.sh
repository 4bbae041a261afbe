#!/usr/bin/env bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# A first auto run against a fixed point, ROUNDS times: what --workers auto --prefixes auto does
# on a machine whose record knows the boot costs and the busy tests but not where auto settled
# (as in perf-sweep.sh, whose auto point is the first auto run of its state). Each round copies
# SWEEP-DIR's machine record with the settled limits taken out, and runs the point (workers W,
# prefixes P) and auto (up to AUTO-GROUPS groups, default P) with it, each after a calibration
# run, into SWEEP-DIR/first-auto-RESET/rN (resumed when run again).
#
#   tools/bench/first-auto.sh SWEEP-DIR RESET W P [ROUNDS [AUTO-GROUPS]]   (ROUNDS default 3)
set -euo pipefail
# shellcheck source=tools/bench/point-and-auto-args.sh
source "$(dirname "$0")/point-and-auto-args.sh"
[ -f "$sweep/state/machine.json" ] || { echo "$sweep/state/machine.json: no machine record (run perf-sweep.sh first)" >&2; exit 2; }
[ -f "$sweep/kvmrunner.jar" ] || cp "$here/target/kvmrunner.jar" "$sweep/kvmrunner.jar"   # the sweep's own, when it has one
for round in $(seq 1 "$rounds"); do
    out="$sweep/first-auto-$reset/r$round"
    mkdir -p "$out/state"
    if [ ! -f "$out/state/machine.json" ]; then
        # where auto settled (boots, groups) is 0: unknown; the rest of the record stays
        sed -E 's/"(boots|groups)" : [0-9]+/"\1" : 0/' "$sweep/state/machine.json" > "$out/state/machine.json"
    fi
    echo "round $round of $rounds:"
    KVMRUNNER_STATE_DIR="$out/state" java -Xmx256m -XX:+UseSerialGC -cp "$sweep/kvmrunner.jar" dev.kvmrunner.cli.Main \
        bench sweep --workers "$workers" --prefixes "$prefixes" --reset "$reset" --auto --auto-prefixes "$auto_groups" \
        --run-arg=--accel --run-arg=tcg \
        --output "$out" "$here/examples/bench" > "$out/report.txt"
    grep -E '^(best fixed point|workers auto, prefixes auto):' "$out/report.txt"
done | tee "$sweep/first-auto-$reset.txt"
