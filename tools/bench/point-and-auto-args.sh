# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Sourced by auto-vs-best.sh and first-auto.sh, which take the same arguments:
#   SWEEP-DIR RESET W P [ROUNDS [AUTO-GROUPS]]   (ROUNDS default 3, AUTO-GROUPS default P)
# Sets here, sweep, reset, workers, prefixes, rounds and auto_groups.
if [ $# -lt 4 ]; then
    echo "usage: $0 SWEEP-DIR RESET W P [ROUNDS [AUTO-GROUPS]]" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")/../.." && pwd)"
sweep="$(realpath "$1")"
reset=$2
workers=$3
prefixes=$4
rounds=${5:-3}
auto_groups=${6:-$prefixes}
