#!/usr/bin/env python3
# Copyright 2025 the kvmrunner authors. Licensed under the Apache License, Version 2.0.
"""Where one snapshot restore's CPU goes, phase by phase (docs/performance.md).

usage: tools/bench/restore-phases.py [--rounds N] [--pause SECONDS] SNAPSHOT-DIRECTORY

SNAPSHOT-DIRECTORY is a qemu domain's state directory that holds `snapshot` and `snapshot.key`,
as an installed prefix keeps them (~/.local/state/kvmrunner/qemu/<prefix>/<host>, `_` for '').
Each round starts QEMU as the qemu backend restores a domain (paused, the stub kernel, the
migration stream as standard input), lets the guest run, sends it a few console commands and
prints QEMU's CPU-seconds (utime + stime from /proc) at each step, and the user/system split.
The guest's network cards are connected to a hub with no other port: nothing leaves it.
Only the built-in kernel-and-initrd image is supported (not a Debian disk image).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

COMMANDS = [
    ("first command", "true"),
    ("second command", "true"),
    ("a sleep", "sleep 0.3"),
    ("cd and ls", "cd /tmp && ls > /dev/null"),
    ("hwclock -s", "busybox hwclock -s"),
    ("ten more", "for i in 1 2 3 4 5 6 7 8 9 10; do true; done"),
]


def read_key(directory):
    for name in ("snapshot", "snapshot.key"):
        if not os.path.isfile(os.path.join(directory, name)):
            sys.exit(f"restore-phases: {os.path.join(directory, name)}: no such file (DIR must be a domain's "
                     "state directory with a saved snapshot)")
    key = {}
    with open(os.path.join(directory, "snapshot.key")) as f:
        for line in f:
            name, _, value = line.rstrip("\n").partition(" ")
            key[name] = value
    for name in ("image", "accel", "memory", "append"):
        if name not in key:
            sys.exit(f"restore-phases: {os.path.join(directory, 'snapshot.key')}: no '{name}' line")
    return key


def kernel_stub(kernel, directory):
    """The kernel's setup header and code and a page after them: all a restoring QEMU checks."""
    with open(kernel, "rb") as f:
        head = f.read(8192 + 65536)
    if head[0x202:0x206] != b"HdrS":
        sys.exit(f"restore-phases: {kernel}: not a bzImage")
    sectors = head[0x1F1] or 4
    stub = os.path.join(directory, "restore-kernel")
    with open(stub, "wb") as f:
        f.write(head[: (sectors + 1) * 512 + 4096])
    initrd = os.path.join(directory, "restore-initrd")
    with open(initrd, "wb") as f:
        f.write(bytes(512))
    return stub, initrd


def die_with_parent():
    """In the child before exec: QEMU gets SIGKILL when this script dies, even of SIGKILL."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


class Qmp:
    def __init__(self, path, process, log):
        deadline = time.monotonic() + 60
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    with open(log) as said:
                        sys.exit("restore-phases: QEMU did not start: " + " | ".join(said.read().split("\n")[-4:]))
                time.sleep(0.005)
        self.file = self.sock.makefile("rw")
        self.file.readline()
        self.execute("qmp_capabilities")

    def execute(self, command):
        self.file.write(json.dumps({"execute": command}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                return reply


def run_command(console, command, marker):
    # the shell computes the marker, so that an echo of the typed line cannot pass for it
    console.sendall(f"{command}; echo @@$(({marker} + 1000))@@\n".encode())
    seen = b""
    deadline = time.monotonic() + 60
    while f"@@{marker + 1000}@@".encode() not in seen:
        if time.monotonic() > deadline:
            sys.exit(f"no answer to {command!r}")
        seen += console.recv(65536)


def stubs_for(key, work):
    """The stub kernel and initrd for the image KEY names, written into WORK once for every round."""
    cache = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
    image = os.path.join(cache, "kvmrunner", "image", key["image"])
    if not os.path.isfile(os.path.join(image, "vmlinuz")):
        sys.exit(f"restore-phases: {os.path.join(image, 'vmlinuz')}: no such file (only the built-in "
                 "kernel-and-initrd image is supported)")
    return kernel_stub(os.path.join(image, "vmlinuz"), work)


def one_round(directory, key, work, kernel, initrd):
    qmp_path = os.path.join(work, "qmp.sock")
    console_path = os.path.join(work, "console.sock")
    for path in (qmp_path, console_path):
        if os.path.exists(path):
            os.unlink(path)
    nics = key.get("nics", "").count("Interface[")
    args = ["qemu-system-x86_64", "-S", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-chardev", f"socket,id=serial0,path={console_path},server=on,wait=off", "-serial", "chardev:serial0",
            "-qmp", f"unix:{qmp_path},server=on,wait=off", "-M", "pc", "-m", key["memory"], "-accel", "tcg"]
    for i in range(nics):
        args += ["-netdev", f"hubport,id=net{i},hubid={i}",
                 "-device", f"virtio-net-pci,netdev=net{i},mac=52:54:00:00:00:{i:02x},addr=0x{0x10 + i:x}"]
    args += ["-bios", "/usr/share/qemu/qboot.rom", "-kernel", kernel, "-initrd", initrd,
             "-append", key["append"], "-incoming", "fd:0"]
    steps = []
    with open(os.path.join(directory, "snapshot"), "rb") as snapshot, \
            open(os.path.join(work, "qemu.log"), "w") as log:
        try:
            process = subprocess.Popen(
                args, stdin=snapshot, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        except FileNotFoundError:
            sys.exit("restore-phases: qemu-system-x86_64 not found (apt-get install qemu-system-x86)")
    try:
        qmp = Qmp(qmp_path, process, os.path.join(work, "qemu.log"))
        steps.append(("QEMU started (QMP)", cpu(process.pid)))
        console = socket.socket(socket.AF_UNIX)
        console.connect(console_path)
        while True:
            status = qmp.execute("query-status")["return"]["status"]
            if status == "running":
                break
            if status in ("paused", "postmigrate", "prelaunch"):
                qmp.execute("cont")
            elif status != "inmigrate":
                sys.exit(f"restore failed: the guest is {status}")
            time.sleep(0.005)
        steps.append(("memory loaded, running", cpu(process.pid)))
        for n, (name, command) in enumerate(COMMANDS):
            run_command(console, command, n)
            steps.append((name, cpu(process.pid)))
        time.sleep(1)
        steps.append(("a second idle", cpu(process.pid)))
        qmp.execute("quit")
        process.wait(timeout=30)
    except (OSError, ValueError) as e:
        # QEMU gone mid-restore (a snapshot that does not fit the machine): what it said is the reason
        if process.poll() is None:
            process.wait(timeout=5)
        with open(os.path.join(work, "qemu.log")) as said:
            sys.exit(f"restore-phases: the restore failed ({e}): " + " | ".join(said.read().strip().split("\n")[-3:]))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0, help="seconds between rounds")
    parser.add_argument("directory")
    options = parser.parse_args()
    # as Ctrl-C does: the round's QEMU is killed and the work directory removed on the way out
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    key = read_key(options.directory)
    if key.get("accel") != "TCG":
        sys.exit("only TCG snapshots are supported")
    with tempfile.TemporaryDirectory(prefix="kvmrunner-restore-phases.") as work:
        stubs = stubs_for(key, work)
        for round_number in range(1, options.rounds + 1):
            if round_number > 1:
                time.sleep(options.pause)
            steps = one_round(options.directory, key, work, *stubs)
            previous = 0.0
            cells = []
            for name, (user, system) in steps:
                cells.append(f"{name} {user + system - previous:+.2f}")
                previous = user + system
            user, system = steps[-1][1]
            print(f"round {round_number}: {user + system:.2f} CPU-s (user {user:.2f}, system {system:.2f}): "
                  + ", ".join(cells))


if __name__ == "__main__":
    main()
