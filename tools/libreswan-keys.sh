#!/usr/bin/env bash
# Makes the test CA and certificates of a libreswan checkout, as its "make kvm-keys" does, when
# they are missing, older than their generator, or more than 7 days old (libreswan's
# kvm-keys-ok then asks for kvm-keys); says which, and says so when it keeps them. Called by tools/libreswan-run.sh.
#
#   tools/libreswan-keys.sh CHECKOUT
#
# The generator is the tree's own testing/x509/dist_certs.py (with its openssl.cnf). It writes
# beside itself, so it runs on a copy in an empty directory; only when it succeeds are its
# directories and nss-pw moved into CHECKOUT/testing/x509 (replacing the old ones, as
# kvm-clean-keys would) and libreswan's marker testing/x509/keys/up-to-date touched. Nothing is
# written into kvmrunner's repository. Needs python3 with python3-openssl and python3-pexpect,
# and openssl (Debian: apt-get install python3-openssl python3-pexpect openssl).
set -euo pipefail
if [ $# -ne 1 ] || [ ! -f "$1/testing/x509/dist_certs.py" ]; then
    echo "usage: $0 LIBRESWAN-CHECKOUT  (no testing/x509/dist_certs.py in '${1:-}')" >&2
    exit 2
fi
x509="$(cd "$1/testing/x509" && pwd)"
marker="$x509/keys/up-to-date"
generator=("$x509/dist_certs.py" "$x509/openssl.cnf")
stale=""
if [ ! -e "$marker" ]; then
    stale="missing ($marker does not exist)"
else
    newer=()
    for file in "${generator[@]}"; do
        if [ "$file" -nt "$marker" ]; then
            newer+=("${file#"$x509/"}")
        fi
    done
    if [ ${#newer[@]} -gt 0 ]; then
        stale="older than ${newer[*]}"
    elif [ -n "$(find "$marker" -mtime +7)" ]; then
        # libreswan's kvm-keys-ok refuses keys more than 7 days old and asks for kvm-keys
        stale="more than 7 days old"
    fi
fi
if [ -z "$stale" ]; then
    echo "libreswan-keys: test keys in $x509 are up to date (keys/up-to-date newer than dist_certs.py and openssl.cnf, at most 7 days old); not made again"
    exit 0
fi
echo "libreswan-keys: test keys $stale; running testing/x509/dist_certs.py (a few minutes)"
work="$(mktemp -d "${TMPDIR:-/tmp}/libreswan-keys.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "${generator[@]}" "$work/"
if ! (cd "$work" && ./dist_certs.py > "$work/dist_certs.log" 2>&1); then
    tail -n 20 "$work/dist_certs.log" >&2
    echo "$0: testing/x509/dist_certs.py failed (needs python3-openssl, python3-pexpect, openssl); $x509 left as it was" >&2
    exit 1
fi
# the generator's output: every directory it made, and nss-pw
outputs=()
for dir in "$work"/*/; do
    outputs+=("$(basename "$dir")")
done
for name in "${outputs[@]}" nss-pw; do
    rm -rf "${x509:?}/$name"
    mv "$work/$name" "$x509/$name"
done
touch "$marker"
echo "libreswan-keys: made ${outputs[*]} and nss-pw in $x509"
