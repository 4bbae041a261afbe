package dev.kvmrunner.config;

import java.util.regex.Pattern;

/**
 * The names a user writes that reach commands, files and namespaces, checked against one
 * documented pattern before any command runs (nothing a user writes is ever put into a shell
 * string; these checks keep names from being paths, options or odd file names too):
 * <ul>
 * <li>a <b>name</b> (test): 1 to 64 letters, digits, {@code .}, {@code _}, {@code +} or {@code -},
 * starting with a letter or digit: {@value #NAME_TEXT};</li>
 * <li>a <b>host</b> or <b>network</b> is a name of lower-case letters and digits starting with a
 * letter (it becomes part of interface and namespace names; a network has at most 8);</li>
 * <li>a <b>prefix</b> is '' or up to 7 lower-case letters, digits, {@code -} or {@code _}
 * followed by {@code .}.</li>
 * </ul>
 */
public final class Names {
    static final String NAME_TEXT = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}";
    private static final Pattern NAME = Pattern.compile(NAME_TEXT);
    private static final Pattern HOST = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern PREFIX = Pattern.compile("|[a-z0-9][a-z0-9_-]{0,6}\\.");

    private Names() {}

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean isHost(String host) {
        return host != null && HOST.matcher(host).matches() && host.length() <= 32;
    }

    public static boolean isNetwork(String network) {
        return network != null && HOST.matcher(network).matches() && network.length() <= 8;
    }

    public static boolean isPrefix(String prefix) {
        return prefix != null && PREFIX.matcher(prefix).matches();
    }

    /** What a name must look like, for messages. */
    public static String nameRule() {
        return "1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit";
    }

    public static String hostRule() {
        return "lower-case letters and digits, starting with a letter";
    }

    public static String prefixRule() {
        return "'' or up to 7 lower-case letters, digits, '-' or '_' followed by '.', e.g. 'a.'";
    }
}
