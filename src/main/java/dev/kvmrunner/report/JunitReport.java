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
 * {@code type} the first issue, its text the diffs. {@code <system-out>} names the output
 * directory and the transcripts and gives the boot and script times.
 */
public final class JunitReport {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private JunitReport() {
    }

    /** Writes the report to FILE (atomically: readers never see half a file). */
    public static void write(List<ReportEntry> entries, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        dev.kvmrunner.results.AtomicFiles.write(file.toAbsolutePath(), toXml(entries));
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
        xml.writeAttribute("failures", Long.toString(entries.stream().filter(e -> e.result() == Result.FAILED).count()));
        xml.writeAttribute("errors", Long.toString(entries.stream().filter(e -> e.result() == Result.UNRESOLVED).count()));
        xml.writeAttribute("skipped", Long.toString(entries.stream().filter(e -> e.result() == Result.UNTESTED).count()));
        xml.writeAttribute("time", seconds(entries.stream().mapToDouble(ReportEntry::runtime).sum()));
    }

    private static void writeSuite(XMLStreamWriter xml, int id, String name, List<ReportEntry> entries)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        writeCounts(xml, entries);
        xml.writeAttribute("id", Integer.toString(id));
        xml.writeAttribute("hostname", hostname());
        Instant first = entries.stream().flatMap(e -> e.startTime().stream()).min(Instant::compareTo).orElse(Instant.now());
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
        String element = switch (entry.result()) {
            case FAILED -> "failure";
            case UNRESOLVED -> "error";
            case UNTESTED -> "skipped";
            case PASSED -> null;
        };
        if (element != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement(element);
            xml.writeAttribute("message", entry.result() + (entry.issues().isEmpty() ? "" : " " + entry.issues()));
            if (!element.equals("skipped")) {
                xml.writeAttribute("type", firstIssue(entry));
                List<String> diff = entry.diffLines();
                if (!diff.isEmpty()) {
                    xml.writeCharacters(String.join("\n", diff) + "\n");
                }
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n      ");
        xml.writeStartElement("system-out");
        StringBuilder out = new StringBuilder();
        out.append("status: ").append(entry.status()).append('\n');
        out.append(String.format(Locale.ROOT, "boot time: %.3f s, script time: %.3f s, runtime: %.3f s%n",
                entry.bootTime(), entry.scriptTime(), entry.runtime()));
        out.append("output: ").append(entry.outputDirectory()).append('\n');
        for (ReportEntry.HostReport host : entry.hosts()) {
            if (Files.exists(host.transcript())) {
                out.append("transcript ").append(host.host()).append(": ").append(host.transcript()).append('\n');
            }
        }
        xml.writeCharacters(out.toString());
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
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
