#!/bin/sh
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Checks that `kvmrunner list` prints what libreswan's own kvmresults.py prints for every test
# of a libreswan tree: names, kinds, statuses, hosts, script order (2019) or guests and console
# commands (main).
#
# usage: tools/compat/list-vs-kvmresults.sh LIBRESWAN-TESTING-DIR
#
# Runs both tools from LIBRESWAN-TESTING-DIR on its pluto/ suite (so that relative paths agree),
# prints every difference as a diff and exits 1 if there is one. The tree is only read.
# Set KVMRUNNER to the command that runs kvmrunner (default: the jar built by `mvn package`).
#
# Normalisations, each for a known libreswan quirk and nothing else:
#  - 2019: TextBuilder writes the separator even for an empty list, so a test without scripts
#    ends in spaces (or has two in a row); runs of spaces are squeezed and trailing ones removed.
#  - main: a command from an all.*.sh script names the script by its path (pluto/<test>/all.x.sh)
#    and other commands by file name; kvmrunner always uses the file name, so the path is cut.
#  - main: --test-platform defaults to '' which (fab/ignore.py) drops every test that needs a
#    platform; kvmresults is given --test-platform . so that every test is printed.

set -eu

if [ $# -ne 1 ] || [ ! -d "$1/pluto" ] || [ ! -f "$1/utils/kvmresults.py" ]; then
    echo "usage: $0 LIBRESWAN-TESTING-DIR (a directory with pluto/ and utils/kvmresults.py)" >&2
    exit 2
fi
testing=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
KVMRUNNER=${KVMRUNNER:-"java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx256m -jar $repo/target/kvmrunner.jar"}
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# compare NAME: diffs $work/NAME.kvmresults against $work/NAME.kvmrunner
differences=0
compare() {
    if diff -u --label "kvmresults.py $1" --label "kvmrunner list $1" "$work/$1.kvmresults" "$work/$1.kvmrunner"; then
        echo "$1: $(grep -c . "$work/$1.kvmrunner") lines, 0 differences"
    else
        differences=$((differences + 1))
    fi
}

# kvmresults ARGS...: libreswan's tool on every test of pluto/, whatever its kind and status
kvmresults() {
    (cd "$testing" && "$python" utils/kvmresults.py --test-kind '' --test-status '' "$@" pluto 2>"$work/stderr") || {
        cat "$work/stderr" >&2
        exit 2
    }
}

# kvmrunner ARGS...: kvmrunner list on the same tests
kvmrunner() {
    (cd "$testing" && $KVMRUNNER list --test-kind '' --test-status '' "$@" pluto)
}

if [ -d "$testing/kvm/vm" ]; then
    echo "libreswan main tree: hosts from kvm/vm, platforms from kvm/upgrade"
    fields=test-name,test-kind,test-status,test-host-names,test-guest-names,test-platforms
    kvmresults --test-platform . --print "$fields" > "$work/hosts.kvmresults"
    kvmrunner --print "$fields" > "$work/hosts.kvmrunner"
    compare hosts
    kvmresults --test-platform . --print test-name,test-commands \
        | sed -E 's#^(([^ ]+ )?)pluto/[^/]+/(all\.[^:/]*\.sh:)#\1\3#' > "$work/commands.kvmresults"
    kvmrunner --print test-name,test-commands > "$work/commands.kvmrunner"
    compare commands
    kvmresults --test-platform . --print test-name,path,test-directory,output-directory > "$work/paths.kvmresults"
    kvmrunner --print test-name,path,test-directory,output-directory > "$work/paths.kvmrunner"
    compare paths
else
    echo "libreswan 2019 tree: hosts from libvirt/vm"
    # --skip '': kvmresults skips untested tests by default, and here none has run
    fields=test-name,test-kind,test-status,test-host-names,test-scripts
    kvmresults --skip '' --print "$fields" | sed -e 's/  */ /g' -e 's/ *$//' > "$work/scripts.kvmresults"
    kvmrunner --print "$fields" > "$work/scripts.kvmrunner"
    compare scripts
    kvmresults --skip '' --print test-name,path,test-directory,output-directory > "$work/paths.kvmresults"
    kvmrunner --print test-name,path,test-directory,output-directory > "$work/paths.kvmrunner"
    compare paths
fi

tests=$(grep -v '^[[:space:]]*#' "$testing/pluto/TESTLIST" | grep -c '[^[:space:]]' || true)
if [ "$differences" -ne 0 ]; then
    echo "$differences comparison(s) differ" >&2
    exit 1
fi
echo "all comparisons agree ($tests TESTLIST entries)"
