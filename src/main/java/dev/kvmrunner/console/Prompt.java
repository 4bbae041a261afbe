package dev.kvmrunner.console;

import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The shell prompt the console installs, libreswan's: {@code [user@host dir]# }, with
 * {@code  N} before the {@code ]} when the last command exited with status N.
 */
public final class Prompt {
    /** PS1 for bash; HOST is substituted with the domain's host name. */
    private static final String PS1_TEMPLATE = "[\\u@HOST \\W$(x=$? ; test $x -ne 0 && echo \" $x\")]\\$ ";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private final Pattern pattern;
    private final String ps1;

    private Prompt(String hostName) {
        if (!HOST_NAME.matcher(hostName).matches()) {
            throw new IllegalArgumentException("host name not usable in a prompt: " + hostName);
        }
        this.ps1 = PS1_TEMPLATE.replace("HOST", hostName);
        this.pattern =
                Pattern.compile("\\[([^@\\]\\s]+)@" + Pattern.quote(hostName) + " ([^\\]]*?)(?: (\\d+))?\\]([#$]) ");
    }

    public static Prompt forHost(String hostName) {
        return new Prompt(hostName);
    }

    /** The regular expression that matches one prompt. */
    public Pattern pattern() {
        return pattern;
    }

    /** The shell command that installs this prompt. */
    public String setCommand() {
        return "PS1='" + ps1 + "'";
    }

    /** The exit status a matched prompt shows (0 when it shows none). */
    public static int status(MatchResult matched) {
        String status = matched.group(3);
        return status == null ? 0 : Integer.parseInt(status);
    }
}
