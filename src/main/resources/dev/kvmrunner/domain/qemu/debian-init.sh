#!/bin/sh
# kvmrunner guest init for the Debian image (PID 1; the root file system is the domain's
# copy-on-write overlay on /dev/vda), written into the image by DebianImageBuilder. No systemd:
# like the busybox image's init it sets the guest up from the kernel command line (the same
# kvmrunner.* words, see init.sh), then hands over to busybox init, which runs agetty (a real
# login: prompt) on ttyS0. Shared directories (9p) are mounted by the runner after login,
# once the snapshot is saved: a mounted 9p export blocks QEMU's migration.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/lock
mount -o remount,rw /
dmesg -n 1
for m in virtio_net 9pnet_virtio 9p; do modprobe -q "$m"; done
ip link set lo up
for word in $(cat /proc/cmdline); do
    case "$word" in
    kvmrunner.host=*) hostname "${word#*=}"; echo "${word#*=}" > /etc/hostname ;;
    kvmrunner.if=*)
        spec=${word#*=}; dev=${spec%%,*}; address=${spec#*,}
        ip link set "$dev" up && ip addr add "$address" dev "$dev" ;;
    kvmrunner.route=*)
        spec=${word#*=}; to=${spec%%,*}; via=${spec#*,}
        ip route add "$to" via "$via" ;;
    kvmrunner.forward=1) echo 1 > /proc/sys/net/ipv4/ip_forward ;;
    kvmrunner.hang=1) echo "kvmrunner: hanging on purpose"; while :; do sleep 1000; done ;;
    esac
done
echo "127.0.0.1 localhost $(hostname)" > /etc/hosts
exec /bin/busybox init
