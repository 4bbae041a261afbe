package dev.kvmrunner.domain.qemu;

import java.nio.file.Path;

/**
 * What a guest boots.
 *
 * @param kernel the bzImage QEMU loads with -kernel (null for the user's own disk)
 * @param initrd the initramfs QEMU loads with -initrd (null for the user's own disk)
 * @param disk   a disk image (null for the busybox initramfs): the user's, used read-only, or
 *               the Debian image's root disk, the backing file of each domain's overlay
 * @param id     names the image's contents, so that a snapshot of another image is never restored
 * @param kind   which of these it is
 */
public record GuestImage(Path kernel, Path initrd, Path disk, String id, Kind kind) {
    /** The kinds of image the backend boots. */
    public enum Kind {
        /** kernel + busybox initramfs: the fast default; cannot mount the runner's directories */
        BUSYBOX,
        /** kernel + initramfs + a Debian root disk under a per-domain overlay; mounts shared directories (9p) */
        DEBIAN,
        /** the user's own kernel and initramfs */
        USER_KERNEL,
        /** the user's own bootable disk (read-only, snapshot=on) */
        USER_DISK
    }

    /** A kernel + initramfs or a disk, without a kind: the busybox image or the user's. */
    public GuestImage(Path kernel, Path initrd, Path disk, String id) {
        this(kernel, initrd, disk, id, disk != null ? Kind.USER_DISK : Kind.BUSYBOX);
    }

    public boolean isDisk() {
        return kind == Kind.USER_DISK;
    }

    /** Whether the guest can mount the runner's directories (9p). */
    public boolean mountsShares() {
        return kind == Kind.DEBIAN;
    }

    /** The same image on another root disk (the installed layer of {@code kvmrunner install}). */
    public GuestImage onDisk(Path newDisk, String newId) {
        return new GuestImage(kernel, initrd, newDisk, newId, kind);
    }
}
