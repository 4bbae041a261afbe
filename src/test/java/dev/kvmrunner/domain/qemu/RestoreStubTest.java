package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreStubTest {
    @TempDir
    Path dir;

    /** A bzImage-shaped file: SETUP_SECTS setup sectors after the boot sector, then LENGTH bytes in all. */
    private Path bzImage(int setupSects, int length) throws Exception {
        byte[] image = new byte[length];
        for (int i = 0; i < length; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        image[0x1f1] = (byte) setupSects;
        image[0x202] = 'H';
        image[0x203] = 'd';
        image[0x204] = 'r';
        image[0x205] = 'S';
        Path kernel = dir.resolve("vmlinuz");
        Files.write(kernel, image);
        return kernel;
    }

    @Test
    void aRestoreGetsTheKernelsSetupAndAPageOfItAndAnEmptyInitrdInItsDirectory() throws Exception {
        Path kernel = bzImage(40, 2_000_000);
        Path work = Files.createDirectory(dir.resolve("a.east"));
        List<String> args =
                List.of("-m", "128M", "-kernel", kernel.toString(), "-initrd", "/images/initrd.gz", "-append", "quiet");

        List<String> restoring = RestoreStub.args(args, work);

        assertThat(restoring)
                .containsExactly(
                        "-m",
                        "128M",
                        "-kernel",
                        work.resolve("restore-kernel").toString(),
                        "-initrd",
                        work.resolve("restore-initrd").toString(),
                        "-append",
                        "quiet");
        byte[] stub = Files.readAllBytes(work.resolve("restore-kernel"));
        assertThat(stub).hasSize(41 * 512 + 4096);
        assertThat(stub).isEqualTo(Arrays.copyOf(Files.readAllBytes(kernel), stub.length));
        assertThat(Files.size(work.resolve("restore-initrd"))).isEqualTo(512);
        assertThat(args).as("the boot's own arguments are left alone").contains(kernel.toString());
    }

    @Test
    void zeroSetupSectorsMeanFourAsTheBootProtocolSays() throws Exception {
        assertThat(RestoreStub.kernelStub(bzImage(0, 100_000))).hasSize(5 * 512 + 4096);
    }

    @Test
    void anythingButABzImageOrNoKernelAtAllIsLeftAsItIs() throws Exception {
        Path elf = dir.resolve("vmlinux");
        Files.write(elf, new byte[100_000]);
        List<String> args = List.of("-kernel", elf.toString(), "-initrd", "/images/initrd.gz");
        assertThat(RestoreStub.args(args, dir)).isEqualTo(args);
        List<String> disk = List.of("-drive", "file=/images/disk.qcow2,if=virtio,snapshot=on");
        assertThat(RestoreStub.args(disk, dir)).isEqualTo(disk);
        assertThat(RestoreStub.kernelStub(bzImage(40, 1000)))
                .as("shorter than its own setup")
                .isEmpty();
        assertThat(dir.resolve("restore-kernel")).doesNotExist();
    }
}
