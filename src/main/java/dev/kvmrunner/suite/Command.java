package dev.kvmrunner.suite;

/**
 * One line the runner types into a console and waits for.
 *
 * @param guest      the guest whose console gets the line; null when the line is a comment of an
 *                   {@code all.*.sh} script (kept so that output can show it, never sent)
 * @param line       the command, stripped of surrounding white space
 * @param script     the file name of the script the line comes from
 * @param lineNumber the line's number in that script, from 1
 */
public record Command(Guest guest, String line, String script, int lineNumber) {

    /** The host whose console gets the line, or null for a comment. */
    public String host() {
        return guest == null ? null : guest.host();
    }

    /** libreswan's {@code Command.__str__}: {@code script:line: guest# command}. */
    @Override
    public String toString() {
        StringBuilder text =
                new StringBuilder(script).append(':').append(lineNumber).append(": ");
        if (guest != null) {
            text.append(guest.name()).append("# ");
        }
        return text.append(line).toString();
    }
}
