package dev.kvmrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.console.ConsoleStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A domain that fails to close does not leave the group's other domains running. */
class DomainGroupTest {
    private final List<String> closed = new ArrayList<>();

    /** Domains whose close records the domain, and throws for the hosts in FAILING. */
    private Backend backend(Set<String> failing) {
        return new Backend() {
            @Override
            public String name() {
                return "closing";
            }

            @Override
            public Domain domain(DomainName name, Path workDirectory) {
                return new Domain() {
                    @Override
                    public DomainName name() {
                        return name;
                    }

                    @Override
                    public ConsoleStream boot(Duration timeout) {
                        throw new UnsupportedOperationException("never booted here");
                    }

                    @Override
                    public void shutdown(Duration timeout) {}

                    @Override
                    public boolean isRunning() {
                        return !closed.contains(name.toString());
                    }

                    @Override
                    public void close() {
                        closed.add(name.toString());
                        if (failing.contains(name.host())) {
                            throw new IllegalStateException(name + " does not close");
                        }
                    }
                };
            }
        };
    }

    @Test
    void everyDomainIsClosedWhenSomeFailAndTheFirstFailureCarriesTheOthers() {
        DomainGroup group = new DomainGroup("a.", backend(Set.of("west", "road")), Path.of("/nonexistent"));
        for (String host : List.of("east", "west", "road", "north")) {
            group.domain(host);
        }
        assertThatThrownBy(group::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a.west does not close")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("a.road does not close"));
        assertThat(closed).containsExactly("a.east", "a.west", "a.road", "a.north");
        assertThat(group.runningExcept(List.of())).isEmpty();
    }

    @Test
    void aGroupWhoseDomainsAllCloseThrowsNothing() {
        DomainGroup group = new DomainGroup("b.", backend(Set.of()), Path.of("/nonexistent"));
        group.domain("east");
        group.domain("west");
        group.close();
        assertThat(closed).containsExactly("b.east", "b.west");
    }
}
