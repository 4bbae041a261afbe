package dev.kvmrunner.domain.qemu;

import java.nio.file.Path;

/**
 * What a guest boots: a kernel and an initramfs, or a disk image (then kernel and initrd are null).
 *
 * @param kernel the bzImage QEMU loads with -kernel
 * @param initrd the initramfs QEMU loads with -initrd
 * @param disk   a bootable disk image, used read-only (writes go to a throw-away overlay)
 * @param id     names the image's contents, so that a snapshot of another image is never restored
 */
public record GuestImage(Path kernel, Path initrd, Path disk, String id) {
    public boolean isDisk() {
        return disk != null;
    }
}
