package dev.kvmrunner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version and git revision this jar was built from, for {@code --version} on every command.
 * The build filters {@code build.properties} (project version; revision from the git metadata).
 * A build from a {@code git archive} tarball has no .git: then the revision comes from
 * {@code git-archive-revision}, which git archive fills in (export-subst in .gitattributes).
 */
public final class BuildVersion implements IVersionProvider {

    /** One line: {@code kvmrunner 0.1.0 (git 1a2b3c4d5e)}; "unknown" when the build had no revision. */
    public static String line() {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = filtered(build.getProperty("version")).orElse("unknown");
        String revision = filtered(build.getProperty("revision"))
                .or(BuildVersion::archiveRevision)
                .orElse("unknown");
        return "kvmrunner " + version + " (git " + revision + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** A value the build filled in; empty when the build left the placeholder (no git metadata). */
    private static java.util.Optional<String> filtered(String value) {
        return value == null || value.isBlank() || value.contains("${")
                ? java.util.Optional.empty()
                : java.util.Optional.of(value.trim());
    }

    private static java.util.Optional<String> archiveRevision() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("git-archive-revision")) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() || text.contains("$Format")
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
