#!/usr/bin/env bash
# Runs some of libreswan's own tests, from a libreswan checkout, on kvmrunner's qemu backend
# with Debian guests and Debian's libreswan package. Nothing of libreswan's is copied into
# kvmrunner: this script puts kvmrunner's settings (examples/libreswan/kvmrunner.toml) into
# the checkout's testing/pluto/ and runs kvmrunner there. See docs/libreswan.md.
#
#   tools/libreswan-run.sh CHECKOUT [TEST...]
#
# CHECKOUT  a libreswan source tree (git clone https://github.com/libreswan/libreswan)
# TEST      test names under CHECKOUT/testing/pluto (default: the basic ones below)
# Environment: KVM_PREFIXES (default 'a. b.'), KVM_WORKERS (default 2), and every kvmrunner
# setting (KVM_QEMU_ACCEL...). Needs root, qemu-system-x86, qemu-utils, mmdebstrap, vde2, and for the test keys
# python3-openssl and python3-pexpect (see tools/libreswan-keys.sh).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ $# -lt 1 ] || [ ! -f "$1/testing/pluto/TESTLIST" ]; then
    echo "usage: $0 LIBRESWAN-CHECKOUT [TEST...]  (no testing/pluto/TESTLIST in '${1:-}')" >&2
    exit 2
fi
checkout="$(cd "$1" && pwd)"
shift
suite="$checkout/testing/pluto"
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    tests=(ikev2-03-basic-rawrsa ikev2-03-basic-rawrsa-rsasigkey ikev2-04-basic-x509 ikev2-05-basic-psk ikev2-08-delete-notify)
fi
dirs=()
for test in "${tests[@]}"; do
    [ -d "$suite/$test" ] || { echo "$0: no test $suite/$test" >&2; exit 2; }
    dirs+=("$suite/$test")
done
prefixes="${KVM_PREFIXES:-a. b.}"
prefix_flags=()
for prefix in $prefixes; do
    prefix_flags+=(--prefix "$prefix")
done

# kvmrunner's settings for the tree (not part of libreswan; git status shows it untracked)
cp "$here/examples/libreswan/kvmrunner.toml" "$suite/kvmrunner.toml"

start=$(date +%s)
# The tests' CA and certificates (the x509 tests need them), made as libreswan's "make kvm-keys"
# makes them: by the tree's own testing/x509/dist_certs.py, run on a copy in an empty directory
# (it writes beside itself), its output (the */ directories and nss-pw) then put into
# testing/x509 of the checkout, and libreswan's marker keys/up-to-date touched. Made again when
# the marker is missing, older than the generator or its openssl.cnf, or more than 7 days old
# (libreswan's kvm-keys-ok limit); kept otherwise.
# kvm-keys runs it in a Fedora build domain; here it runs on the host (python3-openssl,
# python3-pexpect, openssl). Its strongswan and DNSSEC keys are not made (the tests run here use
# neither).
"$here/tools/libreswan-keys.sh" "$checkout"
"$here/kvmrunner" image build --suite "$suite"
"$here/kvmrunner" install --suite "$suite" "${prefix_flags[@]}"
built=$(date +%s)
status=0
"$here/kvmrunner" run "${prefix_flags[@]}" --workers "${KVM_WORKERS:-2}" "${dirs[@]}" || status=$?
end=$(date +%s)
echo "libreswan-run: keys+image+install $((built - start)) s, run $((end - built)) s; transcripts in $suite/<test>/OUTPUT/"
exit $status
