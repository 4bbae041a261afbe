package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.report.WriterOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner image build}: builds (or finds) the qemu backend's guest image. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description =
                "The qemu backend's guest image (kernel + busybox initramfs, or a full Debian disk, built from Debian packages).",
        subcommands = {ImageCommand.Build.class})
final class ImageCommand {

    /** Builds the image into the cache unless an image of the same inputs is there; prints its paths. */
    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description =
                    "Build the guest image into ~/.cache/kvmrunner/image/<hash> (skipped when its inputs did not change). "
                            + "The run command does this on first use too.",
            footer = {
                "",
                "Environment: KVM_QEMU_KERNEL_PACKAGE (default: what linux-image-cloud-amd64 depends on), "
                        + "KVM_QEMU_PASSWORD (root's password, default swan), KVM_QEMU_IMAGE (busybox or debian), "
                        + "KVM_QEMU_PACKAGES (the Debian image's packages), XDG_CACHE_HOME."
            })
    static final class Build implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--suite",
                paramLabel = "DIR",
                description = "Build the image this suite's kvmrunner.toml asks for ([qemu] image, packages).")
        Path suite;

        @Override
        public Integer call() throws Exception {
            PrintStream out =
                    new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
            PrintStream err =
                    new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
            BackendSettings settings = suite == null
                    ? BackendSettings.of("image")
                    : BackendSettings.of("image", SuiteConfig.load(suite.toAbsolutePath()));
            QemuOptions options =
                    QemuOptions.from(settings.values(new QemuProvider()), settings.with(Map.of(), Map.of(), err));
            GuestImage image = options.guest().debian()
                    ? new DebianImageBuilder(options.cacheDirectory(), err)
                            .image(options.guest().packages(), options.password())
                    : new ImageBuilder(options.cacheDirectory(), err)
                            .image(options.kernelPackage(), options.password());
            out.println("kernel " + image.kernel());
            out.println("initrd " + image.initrd());
            if (image.disk() != null) {
                out.println("disk " + image.disk());
            }
            return 0;
        }
    }
}
