package dev.kvmrunner.report;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.runner.PlannedTest;
import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run --events FILE}: every runner event as one JSON object per line, flushed as it
 * happens, for other tools to follow ({@code tail -f FILE | jq}). Every object has
 * {@code event} (run-started, message, test-started, test-finished, run-finished) and
 * {@code run_time} (seconds since the run started); test-finished carries the RESULT record.
 */
public final class EventStream implements RunListener, AutoCloseable {
    private final Writer out;

    public EventStream(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Writes to WRITER (tests). */
    public EventStream(Writer writer) {
        this.out = writer;
    }

    @Override
    public synchronized void on(RunEvent event) {
        try {
            out.write(ResultFile.toJsonLine(toMap(event)));
            out.write('\n');
            out.flush();
            if (event instanceof RunEvent.RunFinished) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event stream", e);
        }
    }

    /** The JSON form of one event. */
    public static Map<String, Object> toMap(RunEvent event) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (event instanceof RunEvent.RunStarted started) {
            map.put("event", "run-started");
            map.put("run_time", seconds(started.runTime()));
            map.put("at", started.at());
            map.put("tests", started.plan().tests().size());
            map.put("prefixes", started.plan().prefixes());
            map.put("workers", started.plan().workers());
            map.put("backend", started.plan().backend());
            List<String> names = new ArrayList<>();
            for (PlannedTest test : started.plan().tests()) {
                names.add(test.name());
            }
            map.put("test_names", names);
        } else if (event instanceof RunEvent.Message m) {
            map.put("event", "message");
            map.put("run_time", seconds(m.runTime()));
            map.put("level", m.level().name().toLowerCase(Locale.ROOT));
            map.put("prefix", m.prefix());
            if (m.test() != null) {
                map.put("test", m.test());
                map.put("test_time", seconds(m.testTime()));
            }
            map.put("text", m.text());
        } else if (event instanceof RunEvent.TestStarted t) {
            map.put("event", "test-started");
            map.put("run_time", seconds(t.runTime()));
            map.put("prefix", t.prefix());
            map.put("test", t.test().name());
            map.put("index", t.index());
            map.put("total", t.total());
            map.put("hosts", t.test().hosts());
        } else if (event instanceof RunEvent.TestFinished f) {
            map.put("event", "test-finished");
            map.put("run_time", seconds(f.runTime()));
            map.put("prefix", f.prefix());
            map.put("test", f.test().name());
            map.put("skipped", f.skipped());
            if (!Double.isNaN(f.scriptCpuSeconds())) {
                map.put("script_cpu_seconds", Math.round(f.scriptCpuSeconds() * 100) / 100.0);
            }
            map.put("record", f.record());
        } else if (event instanceof RunEvent.BootFinished b) {
            map.put("event", "boot-finished");
            map.put("run_time", seconds(b.runTime()));
            map.put("kind", b.kind());
            map.put("seconds", Math.round(b.seconds() * 1000) / 1000.0);
            map.put("concurrency", b.concurrency());
            map.put("succeeded", b.succeeded());
            if (!Double.isNaN(b.cpuSeconds())) {
                map.put("cpu_seconds", Math.round(b.cpuSeconds() * 100) / 100.0);
            }
            map.put("waiting", b.waiting());
            map.put("tests_left", b.testsLeft());
            map.put("start_up", b.startUp());
            map.put("headroom", Math.round(b.headroom() * 100) / 100.0);
        } else if (event instanceof RunEvent.RunFinished f) {
            map.put("event", "run-finished");
            map.put("run_time", seconds(f.runTime()));
            for (Result result : Result.values()) {
                map.put(result.toString(), f.summary().count(result));
            }
            map.put("skipped", f.summary().skipped());
            map.put("not_run", f.summary().notRun());
            map.put("interrupted", f.summary().interrupted());
            map.put("backend_settings", f.backendSettings());
            map.put("shares_first_boots", f.sharesFirstBoots());
        }
        return map;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : Math.round(d.toNanos() / 1e6) / 1000.0;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
