#!/usr/bin/env bash
# Benchmark: the start of two kvmrunner builds side by side, e.g. a commit against its parent
# (the command tree built at start). Runs one command with each, alternately (so both see the
# same machine load), ROUNDS times; prints the medians of wall and CPU time (user+system, from
# /usr/bin/time) and the ratios B/A.
#
# usage: tools/bench/start-a-vs-b.sh A-DIR B-DIR ROUNDS COMMAND...
#   A-DIR, B-DIR  directories each holding a launcher (./kvmrunner) and its target/kvmrunner.jar,
#                 e.g. two git worktrees; COMMAND runs in each (relative paths are theirs)
# example: tools/bench/start-a-vs-b.sh /tmp/old /tmp/new 20 results examples/basic
set -euo pipefail
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"   # median
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
rounds=$3
shift 3
[ -x /usr/bin/time ] || { echo "start-a-vs-b: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
times=$(mktemp)
trap 'rm -f "$times"' EXIT

run() { # DIR LABEL: one timed run, appended as "LABEL wall cpu"
    (cd "$1" && /usr/bin/time -f "$2 %e %U %S" -o "$times" -a ./kvmrunner "${@:3}" > /dev/null 2>&1) || true
}
for dir in "$a" "$b"; do (cd "$dir" && ./kvmrunner "$@" > /dev/null 2>&1) || true; done # warm: jar, archives, caches
for _ in $(seq "$rounds"); do
    run "$a" A "$@"
    run "$b" B "$@"
done
medians() { # SIDE: "wall cpu"
    echo "$(awk -v s="$1" '$1 == s {print $2}' "$times" | median)" \
        "$(awk -v s="$1" '$1 == s {print $3 + $4}' "$times" | median)"
}
read -r a_wall a_cpu <<< "$(medians A)"
read -r b_wall b_cpu <<< "$(medians B)"
echo "A median wall ${a_wall} s, cpu ${a_cpu} s"
echo "B median wall ${b_wall} s, cpu ${b_cpu} s"
awk -v aw="$a_wall" -v bw="$b_wall" -v ac="$a_cpu" -v bc="$b_cpu" \
    'BEGIN { printf "ratio B/A: wall %.2f, cpu %.2f\n", bw / aw, bc / ac }'
echo "command: kvmrunner $*, $rounds rounds each, alternating"
