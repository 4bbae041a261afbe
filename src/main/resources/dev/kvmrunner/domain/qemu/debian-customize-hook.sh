#!/bin/sh
# mmdebstrap customize hook ($1: the new root), run after every package is installed: drops
# the kernel modules a QEMU guest with virtio devices never loads (sound, GPUs, wireless,
# real network cards, most file systems: two thirds of the image), documentation and apt's
# downloads, then rebuilds the module index; turns off bash's bracketed paste.
set -e
root="$1"
for kernel in "$root"/usr/lib/modules/*/kernel; do
    [ -d "$kernel" ] || continue
    for dir in "$kernel"/*; do
        case "${dir##*/}" in arch|crypto|lib|net|fs|block|drivers) ;; *) rm -rf "$dir" ;; esac
    done
    for dir in "$kernel"/drivers/*; do
        case "${dir##*/}" in virtio|block|char|net|crypto) ;; *) rm -rf "$dir" ;; esac
    done
    for dir in "$kernel"/drivers/net/*/; do
        case "$(basename "$dir")" in bonding|ipvlan|team|vxlan|ppp|wireguard) ;; *) rm -rf "$dir" ;; esac
    done
    for dir in bluetooth mac80211 mac802154 wireless nfc ieee802154 6lowpan ax25 netrom rose atm batman-adv \
            ceph rds appletalk phonet qrtr tipc smc rxrpc can dccp; do
        rm -rf "$kernel/net/$dir"
    done
    for dir in btrfs xfs ocfs2 gfs2 f2fs ubifs jfs nilfs2 smb ceph nfs nfsd reiserfs orangefs afs dlm jffs2 \
            hfs hfsplus udf ufs; do
        rm -rf "$kernel/fs/$dir"
    done
    chroot "$root" depmod -a "$(basename "$(dirname "$kernel")")"
done
# the runner's console matches prompts: no bracketed-paste escapes around them
echo 'set enable-bracketed-paste off' >> "$root/etc/inputrc"
rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale "$root"/usr/share/info
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
