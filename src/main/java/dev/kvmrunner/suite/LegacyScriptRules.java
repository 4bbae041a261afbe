package dev.kvmrunner.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libreswan's 2019 rules (testing/utils/fab/scripts.py at e4ee8f39fc), kept so that a tree of
 * that era lists exactly as its own kvmresults.py does. They differ from
 * {@link ModernScriptRules} in that:
 * <ul>
 * <li>only scripts matching {@code [a-z0-9].*\.sh} count;</li>
 * <li>a host is named by any substring ({@code beast.sh} names east);</li>
 * <li>{@code final.sh} runs on every host named by any script, and {@code nicinit.sh} always
 *     runs on nic;</li>
 * <li>there are no platforms and no {@code all.*.sh} scripts.</li>
 * </ul>
 * One bug is not kept: when no script names a host, libreswan 2019 ran the leftover scripts
 * on a host called "" (it split the file name on an empty pattern); here they are not run.
 */
public final class LegacyScriptRules implements ScriptRules {

    private static final Pattern SCRIPT = Pattern.compile("[a-z0-9].*\\.sh");

    private final HostCatalog catalog;

    public LegacyScriptRules(HostCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ScriptLayout layout(Path directory, List<String> fileNames) {
        Set<String> scripts = new TreeSet<>();
        for (String name : fileNames) {
            if (SCRIPT.matcher(name).matches()) {
                scripts.add(name);
            }
        }
        Set<String> hosts = new TreeSet<>();
        for (String host : catalog.hostNames()) {
            for (String script : scripts) {
                if (script.contains(host)) {
                    hosts.add(host);
                }
            }
        }
        List<ScriptStep> steps = new ArrayList<>();
        add(steps, scripts, "nicinit.sh", List.of("nic"));
        add(steps, scripts, "eastinit.sh", List.of("east"));
        for (String host : hosts) {
            add(steps, scripts, host.concat("init.sh"), List.of(host));
        }
        for (String host : hosts) {
            add(steps, scripts, host.concat("run.sh"), List.of(host));
        }
        boolean hasFinal = scripts.remove("final.sh");
        if (!hosts.isEmpty()) {
            Pattern anyHost = Pattern.compile(HostCatalog.alternatives(hosts));
            for (String script : scripts) {
                Matcher matcher = anyHost.matcher(script);
                while (matcher.find()) {
                    steps.add(new ScriptStep(Guest.of(matcher.group()), script));
                }
            }
        }
        if (hasFinal) {
            for (String host : hosts) {
                steps.add(new ScriptStep(Guest.of(host), "final.sh"));
            }
        }
        Set<Guest> guests = new TreeSet<>();
        for (ScriptStep step : steps) {
            guests.add(step.guest());
        }
        return new ScriptLayout(List.copyOf(guests), steps);
    }

    private static void add(List<ScriptStep> steps, Set<String> scripts, String script, List<String> hosts) {
        if (scripts.remove(script)) {
            for (String host : hosts) {
                steps.add(new ScriptStep(Guest.of(host), script));
            }
        }
    }
}
