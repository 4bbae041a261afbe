#!/usr/bin/env bash
# Benchmark: `kvmrunner list` against libreswan's own kvmresults.py on the same tree, run
# alternately (so both see the same machine load), N rounds each; prints the medians and the
# ratio. The tree is only read.
#
# usage: tools/bench/list-speed.sh LIBRESWAN-TESTING-DIR [ROUNDS]
set -euo pipefail
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"   # median
testing=$(cd "$1" && pwd)
rounds=${2:-10}
repo=$(cd "$(dirname "$0")/../.." && pwd)
fields=test-name,test-kind,test-status,test-host-names
"$repo/kvmrunner" --version > /dev/null   # build the jar and the class-data archive first

now() { date +%s%N; }

cd "$testing"
# every test of the tree on both sides, as tools/compat/list-vs-kvmresults.sh compares them
select=(--test-kind '' --test-status '')
theirs_extra=()
if [ -d kvm/vm ]; then theirs_extra=(--test-platform .); else theirs_extra=(--skip ''); fi
ours=() theirs=()
for _ in $(seq "$rounds"); do
    t0=$(now); "$repo/kvmrunner" list "${select[@]}" --print "$fields" pluto > /dev/null; t1=$(now)
    python3 utils/kvmresults.py "${select[@]}" "${theirs_extra[@]}" --print "$fields" pluto > /dev/null; t2=$(now)
    ours+=($(( (t1 - t0) / 1000000 ))) theirs+=($(( (t2 - t1) / 1000000 )))
done
o=$(printf '%s\n' "${ours[@]}" | median)
t=$(printf '%s\n' "${theirs[@]}" | median)
tests=$("$repo/kvmrunner" list "${select[@]}" --print test-name pluto | wc -l)
echo "tests listed: $tests, rounds: $rounds"
echo "kvmrunner list     median ${o} ms"
echo "kvmresults.py      median ${t} ms"
awk -v o="$o" -v t="$t" 'BEGIN { printf "ratio kvmrunner/kvmresults: %.2f\n", o / t }'
