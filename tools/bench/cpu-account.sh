#!/usr/bin/env bash
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Where one run's CPU goes: runs examples/bench once (a fresh copy, qemu under TCG) at WORKERS
# boot workers and PREFIXES groups with --reset RESET, under the kernel's process accounting
# (accton: every process's CPU time at its exit, read back with sa) and with /proc/stat read every
# half second, then splits the machine's busy CPU-seconds into what the lower bound charges (the
# guests' boots and scripts, from the run's events) and what it does not (the guests otherwise,
# the runner's JVM, other processes, the kernel outside any process), and counts the idle
# core-seconds. The figures of docs/performance.md ("Where a snapshot run's CPU goes").
#
#   tools/bench/cpu-account.sh WORKERS PREFIXES RESET [OUTPUT-DIR]   (default target/cpu-account)
#
# Needs root (accton), acct (apt-get install acct) and python3; run it on a quiet machine.
# Process accounting is switched on for the whole machine while the run lasts, and off after.
set -euo pipefail
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"   # bench_run
here="$(cd "$(dirname "$0")/../.." && pwd)"
if [ $# -lt 3 ]; then
    echo "usage: $0 WORKERS PREFIXES RESET [OUTPUT-DIR]" >&2
    exit 2
fi
workers=$1 prefixes=$2 reset=$3
out="$(realpath -m "${4:-$here/target/cpu-account}")"
for tool in accton sa python3; do
    command -v "$tool" > /dev/null || { echo "$0: needs $tool (acct: apt-get install acct)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "$0: needs root (accton)" >&2; exit 2; }
"$here/kvmrunner" --version > /dev/null            # builds target/kvmrunner.jar when needed

rm -rf "$out"
mkdir -p "$out/state"
: > "$out/pacct"
sampler=
finish() {
    accton off > /dev/null 2>&1 || true
    [ -z "$sampler" ] || kill "$sampler" 2> /dev/null || true
}
trap finish EXIT
accton "$out/pacct" > /dev/null
(while :; do echo "$(date +%s.%N) $(head -1 /proc/stat)"; sleep 0.5; done > "$out/stat.txt") &
sampler=$!
status=0
KVMRUNNER_STATE_DIR="$out/state" bench_run "$here" "$here/target/kvmrunner.jar" "$out" "$workers" "$prefixes" "$reset" || status=$?
kill "$sampler"
sampler=
accton off > /dev/null
sa -a --separate-times "$out/pacct" > "$out/sa.txt"
echo "run exit status $status (log: $out/run.log)"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
rows = [line.split() for line in open(f"{out}/stat.txt")]
first, last = list(map(int, rows[0][2:9])), list(map(int, rows[-1][2:9]))
busy = (sum(last[0:3]) - sum(first[0:3])) / 100          # user + nice + system
idle = (last[3] - first[3]) / 100
wall = float(rows[-1][0]) - float(rows[0][0])
per = {}
for line in open(f"{out}/sa.txt").read().splitlines()[1:]:  # the first line is the total
    f = line.split()
    name = " ".join(f[6:]) if len(f) > 6 else "?"
    per[name] = per.get(name, 0) + (float(f[2].rstrip("u")) + float(f[3].rstrip("s"))) * 60
events = [json.loads(line) for line in open(f"{out}/events.jsonl")]
boots = sum(e.get("cpu_seconds", 0) for e in events if e["event"] == "boot-finished")
scripts = sum(e.get("script_cpu_seconds", 0) for e in events if e["event"] == "test-finished")
qemu = per.pop("qemu-system-x86", 0)
# the JVM is accounted under the name of whichever of its threads ended last
jvm = max((v for k, v in per.items() if k not in ("bash", "bash*", "sleep", "date", "head", "cat", "sh", "vde_switch", "accton")), default=0)
others = sum(per.values()) - jvm
print(f"wall {wall:.1f} s; machine busy {busy:.1f} CPU-s, idle {idle:.1f} core-s")
print(f"  charged by the bound: guests' boots {boots:.1f} + scripts {scripts:.1f} = {boots + scripts:.1f}")
print(f"  not charged: guests otherwise {qemu - boots - scripts:.1f}, runner's JVM {jvm:.1f} (sa: +-0.3),"
      f" other processes {others:.1f} (this script's sampler among them), kernel outside any process {busy - qemu - jvm - others:.1f}")
PY
exit "$status"
