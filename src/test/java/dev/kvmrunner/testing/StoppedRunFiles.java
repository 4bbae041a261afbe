package dev.kvmrunner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

/** What the stop tests read of the files a stopped run left: the JUnit file's test cases, temporary files. */
public final class StoppedRunFiles {
    private StoppedRunFiles() {}

    /** The test cases of JUNIT; parsing it fails when the file was cut short. */
    public static int junitTestCases(Path junit) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(junit.toFile())
                .getElementsByTagName("testcase")
                .getLength();
    }

    /** The half-written files ({@code *.tmp}, what an atomic write leaves when it stops) under DIRECTORY. */
    public static List<Path> temporaryFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }
}
