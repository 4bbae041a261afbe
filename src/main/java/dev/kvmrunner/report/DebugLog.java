package dev.kvmrunner.report;

import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Writes every message of a test, debug ones included, to its {@code OUTPUT/debug.log}. */
public final class DebugLog implements RunListener {
    private final Map<String, Writer> open = new ConcurrentHashMap<>();

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.TestStarted started) {
            try {
                open.put(
                        started.test().name(),
                        Files.newBufferedWriter(
                                started.test().outputDirectory().resolve("debug.log"), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot write debug.log of " + started.test().name(), e);
            }
        } else if (event instanceof RunEvent.Message m && m.test() != null) {
            Writer writer = open.get(m.test());
            if (writer != null) {
                try {
                    writer.write(LogLines.format(m));
                    writer.write('\n');
                    writer.flush(); // a test that hangs, or a runner that is killed, leaves its log up to the last line
                } catch (IOException e) {
                    open.remove(m.test());
                }
            }
        } else if (event instanceof RunEvent.TestFinished finished) {
            Writer writer = open.remove(finished.test().name());
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    // the log is an aid; the RESULT file is what counts
                }
            }
        }
    }
}
