# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
#
# Sourced by the benchmark scripts of tools/bench: what several of them do alike.

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# bench_run REPO JAR DIR WORKERS PREFIXES RESET: one run of REPO's examples/bench (every test, under
# TCG) with kvmrunner JAR on a fresh copy in DIR/suite; its log goes to DIR/run.log, its events to
# DIR/events.jsonl. Returns the run's exit status.
bench_run() {
    local repo=$1 jar=$2 dir=$3 workers=$4 prefixes=$5 reset=$6
    rm -rf "$dir/suite"
    mkdir -p "$dir"
    cp -r "$repo/examples/bench" "$dir/suite"
    rm -rf "$dir"/suite/*/OUTPUT "$dir"/suite/*/BACKUP
    java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" dev.kvmrunner.cli.Main run --no-progress \
        --test-kind '' --test-status '' --workers "$workers" --prefixes "$prefixes" --reset "$reset" --accel tcg \
        --events "$dir/events.jsonl" "$dir/suite" > "$dir/run.log" 2>&1
}
