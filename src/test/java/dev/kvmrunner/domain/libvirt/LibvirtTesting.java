package dev.kvmrunner.domain.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** What the libvirt test classes share: a whole kvmrunner command in this JVM, and what libvirt holds. */
final class LibvirtTesting {
    private LibvirtTesting() {}

    /** How a kvmrunner command ended. */
    record Ran(int status, String out, String err) {}

    /** Runs kvmrunner ARGS in this JVM. */
    static Ran kvmrunner(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Ran(status, out.toString(), err.toString());
    }

    /** Runs kvmrunner ARGS; its standard output, after checking it exited 0. */
    static String cli(String... args) {
        Ran ran = kvmrunner(args);
        assertThat(ran.status()).as(String.join(" ", args) + ": " + ran.err()).isZero();
        return ran.out();
    }

    /** Every domain and network (as "network NAME") on VIRSH's host: what must be as it was after a test. */
    static List<String> everything(Virsh virsh) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(virsh.names("list", "--all", "--name"));
        virsh.names("net-list", "--all", "--name").forEach(n -> all.add("network " + n));
        return all;
    }
}
