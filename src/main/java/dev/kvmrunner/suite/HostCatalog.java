package dev.kvmrunner.suite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts (and guests) a suite knows, and so which words in a script's file name name a
 * guest. Built from the suite config, from a libreswan tree ({@link LibreswanTree}), or from
 * libreswan's default host list.
 */
public final class HostCatalog {

    /** libreswan's hosts when nothing else says: {@code east west road north nic}. */
    public static final List<String> DEFAULT_HOSTS = List.of("east", "west", "road", "north", "nic");

    /** The platform whose guests also answer to the bare host name (libreswan main). */
    static final String LINUX = "linux";

    /** Which rules read the file names: see {@link ModernScriptRules} and {@link LegacyScriptRules}. */
    public enum Style {
        MODERN,
        LEGACY
    }

    private final String origin;
    private final Style style;
    private final Set<String> hostNames;
    private final Map<String, Guest> guestsByName;
    private final List<Guest> hostScriptGuests;
    private final Pattern guestWord;

    private HostCatalog(
            String origin,
            Style style,
            Collection<String> hosts,
            Map<String, Guest> guestsByName,
            List<Guest> hostScriptGuests) {
        this.origin = origin;
        this.style = style;
        this.hostNames = new TreeSet<>(hosts);
        this.guestsByName = guestsByName;
        this.hostScriptGuests = List.copyOf(hostScriptGuests);
        this.guestWord = wholeWordPattern(guestsByName.keySet());
    }

    /** A plain host list (suite config, default): each host is its own guest. */
    public static HostCatalog of(String origin, Collection<String> hosts) {
        Map<String, Guest> guests = new LinkedHashMap<>();
        for (String host : new TreeSet<>(hosts)) {
            guests.put(host, Guest.of(host));
        }
        return new HostCatalog(origin, Style.MODERN, hosts, guests, nicEastFirst(guests.values()));
    }

    /**
     * libreswan main: every host on every platform, {@code <platform><host>}; linux guests also
     * answer to the bare host name and are the only ones with {@code <host>init.sh} and
     * {@code <host>run.sh}. (libreswan's fab/hosts.py means to leave out nic and road on other
     * platforms, but its check compares a Host with strings and never succeeds; its tests
     * rely on that, e.g. check-10-topology-alpine uses alpineroad.)
     */
    public static HostCatalog withPlatforms(String origin, Collection<String> hosts, Collection<String> platforms) {
        Map<String, Guest> guests = new LinkedHashMap<>();
        List<Guest> linux = new ArrayList<>();
        for (String host : new TreeSet<>(hosts)) {
            for (String platform : new TreeSet<>(platforms)) {
                Guest guest = new Guest(platform, host);
                if (platform.equals(LINUX)) {
                    guests.put(guest.name(), guest);
                    guests.put(host, guest);
                    linux.add(guest);
                } else {
                    guests.put(guest.name(), guest);
                }
            }
        }
        return new HostCatalog(origin, Style.MODERN, hosts, guests, nicEastFirst(linux));
    }

    /** libreswan 2019: plain host names matched as substrings, see {@link LegacyScriptRules}. */
    public static HostCatalog legacy(String origin, Collection<String> hosts) {
        Map<String, Guest> guests = new LinkedHashMap<>();
        for (String host : new TreeSet<>(hosts)) {
            guests.put(host, Guest.of(host));
        }
        return new HostCatalog(origin, Style.LEGACY, hosts, guests, nicEastFirst(guests.values()));
    }

    /** Where the host list came from, for messages (e.g. "kvmrunner.toml", "testing/kvm/vm"). */
    public String origin() {
        return origin;
    }

    public Style style() {
        return style;
    }

    /** The rules that go with this catalog. */
    public ScriptRules rules() {
        return style == Style.LEGACY ? new LegacyScriptRules(this) : new ModernScriptRules(this);
    }

    /** The host names, sorted. */
    public Set<String> hostNames() {
        return hostNames;
    }

    /** The guest a file name may call {@code name}, or null. */
    public Guest guest(String name) {
        return guestsByName.get(name);
    }

    /**
     * The guests whose {@code <host>init.sh} and {@code <host>run.sh} are recognised, in the
     * order those scripts run: nic, east, then the others sorted.
     */
    public List<Guest> hostScriptGuests() {
        return hostScriptGuests;
    }

    /** The guests named as whole words in {@code fileName}, in the order they appear. */
    public List<Guest> guestsNamedIn(String fileName) {
        List<Guest> named = new ArrayList<>();
        Matcher matcher = guestWord.matcher(fileName);
        while (matcher.find()) {
            named.add(guestsByName.get(matcher.group(1)));
        }
        return named;
    }

    // nic then east run their init scripts first: nic is the network, east usually the responder.
    private static List<Guest> nicEastFirst(Collection<Guest> guests) {
        List<Guest> ordered = new ArrayList<>();
        Set<Guest> others = new TreeSet<>();
        for (String first : List.of("nic", "east")) {
            for (Guest guest : guests) {
                if (guest.host().equals(first) && !ordered.contains(guest)) {
                    ordered.add(guest);
                }
            }
        }
        for (Guest guest : guests) {
            if (!ordered.contains(guest)) {
                others.add(guest);
            }
        }
        ordered.addAll(others);
        return ordered;
    }

    // Python's \b counts letters, digits and '_' as word characters; spell that out rather than
    // rely on Java's \b, whose meaning changed between releases.
    private static Pattern wholeWordPattern(Collection<String> names) {
        if (names.isEmpty()) {
            return Pattern.compile("(?!)()");
        }
        return Pattern.compile("(?<![A-Za-z0-9_])(".concat(alternatives(names)).concat(")(?![A-Za-z0-9_])"));
    }

    /** {@code a|b|...}, longest first so that no name hides a longer one it begins. */
    static String alternatives(Collection<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        sorted.sort(LONGEST_FIRST);
        StringBuilder alternatives = new StringBuilder();
        for (String name : sorted) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(name));
        }
        return alternatives.toString();
    }

    private static final Comparator<String> LONGEST_FIRST = new Comparator<>() {
        @Override
        public int compare(String a, String b) {
            return Integer.compare(b.length(), a.length());
        }
    };

    @Override
    public String toString() {
        return style.name().toLowerCase(java.util.Locale.ROOT) + " hosts " + hostNames + " from " + origin;
    }
}
