package dev.kvmrunner.cli;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.qemu.GuestImage;
import dev.kvmrunner.domain.qemu.ImageBuilder;
import dev.kvmrunner.domain.qemu.QemuOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code kvmrunner image build}: builds (or finds) the qemu backend's guest image. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "The qemu backend's guest image (kernel + initramfs built from Debian packages).",
        subcommands = {ImageCommand.Build.class})
public final class ImageCommand {

    /** Builds the image into the cache unless an image of the same inputs is there; prints its paths. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build the guest image into ~/.cache/kvmrunner/image/<hash> (skipped when its inputs did not change). "
                    + "The run command does this on first use too.",
            footer = {"", "Environment: KVM_QEMU_KERNEL_PACKAGE (default: what linux-image-cloud-amd64 depends on), "
                    + "KVM_QEMU_PASSWORD (root's password, default swan), XDG_CACHE_HOME."})
    static final class Build implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
            PrintStream err = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
            QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, err);
            GuestImage image = new ImageBuilder(options.cacheDirectory(), err).image(options.kernelPackage(), options.password());
            out.println("kernel " + image.kernel());
            out.println("initrd " + image.initrd());
            return ExitCodes.OK;
        }
    }
}
