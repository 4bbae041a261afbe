package dev.kvmrunner.suite;

/**
 * One script of a test run on one guest, e.g. {@code east:eastinit.sh}.
 *
 * @param guest  the guest that runs the script; null for an {@code all.*.sh} script, whose
 *               lines name their own host ({@code east# command})
 * @param script the script's file name inside the test directory
 */
public record ScriptStep(Guest guest, String script) {

    /** libreswan's {@code --print test-scripts} form: {@code host:script}. */
    @Override
    public String toString() {
        return guest == null ? script : guest.host().concat(":").concat(script);
    }
}
