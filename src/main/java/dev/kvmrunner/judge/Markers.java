package dev.kvmrunner.judge;

/** The markers the runner writes into transcripts and the judge looks for; libreswan's, so its sanitizers cut them. */
public final class Markers {
    public static final String LHS = ">>>>>>>>>>";
    public static final String RHS = "<<<<<<<<<<";
    public static final String CUT = LHS + "cut" + LHS;
    public static final String TUC = RHS + "tuc" + RHS;
    /** Written after the last script: its absence means the output is truncated. */
    public static final String DONE = CUT + " done " + TUC;

    public static final String TIMEOUT = "timeout while running test script";

    private Markers() {}

    public static String cut(String script) {
        return CUT + " " + script + " " + TUC;
    }

    public static String timeout(String host, String script) {
        return LHS + " " + TIMEOUT + " " + host + ":" + script + " " + RHS;
    }
}
