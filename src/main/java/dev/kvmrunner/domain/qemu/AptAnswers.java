package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.files.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * apt-cache's answers (which kernel package, which version), remembered in a file for as long
 * as apt's package lists and configuration stay as they were. Every run asks them before its
 * first boot can start, and each {@code apt-cache} call loads every package list: about 0.6
 * CPU-seconds, twice per run, on the critical path.
 */
final class AptAnswers {
    /**
     * What apt's answers depend on: the package lists, apt's configuration (sources, preferences)
     * and what is installed (an installed version has its own priority).
     */
    static final List<Path> APT_STATE =
            List.of(Path.of("/var/lib/apt/lists"), Path.of("/etc/apt"), Path.of("/var/lib/dpkg/status"));

    /** One question to apt, asked only when the remembered answer is out of date. */
    interface Question {
        String ask() throws IOException, InterruptedException;
    }

    private final Path file;
    private final List<Path> aptState;

    /** Remembers in FILE; an answer holds while the files under APT_STATE keep their names, sizes and times. */
    AptAnswers(Path file, List<Path> aptState) {
        this.file = file;
        this.aptState = List.copyOf(aptState);
    }

    /** The answer to QUESTION, named KEY: remembered, or asked now and remembered. */
    synchronized String answer(String key, Question question) throws IOException, InterruptedException {
        String state = aptState();
        Properties answers = read();
        if (!state.equals(answers.getProperty("apt-state"))) {
            answers.clear();
            answers.setProperty("apt-state", state);
        }
        String answer = answers.getProperty("answer." + key);
        if (answer == null) {
            answer = question.ask();
            answers.setProperty("answer." + key, answer);
            write(answers);
        }
        return answer;
    }

    private Properties read() throws IOException {
        Properties answers = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            answers.load(in);
        } catch (NoSuchFileException e) {
            // nothing remembered yet
        } catch (IllegalArgumentException e) {
            answers.clear(); // a damaged file is asked again, not trusted
        }
        return answers;
    }

    /** Written beside and moved into place: another run reads a whole file or none. */
    private void write(Properties answers) throws IOException {
        Files.createDirectories(file.getParent());
        java.io.StringWriter text = new java.io.StringWriter();
        answers.store(text, "apt-cache answers (kvmrunner); asked again when apt's lists change");
        AtomicFiles.write(file, text.toString());
    }

    /** The name, size and modification time of every file at or under the apt state paths, as digests. */
    private String aptState() throws IOException {
        List<String> roots = new ArrayList<>();
        for (Path root : aptState) {
            roots.add(root + " " + (Files.exists(root) ? SourceFingerprint.of(root) : "missing"));
        }
        return String.join(" ", roots);
    }
}
