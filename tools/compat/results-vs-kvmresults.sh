#!/bin/bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Checks that `kvmrunner results` gives the same result and issues as libreswan's own
# kvmresults.py, with libreswan's own sanitizers (REF_CONSOLE_FIXUPS: .sed, .awk, .pl run by
# sed, gawk and perl), on a handful of tests this script constructs: passed, output-different,
# output-whitespace, output-truncated, timeout, output-missing, output-unchecked, crashes
# (CORE, SEGFAULT, ASSERTION, EXPECTATION, %NULL), a testparams.sh with its own fixups, an
# untested test; then the same against a baseline OUTPUT tree (baseline-passed,
# baseline-failed, baseline-different, baseline-missing, absent, baseline:untested), with and
# without --quick. It compares the printed lines and the --stats details (every issue of every
# test, printed or not).
#
# usage: tools/compat/results-vs-kvmresults.sh LIBRESWAN-TESTING-DIR
#        TESTS=N tools/compat/results-vs-kvmresults.sh LIBRESWAN-MAIN-TESTING-DIR
#
# LIBRESWAN-TESTING-DIR is a libreswan checkout's testing/ (2019 layout: utils/kvmresults.py,
# utils/sanitizer.sh, sanitizers/, default-testparams.sh). It is only read: everything but its
# pluto/ is copied into a temporary directory, next to a pluto/ of constructed tests.
# Set KVMRUNNER to the command that runs kvmrunner (default: the jar built by `mvn package`).
set -euo pipefail

# A libreswan main checkout (testing/kvm/vm): its kvmresults.py has other options and rules
# (fab/post.py), so main is checked on transcripts made from its own expected output, with
# perturbations, for TESTS (default: every) tests: the same result and issues for every
# test, by tools/bench/judge-vs-kvmresults.sh without its timing rounds.
if [ $# -eq 1 ] && [ -d "$1/kvm/vm" ] && [ -f "$1/utils/kvmresults.py" ]; then
    exec "$(dirname "$0")/../bench/judge-vs-kvmresults.sh" "$1" "${TESTS:-100000}" 0
fi
if [ $# -ne 1 ] || [ ! -f "$1/utils/kvmresults.py" ] || [ ! -f "$1/utils/sanitizer.sh" ]; then
    echo "usage: $0 LIBRESWAN-TESTING-DIR (a testing/ with utils/kvmresults.py and utils/sanitizer.sh)" >&2
    exit 2
fi
source=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
KVMRUNNER=${KVMRUNNER:-"java -Xmx256m -jar $repo/target/kvmrunner.jar"}
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

testing=$work/testing
mkdir -p "$testing/pluto"
(cd "$source" && tar cf - --exclude=./pluto .) | (cd "$testing" && tar xf -)

LHS='>>>>>>>>>>'
RHS='<<<<<<<<<<'
DONE="${LHS}cut${LHS} done ${RHS}tuc${RHS}"

# transcript TEST HOST [extra lines...]: a console transcript as libreswan's runner writes it
transcript() {
    local test=$1 host=$2; shift 2
    printf '%s\n' \
        "${LHS}cut${LHS} ${host}init.sh ${RHS}tuc${RHS}" \
        "[root@$host $test]# /testing/guestbin/swan-prep" \
        "[root@$host $test]# ipsec start" \
        "Redirecting to: systemctl start ipsec.service" \
        "[root@$host $test]# ipsec auto --add westnet-eastnet" \
        "002 added connection description \"westnet-eastnet\"" \
        "[root@$host $test]# echo initdone" \
        "initdone" \
        "$@" \
        "[root@$host $test]# ipsec look" \
        "$host Mon Jan  1 10:11:12 UTC 2024" \
        "[root@$host $test]# "
}

# make TEST: a test directory with eastinit.sh and westinit.sh
make_test() {
    local t=$testing/pluto/$1
    mkdir -p "$t/OUTPUT"
    echo "constructed by kvmrunner's compatibility check" > "$t/description.txt"
    echo "ipsec start" > "$t/eastinit.sh"
    echo "ipsec start" > "$t/westinit.sh"
    echo "kvmplutotest $1 good" >> "$testing/pluto/TESTLIST"
}

# expect TEST HOST: the expected output is the sanitized transcript (libreswan's sanitizer.sh)
expect() {
    (cd "$testing" && utils/sanitizer.sh "pluto/$1/OUTPUT/$2.console.verbose.txt" "pluto/$1") > "$testing/pluto/$1/$2.console.txt"
}

: > "$testing/pluto/TESTLIST"

make_test c-pass-01
for h in east west; do transcript c-pass-01 $h "$DONE" > "$testing/pluto/c-pass-01/OUTPUT/$h.console.verbose.txt"; expect c-pass-01 $h; done

make_test c-diff-02
for h in east west; do transcript c-diff-02 $h "$DONE" > "$testing/pluto/c-diff-02/OUTPUT/$h.console.verbose.txt"; expect c-diff-02 $h; done
sed -i 's/initdone/init finished/' "$testing/pluto/c-diff-02/east.console.txt"

make_test c-white-03
for h in east west; do transcript c-white-03 $h "$DONE" > "$testing/pluto/c-white-03/OUTPUT/$h.console.verbose.txt"; expect c-white-03 $h; done
sed -i 's/^initdone/initdone   /' "$testing/pluto/c-white-03/west.console.txt"

make_test c-trunc-04
for h in east west; do transcript c-trunc-04 $h "$DONE" > "$testing/pluto/c-trunc-04/OUTPUT/$h.console.verbose.txt"; expect c-trunc-04 $h; done
grep -v -F "$DONE" "$testing/pluto/c-trunc-04/OUTPUT/west.console.verbose.txt" > "$work/x" && mv "$work/x" "$testing/pluto/c-trunc-04/OUTPUT/west.console.verbose.txt"

make_test c-timeout-05
for h in east west; do transcript c-timeout-05 $h "$DONE" > "$testing/pluto/c-timeout-05/OUTPUT/$h.console.verbose.txt"; expect c-timeout-05 $h; done
transcript c-timeout-05 east "$LHS timeout while running test script east:eastinit.sh $RHS" > "$testing/pluto/c-timeout-05/OUTPUT/east.console.verbose.txt"

make_test c-missing-06
for h in east west; do transcript c-missing-06 $h "$DONE" > "$testing/pluto/c-missing-06/OUTPUT/$h.console.verbose.txt"; expect c-missing-06 $h; done
rm "$testing/pluto/c-missing-06/OUTPUT/west.console.verbose.txt"

make_test c-unchecked-07
for h in east west; do transcript c-unchecked-07 $h "$DONE" > "$testing/pluto/c-unchecked-07/OUTPUT/$h.console.verbose.txt"; done
expect c-unchecked-07 east

make_test c-crash-08
for h in east west; do transcript c-crash-08 $h "CORE FOUND" "kernel: SEGFAULT at 0" "[   12.345678] Call Trace:" "$DONE" > "$testing/pluto/c-crash-08/OUTPUT/$h.console.verbose.txt"; expect c-crash-08 $h; done

make_test c-pluto-09
for h in east west; do transcript c-pluto-09 $h "$DONE" > "$testing/pluto/c-pluto-09/OUTPUT/$h.console.verbose.txt"; expect c-pluto-09 $h; done
printf 'ok\nASSERTION FAILED at x.c:1\nEXPECTATION FAILED: y\n' > "$testing/pluto/c-pluto-09/OUTPUT/east.pluto.log"
printf 'ok\nname (null)\n' | gzip > "$testing/pluto/c-pluto-09/OUTPUT/west.pluto.log.gz"

make_test c-params-10
printf '%s\n' '. ../../default-testparams.sh' 'REF_CONSOLE_FIXUPS="nocr.sed cutout.sed host-prompt-sanitize.sed"' > "$testing/pluto/c-params-10/testparams.sh"
for h in east west; do transcript c-params-10 $h "$DONE" > "$testing/pluto/c-params-10/OUTPUT/$h.console.verbose.txt"; expect c-params-10 $h; done

make_test c-untested-11
rmdir "$testing/pluto/c-untested-11/OUTPUT"

# the baseline: a copy of every OUTPUT as <baseline>/<test>/, sanitized and diffed (kvmresults --update)
(cd "$testing" && "$python" utils/kvmresults.py --update --stats none pluto > /dev/null 2>&1) || true
baseline=$work/baseline
mkdir -p "$baseline"
for t in "$testing"/pluto/c-*/; do
    name=$(basename "$t")
    [ -d "$t/OUTPUT" ] && cp -r "$t/OUTPUT" "$baseline/$name"
done
# c-pass-01 failed in the baseline, c-diff-02 passed, c-white-03 failed differently (on west),
# c-params-10 has no west output in the baseline, c-crash-08 is not in it, c-trunc-04's is untested
echo "something else" > "$baseline/c-pass-01/east.console.txt"
cp "$testing/pluto/c-diff-02/east.console.txt" "$baseline/c-diff-02/east.console.txt"
echo "different again" >> "$baseline/c-white-03/west.console.txt"
rm -f "$baseline/c-params-10/west.console.txt" "$baseline/c-params-10/west.console.verbose.txt"
rm -rf "$baseline/c-crash-08"
for f in "$baseline/c-diff-02" "$baseline/c-pass-01" "$baseline/c-white-03"; do
    for h in east west; do
        (cd "$testing" && "$python" -c '
import difflib, sys
e = open(sys.argv[1]).read().splitlines(); o = open(sys.argv[2]).read().splitlines()
sys.stdout.write("".join(l + "\n" for l in difflib.unified_diff(e, o, "a", "b", lineterm="")))' \
            "pluto/$(basename "$f")/$h.console.txt" "$f/$h.console.txt") > "$f/$h.console.diff"
    done
done

differences=0
times=
# compare NAME ARGS...: both tools from testing/ on pluto, stdout and --stats details
compare() {
    local name=$1; shift
    local t0 t1 t2
    t0=$(date +%s.%N)
    (cd "$testing" && "$python" utils/kvmresults.py --stats details "$@" pluto > "$work/$name.py.out" 2> "$work/$name.py.err") || true
    t1=$(date +%s.%N)
    (cd "$testing" && $KVMRUNNER results --test-kind '' --test-status '' --stats details "$@" pluto > "$work/$name.kr.out" 2> "$work/$name.kr.err") || true
    t2=$(date +%s.%N)
    times="$times$(printf '%s: kvmresults.py %.2f s, kvmrunner results %.2f s (JVM start included)' "$name" "$(awk "BEGIN { print $t1 - $t0 }")" "$(awk "BEGIN { print $t2 - $t1 }")")
"
    grep -v '^kvmrunner: baseline' "$work/$name.kr.err" > "$work/$name.kr.stats" || true
    grep -E '^(Details|Summary|  )' "$work/$name.py.err" > "$work/$name.py.stats" || true
    local ok=1
    diff -u --label "kvmresults.py $name" --label "kvmrunner results $name" "$work/$name.py.out" "$work/$name.kr.out" || ok=0
    diff -u --label "kvmresults.py $name stats" --label "kvmrunner results $name stats" "$work/$name.py.stats" "$work/$name.kr.stats" || ok=0
    if [ $ok = 1 ]; then
        echo "$name: $(grep -c . "$work/$name.kr.out") lines, $(grep -c . "$work/$name.kr.stats") stats lines, 0 differences"
    else
        differences=$((differences + 1))
    fi
}

compare default --print path,result,errors
compare quick --quick --print test-name,result,errors
compare baseline --baseline "$baseline" --print test-name,result,errors
compare baseline-quick --quick --baseline "$baseline" --print test-name,result,errors

printf '%s' "$times"
echo "kvmrunner results:"; cat "$work/default.kr.out"
echo "kvmrunner results --baseline:"; cat "$work/baseline.kr.out"
if [ $differences -gt 0 ]; then
    echo "$differences comparisons differ" >&2
    exit 1
fi
