#!/usr/bin/env bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# auto against the best fixed point, in alternation: the point (workers W, prefixes P) and
# --workers auto --prefixes auto run one after the other, ROUNDS times (bench sweep --repeat
# interleaves them), and the report compares their medians. Under TCG the same boot's CPU cost
# drifts by a fifth within half an hour on this machine kind, so one run of each compares the
# moments as much as the points; alternation and medians take most of that out.
# Auto may use AUTO-GROUPS groups (default P; perf-sweep.sh gives it the 4 its sweep allowed),
# and every run is preceded by a calibration run (bench sweep --calibrate), so that each run's
# efficiency is measured against the bound at its own moment of the machine.
#
#   tools/bench/auto-vs-best.sh SWEEP-DIR RESET W P [ROUNDS [AUTO-GROUPS]]   (ROUNDS default 3)
#
# SWEEP-DIR is a perf-sweep.sh output: its jar and state (what auto learned there) are used,
# and the runs go to SWEEP-DIR/auto-vs-best-RESET (resumed when run again).
set -euo pipefail
# shellcheck source=tools/bench/point-and-auto-args.sh
source "$(dirname "$0")/point-and-auto-args.sh"
[ -f "$sweep/kvmrunner.jar" ] || cp "$here/target/kvmrunner.jar" "$sweep/kvmrunner.jar"   # the sweep's own, when it has one
export KVMRUNNER_STATE_DIR="$sweep/state"
java -Xmx256m -XX:+UseSerialGC -cp "$sweep/kvmrunner.jar" dev.kvmrunner.cli.Main bench sweep \
    --workers "$workers" --prefixes "$prefixes" --reset "$reset" --auto --auto-prefixes "$auto_groups" --repeat "$rounds" \
    --run-arg=--accel --run-arg=tcg \
    --output "$sweep/auto-vs-best-$reset" "$here/examples/bench" | tee "$sweep/auto-vs-best-$reset.txt"
