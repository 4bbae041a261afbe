package dev.kvmrunner.domain.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code -kernel} and {@code -initrd} a restoring QEMU is given. A restored guest reads
 * neither (its memory comes from the snapshot), but QEMU builds the same machine only when told to
 * boot a kernel: the option ROM that would load it is part of the saved state. QEMU reads the
 * kernel whole before the restore starts, and under TCG here that was the larger part of a
 * restoring QEMU's own start (a 14 MB kernel: 0.17-0.43 CPU-seconds to the guest's first
 * instruction, 0.12 with the stub). QEMU checks only the kernel's setup header, so the stub is
 * that header and its setup code, and the initrd stub is one empty sector.
 */
final class RestoreStub {
    /** Where a bzImage's setup header says "HdrS", and where its setup sector count is. */
    private static final int MAGIC_OFFSET = 0x202;

    private static final byte[] MAGIC = {'H', 'd', 'r', 'S'};

    private static final int SETUP_SECTS_OFFSET = 0x1f1;
    private static final int SECTOR = 512;
    /** Past the setup code: QEMU wants some protected-mode kernel after it. */
    private static final int PAYLOAD = 4096;

    private RestoreStub() {}

    /**
     * ARGS with their {@code -kernel} and {@code -initrd} files replaced by stubs written into
     * DIRECTORY; ARGS unchanged when there is no {@code -kernel} or it is no bzImage (then QEMU
     * reads the real one, as for a boot).
     */
    static List<String> args(List<String> args, Path directory) throws IOException {
        int kernelAt = args.indexOf("-kernel");
        if (kernelAt < 0 || kernelAt + 1 >= args.size()) {
            return args;
        }
        byte[] stub = kernelStub(Path.of(args.get(kernelAt + 1)));
        if (stub.length == 0) {
            return args;
        }
        Path kernel = directory.resolve("restore-kernel");
        Files.write(kernel, stub);
        List<String> replaced = new ArrayList<>(args);
        replaced.set(kernelAt + 1, kernel.toString());
        int initrdAt = args.indexOf("-initrd");
        if (initrdAt >= 0 && initrdAt + 1 < args.size()) {
            Path initrd = directory.resolve("restore-initrd");
            Files.write(initrd, new byte[SECTOR]);
            replaced.set(initrdAt + 1, initrd.toString());
        }
        return replaced;
    }

    /** The setup header and setup code of the bzImage KERNEL and a page after them; empty for any other file. */
    static byte[] kernelStub(Path kernel) throws IOException {
        try (InputStream in = Files.newInputStream(kernel)) {
            byte[] head = in.readNBytes(SECTOR * 2);
            if (head.length < MAGIC_OFFSET + MAGIC.length
                    || !Arrays.equals(head, MAGIC_OFFSET, MAGIC_OFFSET + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return new byte[0];
            }
            int setupSectors = head[SETUP_SECTS_OFFSET] & 0xff;
            // the boot protocol's rule: 0 means 4
            int length = ((setupSectors == 0 ? 4 : setupSectors) + 1) * SECTOR + PAYLOAD;
            byte[] stub = Arrays.copyOf(head, length);
            int rest = in.readNBytes(stub, head.length, length - head.length);
            return head.length + rest == length ? stub : new byte[0];
        }
    }
}
