package dev.kvmrunner.domain;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's console shell on this machine (process and netns backends): an interactive bash
 * under a pty with a clean, predictable environment, marked with the run, the domain and the
 * runner that owns it (see {@link ProcessTree}).
 */
public final class DomainShell {
    private DomainShell() {
    }

    /** The value of {@link ProcessTree#DOMAIN_MARKER} for domain NAME of run RUN_ID. */
    public static String marker(String runId, DomainName name) {
        return runId + ":" + name;
    }

    /**
     * The shell's environment: HOME, HOSTNAME, no colours or bracketed paste (TERM=dumb), the C
     * locale, the domain's names and the markers; EXTRA is added last.
     */
    public static Map<String, String> environment(DomainName name, Path home, String path, String runId, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("HOSTNAME", name.host());
        env.put("USER", System.getProperty("user.name"));
        env.put("TERM", "dumb"); // no colours, no bracketed paste in the transcript
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        env.put("HISTFILE", "/dev/null");
        env.put("PS1", "$ ");
        env.put("KVM_PREFIX", name.prefix());
        env.put("KVM_DOMAIN", name.toString());
        env.put(ProcessTree.RUN_MARKER, runId);
        env.put(ProcessTree.DOMAIN_MARKER, marker(runId, name));
        env.put(ProcessTree.OWNER_MARKER, ProcessTree.self());
        env.putAll(extra);
        return env;
    }

    /** Starts COMMAND (ending in an interactive bash) under a pty in DIRECTORY. */
    public static PtyProcess start(List<String> command, Map<String, String> environment, Path directory) throws IOException {
        return new PtyProcessBuilder(command.toArray(new String[0]))
                .setEnvironment(environment)
                .setDirectory(directory.toString())
                .setInitialColumns(200)
                .setInitialRows(50)
                .setRedirectErrorStream(true)
                .start();
    }
}
