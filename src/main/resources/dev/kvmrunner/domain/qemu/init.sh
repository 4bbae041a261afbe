#!/bin/busybox sh
# kvmrunner guest init (PID 1 of the initramfs), written into the image by ImageBuilder.
# Sets the guest up from the kernel command line, then hands over to busybox init, which
# runs getty (a real login: prompt) on the serial console ttyS0.
#
#   kvmrunner.host=NAME               host name
#   kvmrunner.if=ethN,ADDRESS/LEN     one per interface (ethN in the order QEMU adds them)
#   kvmrunner.route=TO,VIA            TO is a CIDR or "default"
#   kvmrunner.forward=1               route between interfaces (a router such as nic)
#   kvmrunner.hang=1                  never reach the prompt (tests of boot-failed)
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run /root /var/log
/bin/busybox mount -t proc proc /proc   # before --install: it finds busybox through /proc/self/exe
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
dmesg -n 1
# dependency order: a module's dependencies first
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net; do
    [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
done
ip link set lo up
for word in $(cat /proc/cmdline); do
    case "$word" in
    kvmrunner.host=*) hostname "${word#*=}" ;;
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
exec /sbin/init
