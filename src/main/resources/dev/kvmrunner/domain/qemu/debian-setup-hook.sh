#!/bin/sh
# mmdebstrap setup hook ($1: the new root), run before any package is installed: the kernel
# package's initramfs then holds only what mounting the root disk needs (small, fast to load).
set -e
mkdir -p "$1/etc/initramfs-tools/conf.d"
echo MODULES=list > "$1/etc/initramfs-tools/conf.d/kvmrunner.conf"
printf '%s\n' virtio_pci virtio_blk ext4 > "$1/etc/initramfs-tools/modules"
