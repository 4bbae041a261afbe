#!/usr/bin/env bash
# Runs ./test.sh as on a fresh machine with only Java 17 and Maven: as root, it copies the work
# tree (without .git and target/) to a scratch directory, hides every outside tool the tests can
# use behind an empty non-executable file in a private mount namespace (the machine itself is
# untouched), and runs the tests as user nobody (so nothing may need root), offline, with a copy
# of the local Maven repository. Usage: sudo tools/fresh/test-without-tools.sh [mvn args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "$0: run as root (it makes a mount namespace, then drops to nobody)" >&2; exit 2; }

TOOLS=(gawk perl ping nc nc.openbsd nft ip unshare nsenter qemu-system-x86_64 vde_switch busybox cpio
       chromium make ps pkill pgrep kill sysctl git dpkg-deb)
scratch=$(mktemp -d /tmp/kvmrunner-fresh.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src" "$scratch/home"
git ls-files -z --cached --others --exclude-standard | grep -zv '^target/' | tar --null -T - -cf - | tar -xf - -C "$scratch/src"
cp -a "${MAVEN_REPO:-$HOME/.m2/repository}" "$scratch/home/repository"
: > "$scratch/hidden"
chown -R nobody:nogroup "$scratch"
chmod 755 "$scratch"

# the namespace's own mounts vanish with it; nothing outside changes
unshare --mount --propagation private -- bash -c '
    scratch=$1; shift
    hidden=()
    for tool in '"${TOOLS[*]}"'; do
        for dir in /usr/local/bin /usr/bin /bin /usr/local/sbin /usr/sbin /sbin; do
            if [ -e "$dir/$tool" ]; then
                mount --bind "$scratch/hidden" "$dir/$tool" && hidden+=("$dir/$tool")
            fi
        done
    done
    echo "hidden: ${hidden[*]}"
    cd "$scratch/src"
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
        ./test.sh -o -Dmaven.repo.local="$scratch/home/repository" "$@"
' fresh "$scratch" "$@"
