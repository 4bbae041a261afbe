#!/usr/bin/env bash
# Runs the whole test suite with Maven (mvn verify: the quick tests in surefire, the @Slow ones in
# failsafe), then sums up the tests that were skipped for a missing outside tool, with the one
# apt-get line that would run them.
# ./test.sh reports and never installs (it must not change the machine); .ci/run installs.
set -uo pipefail
cd "$(dirname "$0")"
skips=target/skipped-tools.txt   # "tool TAB package TAB test" lines from the tests' RequiredTools
rm -f "$skips"
mvn -B -ntp verify "$@"
status=$?
if [ -s "$skips" ]; then
    echo
    echo "Skipped for missing tools:"
    declare -A needs=()
    while IFS=$'\t' read -r tool _ test; do
        needs[$test]="${needs[$test]:+${needs[$test]}, }$tool"
    done < "$skips"
    for test in $(printf '%s\n' "${!needs[@]}" | sort); do
        printf '  %-60s needs %s\n' "$test" "${needs[$test]}"
    done
    packages=$(cut -f2 "$skips" | grep -v '^-$' | sort -u | tr '\n' ' ')
    if [ -n "$packages" ]; then
        echo "To run them: apt-get install ${packages% }"
    fi
    if grep -q '^root' "$skips"; then
        echo "and run ./test.sh as root (the netns backend's tests)"
    fi
fi
exit $status
