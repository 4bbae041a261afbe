#!/usr/bin/env bash
# Checks the release built by `mvn -Prelease -DskipTests package`: unpacks the .deb into a clean
# directory (dpkg -x: no root, nothing installed on the machine), runs its kvmrunner --version
# and the example suite it ships; unpacks the tarball and runs its --version; checks the man
# pages and that the completion script loads in bash and zsh. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls target/kvmrunner_*_all.deb)
tarball=$(ls target/kvmrunner-*.tar.gz)
scratch=$(mktemp -d /tmp/kvmrunner-release.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

version_line='^kvmrunner [0-9]+\.[0-9]+\.[0-9]+[^ ]* \(git [0-9a-f]{7,}\)$'

mkdir "$scratch/deb"
dpkg -x "$deb" "$scratch/deb"
kvmrunner="$scratch/deb/usr/bin/kvmrunner"
"$kvmrunner" --version | tee "$scratch/version"
grep -Eq "$version_line" "$scratch/version"
"$kvmrunner" results --version | grep -Eq "$version_line"
dpkg-deb -f "$deb" Depends | grep -q 'openjdk-17-jre-headless'
dpkg-deb -f "$deb" Recommends | grep -q 'qemu-system-x86'
# the example suite writes OUTPUT/ into its tests: run a writable copy of the shipped one
cp -r "$scratch/deb/usr/share/kvmrunner/examples/basic" "$scratch/suite"
"$kvmrunner" run --junit "$scratch/junit.xml" --html "$scratch/report" "$scratch/suite"
test -s "$scratch/junit.xml" && test -s "$scratch/report/index.html"

mkdir "$scratch/tar"
tar -xzf "$tarball" -C "$scratch/tar"
"$scratch"/tar/kvmrunner-*/bin/kvmrunner --version | grep -Eq "$version_line"
# the backends' own commands have pages too (cli.Main adds them as picocli's model transformer)
for page in "$scratch"/tar/kvmrunner-*/share/man/man1/kvmrunner{,-run,-image,-bench-boot}.1; do
    grep -q '^\.TH "KVMRUNNER' "$page"
done
# the generated completion script knows the backends' commands and flags, and defines the completion in bash
grep -q "'--accel'" "$scratch"/tar/kvmrunner-*/share/bash-completion/completions/kvmrunner
bash -c 'source "$1" && complete -p kvmrunner' check "$scratch"/tar/kvmrunner-*/share/bash-completion/completions/kvmrunner
# and in zsh, through its bash-compatible completion (docs/release.md)
zsh -fc 'autoload -U +X compinit && compinit -u; autoload -U +X bashcompinit && bashcompinit; source "$1";
    [[ ${_comps[kvmrunner]} == *_complete_kvmrunner* ]]' check "$scratch"/tar/kvmrunner-*/share/bash-completion/completions/kvmrunner
echo "release packages OK: $(basename "$deb"), $(basename "$tarball")"
