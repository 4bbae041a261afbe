package dev.kvmrunner.report;

import dev.kvmrunner.judge.Result;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes JUnit XML in the common Ant/Jenkins form CI systems read: {@code <testsuites>}, one
 * {@code <testsuite>} per suite, one {@code <testcase>} per test ({@code classname} the suite,
 * {@code name} the test, {@code time} the test's runtime). A failed test has a
 * {@code <failure>}, an unresolved one an {@code <error>} (it did not come to a conclusion),
 * an untested one {@code <skipped>}; the element's {@code message} holds the issues, its
 * {@code type} the first issue, its text the diffs and, for a host that timed out, the last
 * lines of its console. A wip test that did not pass is {@code <skipped>} with the reason, so
 * CI does not count an expected failure as a regression. {@code <system-out>} names the output
 * directory and the transcripts relative to the suite directory (archived reports keep working
 * paths) and gives the boot and script times.
 */
public final class JunitReport {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private JunitReport() {}

    /** Writes the report to FILE (atomically: readers never see half a file). */
    public static void write(List<ReportEntry> entries, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        dev.kvmrunner.files.AtomicFiles.write(file.toAbsolutePath(), toXml(entries));
    }

    public static String toXml(List<ReportEntry> entries) {
        Map<String, List<ReportEntry>> suites = new LinkedHashMap<>();
        for (ReportEntry entry : entries) {
            suites.computeIfAbsent(entry.suite(), s -> new ArrayList<>()).add(entry);
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "kvmrunner");
            writeCounts(xml, entries);
            xml.writeCharacters("\n");
            int id = 0;
            for (Map.Entry<String, List<ReportEntry>> suite : suites.entrySet()) {
                writeSuite(xml, id++, suite.getKey(), suite.getValue());
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out.toString();
    }

    private static void writeCounts(XMLStreamWriter xml, List<ReportEntry> entries) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(entries.size()));
        xml.writeAttribute(
                "failures",
                Long.toString(entries.stream()
                        .filter(e -> "failure".equals(element(e)))
                        .count()));
        xml.writeAttribute(
                "errors",
                Long.toString(
                        entries.stream().filter(e -> "error".equals(element(e))).count()));
        xml.writeAttribute(
                "skipped",
                Long.toString(entries.stream()
                        .filter(e -> "skipped".equals(element(e)))
                        .count()));
        xml.writeAttribute(
                "time",
                seconds(entries.stream().mapToDouble(ReportEntry::runtime).sum()));
    }

    private static void writeSuite(XMLStreamWriter xml, int id, String name, List<ReportEntry> entries)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        writeCounts(xml, entries);
        xml.writeAttribute("id", Integer.toString(id));
        xml.writeAttribute("hostname", hostname());
        Instant first = entries.stream()
                .flatMap(e -> e.startTime().stream())
                .min(Instant::compareTo)
                .orElse(Instant.now());
        xml.writeAttribute("timestamp", TIMESTAMP.format(first.truncatedTo(ChronoUnit.SECONDS)));
        xml.writeCharacters("\n");
        for (ReportEntry entry : entries) {
            writeCase(xml, name, entry);
        }
        xml.writeCharacters("  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void writeCase(XMLStreamWriter xml, String suite, ReportEntry entry) throws XMLStreamException {
        xml.writeCharacters("    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", entry.name());
        xml.writeAttribute("classname", suite);
        xml.writeAttribute("time", seconds(entry.runtime()));
        String element = element(entry);
        if (element != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement(element);
            xml.writeAttribute(
                    "message",
                    (entry.wipFailure() ? "wip test did not pass (expected): " : "")
                            + entry.result()
                            + (entry.issues().isEmpty() ? "" : " " + entry.issues()));
            if (!element.equals("skipped")) {
                xml.writeAttribute("type", firstIssue(entry));
            }
            if (entry.result() != Result.UNTESTED) { // a wip test's skip carries the evidence too
                StringBuilder body = new StringBuilder();
                List<String> diff = entry.diffLines();
                if (!diff.isEmpty()) {
                    body.append(String.join("\n", diff)).append('\n');
                }
                entry.timeoutTails().forEach((host, tail) -> {
                    body.append(host)
                            .append(": timeout; the last ")
                            .append(tail.size())
                            .append(" lines of its console:\n");
                    tail.forEach(line -> body.append("  ").append(line).append('\n'));
                });
                if (body.length() > 0) {
                    xml.writeCharacters(body.toString());
                }
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n      ");
        xml.writeStartElement("system-out");
        StringBuilder out = new StringBuilder();
        out.append("status: ").append(entry.status()).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "boot time: %.3f s, script time: %.3f s, runtime: %.3f s%n",
                entry.bootTime(),
                entry.scriptTime(),
                entry.runtime()));
        Path suiteDirectory = entry.suiteDirectory();
        out.append("output: ")
                .append(relative(suiteDirectory, entry.outputDirectory()))
                .append('\n');
        for (ReportEntry.HostReport host : entry.hosts()) {
            if (Files.exists(host.transcript())) {
                out.append("transcript ")
                        .append(host.host())
                        .append(": ")
                        .append(relative(suiteDirectory, host.transcript()))
                        .append('\n');
            }
        }
        xml.writeCharacters(out.toString());
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    /** The JUnit element of a test that did not pass; null for a passed one. */
    private static String element(ReportEntry entry) {
        if (entry.wipFailure()) {
            return "skipped";
        }
        return switch (entry.result()) {
            case FAILED -> "failure";
            case UNRESOLVED -> "error";
            case UNTESTED -> "skipped";
            case PASSED -> null;
        };
    }

    /** FILE relative to the suite; absolute when it is outside the suite ({@code --output-dir DIR}). */
    private static String relative(Path suite, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(suite) ? suite.relativize(absolute).toString() : absolute.toString();
    }

    private static String firstIssue(ReportEntry entry) {
        for (ReportEntry.HostReport host : entry.hosts()) {
            if (!host.issues().isEmpty()) {
                return host.issues().get(0);
            }
        }
        return entry.result().toString();
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
