#!/usr/bin/env bash
# Does reset = snapshot (virsh save once, virsh restore per boot) shorten a libvirt run against
# cold boots? Runs examples/net on the libvirt backend, one prefix, with KVM_LIBVIRT_RESET=boot
# and =snapshot alternately for ROUNDS rounds, after one snapshot run that makes the saves (the
# group is installed first, so they outlive each run), and prints each time and the ratio of
# the medians. Needs root, a running libvirtd (docs/libvirt.md) and target/kvmrunner.jar.
#
#   tools/bench/libvirt-reset-bench.sh OUT-DIR [ROUNDS] [PREFIX]   (defaults: 2 lb.)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(realpath -m "$1")"
rounds="${2:-2}" prefix="${3:-lb.}"
mkdir -p "$out"
rm -rf "$out/net" && cp -r "$here/examples/net" "$out/net"
kvmrunner() { java -Xmx256m -XX:+UseSerialGC -cp "$here/target/kvmrunner.jar" dev.kvmrunner.cli.Main "$@"; }
trap 'kvmrunner uninstall --suite "$out/net" --backend libvirt --prefix "$prefix" > /dev/null' EXIT
kvmrunner install --suite "$out/net" --backend libvirt --prefix "$prefix" > /dev/null
KVM_LIBVIRT_RESET=snapshot kvmrunner run --backend libvirt --prefix "$prefix" "$out/net" > "$out/warm-up.txt" 2>&1
for round in $(seq 1 "$rounds"); do
    for reset in boot snapshot; do
        start=$(date +%s.%N)
        KVM_LIBVIRT_RESET="$reset" kvmrunner run --backend libvirt --prefix "$prefix" "$out/net" > "$out/$reset-$round.txt" 2>&1 || true
        end=$(date +%s.%N)
        echo "$reset $(echo "$end - $start" | bc) $(grep -o 'passed: [0-9]*' "$out/$reset-$round.txt" | head -1)"
    done
done | tee "$out/times.txt"
awk '{ t[$1] = t[$1] " " $2 } END { for (r in t) print r t[r] }' "$out/times.txt" | while read -r reset times; do
    echo "$reset $(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
done | awk '{ m[$1] = $2 } END { printf "median seconds: boot %.1f, snapshot %.1f; ratio snapshot / boot: %.2f\n", m["boot"], m["snapshot"], m["snapshot"] / m["boot"] }' \
    | tee "$out/report.txt"
