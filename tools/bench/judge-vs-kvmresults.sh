#!/usr/bin/env bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Benchmark: `kvmrunner results` against libreswan's own kvmresults.py, on a real libreswan
# tree with that tree's own sanitizers (REF_CONSOLE_FIXUPS: sed, perl, awk), side by side in
# one run.
#
# usage: tools/bench/judge-vs-kvmresults.sh LIBRESWAN-TESTING-DIR [TESTS] [ROUNDS]
#
# ROUNDS 0 runs only the checks. KVMRUNNER_BENCH_KEEP=1 keeps the constructed tree.
#
# LIBRESWAN-TESTING-DIR is a libreswan checkout's testing/ (the 2019 tree or main); it is only
# read. Its testing/ without pluto/ is copied into a temporary directory, next to a pluto/ of
# the first TESTS (default 200) good tests of its TESTLIST that have expected output. Each of
# those gets OUTPUT/<host>.console.verbose.txt transcripts made from its expected
# <host>.console.txt (and all.console.txt), with a runner's done marker, and perturbed
# deterministically by the test's position (every fifth: one line changed; every fifth+1: a
# line given trailing blanks; every thirteenth: no done marker; every seventeenth: a timeout
# marker; every 19th and 23rd: EOF and EXCEPTION markers, which main judges), so that not everything passes.
#
# Then, ROUNDS (default 5) times, alternately: kvmrunner results with a cold cache (the
# cache is removed first), kvmresults.py, kvmrunner results with a warm cache. Wall and CPU
# time (user+system of the process and the children it waited for; as root, the CPU time a
# cgroup counted for every process of the run) of every run; it prints the medians and
# the ratios. Before timing it checks that both tools print the same result and issues for
# every test (exit 1 when not), with a cold cache and with a warm one, and, with KVMRUNNER_SED_CHECK=1 (default), that the
# in-process sed gives byte-identical output to GNU sed for every sed script of the tree on
# every transcript (`kvmrunner bench sed`).
#
# Set KVMRUNNER to the command that runs kvmrunner (default: ./kvmrunner of this checkout).
set -euo pipefail
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"   # median

if [ $# -lt 1 ] || [ ! -f "$1/utils/kvmresults.py" ] || [ ! -f "$1/utils/sanitizer.sh" ]; then
    echo "usage: $0 LIBRESWAN-TESTING-DIR [TESTS] [ROUNDS] (a testing/ with utils/kvmresults.py)" >&2
    exit 2
fi
source=$(cd "$1" && pwd)
tests=${2:-200}
rounds=${3:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
KVMRUNNER=${KVMRUNNER:-"$repo/kvmrunner"}
python=${PYTHON:-python3}
work=$(mktemp -d)
if [ -z "${KVMRUNNER_BENCH_KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi

$KVMRUNNER --version > /dev/null   # build the jar and the class-data archive first

testing=$work/testing
mkdir -p "$testing/pluto"
(cd "$source" && tar cf - --exclude=./pluto .) | (cd "$testing" && tar xf -)

LHS='>>>>>>>>>>'
RHS='<<<<<<<<<<'
DONE="${LHS}cut${LHS} done ${RHS}tuc${RHS}"

# The done marker goes at the end of the last line, where the runner's prompt is and where
# cutout.sed removes it. 2019's sanitizer.sh appends a newline: there the transcript does
# not end with one, so that an unperturbed transcript passes. It marks a timeout in lower
# case; main writes TIMEOUT, and also EOF and EXCEPTION.
final_newline=1
timeout_word=TIMEOUT
if grep -q '^echo$' "$source/utils/sanitizer.sh"; then final_newline=0; timeout_word=timeout; fi

# the first TESTS good kvmplutotest entries with expected output, in TESTLIST order
: > "$testing/pluto/TESTLIST"
n=0
while read -r kind name status _; do
    case "$kind" in ''|\#*) continue ;; esac
    [ "$kind" = kvmplutotest ] && [ "$status" = good ] || continue
    [ -d "$source/pluto/$name" ] || continue
    ls "$source/pluto/$name"/*.console.txt > /dev/null 2>&1 || continue
    mkdir -p "$testing/pluto/$name"
    (cd "$source/pluto/$name" && tar cf - --exclude=./OUTPUT .) | (cd "$testing/pluto/$name" && tar xf -)
    echo "$kind $name $status" >> "$testing/pluto/TESTLIST"
    i=$n
    mkdir -p "$testing/pluto/$name/OUTPUT"
    for expected in "$testing/pluto/$name"/*.console.txt; do
        host=$(basename "$expected" .console.txt)
        out="$testing/pluto/$name/OUTPUT/$host.console.verbose.txt"
        lines=$(wc -l < "$expected")
        middle=$(( lines / 2 + 1 ))
        mark=$DONE
        if [ $(( i % 13 )) = 4 ]; then mark=; fi
        {
            if [ $(( i % 17 )) = 7 ]; then echo "$LHS $timeout_word while running test script $host:${host}run.sh $RHS"; fi
            if [ $(( i % 19 )) = 9 ]; then echo "$LHS EOF while running test script $RHS"; fi
            if [ $(( i % 23 )) = 11 ]; then echo "$LHS EXCEPTION while running test script $RHS"; fi
            awk -v m="$middle" -v how=$(( i % 5 )) -v mark="$mark" -v nl="$final_newline" '
                NR == m && how == 1 { $0 = $0 " PERTURBED" }
                NR == m && how == 2 { $0 = $0 "   " }
                NR > 1 { print previous }
                { previous = $0 }
                END { printf "%s%s%s", previous, mark, (nl ? "\n" : "") }' "$expected"
        } > "$out"
    done
    n=$((n + 1))
    [ "$n" -lt "$tests" ] || break
done < "$source/pluto/TESTLIST"
hosts=$(find "$testing/pluto" -name '*.console.verbose.txt' | wc -l)
echo "tree: $source"
echo "tests: $n with $hosts transcripts (made from expected output, perturbed); rounds: $rounds"

cd "$testing"
# main names the field issues and skips tests of platforms not asked for
if [ -d kvm/vm ]; then
    print=(--print test-name,result,issues); theirs_extra=(--test-platform .)
else
    print=(--print test-name,result,errors); theirs_extra=()
fi
ours=(results --test-kind '' --test-status '' "${print[@]}" pluto)
theirs=(utils/kvmresults.py "${theirs_extra[@]}" "${print[@]}" pluto)
cache_off() { find pluto -path '*/OUTPUT/.kvmrunner-cache' -prune -exec rm -rf {} +; }
# the cache lives in OUTPUT: deleting OUTPUT deletes it, this deletes only it

# the same verdicts, first
cache_off
$KVMRUNNER "${ours[@]}" > "$work/ours.out" 2> "$work/ours.err" || true
"$python" "${theirs[@]}" > "$work/theirs.out" 2> "$work/theirs.err" || true
if ! diff -u --label kvmresults.py --label 'kvmrunner results' "$work/theirs.out" "$work/ours.out"; then
    echo "verdicts differ (see above)" >&2
    exit 1
fi
echo "verdicts: identical for all $(wc -l < "$work/ours.out") tests: $(awk '{print $2}' "$work/ours.out" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')"
# and from the cache: a second run reads each test's verdict from OUTPUT/.kvmrunner-cache
# (files changed in the last 2 s are not trusted by their status: wait that out first)
sleep 2
$KVMRUNNER "${ours[@]}" > /dev/null 2>&1 || true
$KVMRUNNER "${ours[@]}" > "$work/warm.out" 2> /dev/null || true
if ! diff -u --label kvmresults.py --label 'kvmrunner results, warm cache' "$work/theirs.out" "$work/warm.out"; then
    echo "verdicts from the cache differ (see above)" >&2
    exit 1
fi
echo "verdicts with a warm cache: identical; $(find pluto -path '*/OUTPUT/.kvmrunner-cache/verdict' | wc -l) tests' verdicts kept"

if [ "${KVMRUNNER_SED_CHECK:-1}" = 1 ]; then
    $KVMRUNNER bench sed --scripts sanitizers $(find pluto -name '*.console.verbose.txt' | sort)
fi

if [ "$rounds" = 0 ]; then exit 0; fi   # only the checks (tools/compat/results-vs-kvmresults.sh on main)

# CPU time is what `time` reports (user+sys of the command and the children it waited for)
# or, when a cgroup v1 cpuacct hierarchy is writable (root), the CPU time of every process the
# command started, waited for or not: each run goes into a cgroup of its own, and its usage is
# read once the last process in it is gone.
cpuacct=/sys/fs/cgroup/cpuacct
cgroup=
if [ -w "$cpuacct" ] && [ -z "${KVMRUNNER_BENCH_NO_CGROUP:-}" ]; then
    cgroup=$cpuacct/kvmrunner-bench-$$
    if mkdir "$cgroup" 2> /dev/null; then
        trap 'rmdir "$cgroup" 2> /dev/null || true; [ -n "${KVMRUNNER_BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
    else
        cgroup=
    fi
fi
if [ -n "$cgroup" ]; then
    echo "CPU time measured by: a cgroup (cpuacct) per run, every process of the run"
else
    echo "CPU time measured by: time, user+sys of the command and the children it waited for"
fi

# run NAME CMD...: appends "wall CPU" (seconds) to $work/NAME.times
run() {
    local name=$1; shift
    local TIMEFORMAT='%R %U %S'
    if [ -n "$cgroup" ]; then
        echo 0 > "$cgroup/cpuacct.usage"
        { time sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cgroup" "$@" > /dev/null 2>&1; } \
            2>> "$work/$name.raw" || true
        local waited=0
        while [ -s "$cgroup/cgroup.procs" ] && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
        local usage; usage=$(cat "$cgroup/cpuacct.usage")
        tail -n 1 "$work/$name.raw" | awk -v ns="$usage" '{ printf "%s %.3f\n", $1, ns / 1e9 }' >> "$work/$name.times"
    else
        { time "$@" > /dev/null 2>&1; } 2>> "$work/$name.raw" || true
        tail -n 1 "$work/$name.raw" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }' >> "$work/$name.times"
    fi
}
for _ in $(seq "$rounds"); do
    cache_off
    run cold $KVMRUNNER "${ours[@]}"
    run theirs "$python" "${theirs[@]}"
    run warm $KVMRUNNER "${ours[@]}"
done

for name in cold theirs warm; do
    eval "${name}_wall=$(awk '{ print $1 }' "$work/$name.times" | median)"
    eval "${name}_cpu=$(awk '{ print $2 }' "$work/$name.times" | median)"
done
printf '%-34s %8s %8s\n' "medians of $rounds runs" "wall s" "CPU s"
printf '%-34s %8.2f %8.2f\n' "kvmresults.py" "$theirs_wall" "$theirs_cpu"
printf '%-34s %8.2f %8.2f\n' "kvmrunner results (cold cache)" "$cold_wall" "$cold_cpu"
printf '%-34s %8.2f %8.2f\n' "kvmrunner results (warm cache)" "$warm_wall" "$warm_cpu"
awk -v tw="$theirs_wall" -v tc="$theirs_cpu" -v cw="$cold_wall" -v cc="$cold_cpu" -v ww="$warm_wall" -v wc="$warm_cpu" 'BEGIN {
    printf "kvmresults.py / kvmrunner, cold cache: %.1fx wall, %.1fx CPU\n", tw / cw, tc / cc
    printf "kvmresults.py / kvmrunner, warm cache: %.1fx wall, %.1fx CPU\n", tw / ww, tc / wc
}'
