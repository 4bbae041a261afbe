#!/usr/bin/env bash
# Runs the whole test suite (unit and integration tests) with Maven.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
