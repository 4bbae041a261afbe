package dev.kvmrunner.report;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import dev.kvmrunner.files.AtomicFiles;
import dev.kvmrunner.judge.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a self-contained static report, {@code DIR/index.html}: inline CSS and JavaScript, no
 * fetches, readable from a file: URL or any web server. It has the counts per result, a table
 * of tests (click a heading to sort; filter by result or by text, also from the URL fragment,
 * e.g. {@code index.html#filter=failed} or {@code #q=ikev2}), and per test that did not pass
 * its issues, times, links to the raw transcripts and, per host whose output differs, the
 * expected and the actual output side by side with the changes highlighted (folded equal lines
 * open on a click, all of them with {@code #unfold=all}). Above: the run header and the
 * per-prefix {@link Timeline}. A wip test that did not pass is shown apart from a regression;
 * a host that timed out shows the last lines of its console. The OUTPUT files of every test
 * shown in detail are copied under {@code DIR/output/}, so the folder is self-contained: an
 * archived copy keeps working links.
 */
public final class HtmlReport {
    public static final String FILE = "index.html";
    /** Equal lines kept around each change in the side-by-side view. */
    private static final int CONTEXT = 3;

    private HtmlReport() {}

    /** Writes DIRECTORY/index.html with what the entries tell about the run; returns its path. */
    public static Path write(List<ReportEntry> entries, Path directory, String title) throws IOException {
        return write(entries, directory, title, RunInfo.of(entries));
    }

    /** Writes DIRECTORY/index.html and copies the OUTPUT files it links to; returns its path. */
    public static Path write(List<ReportEntry> entries, Path directory, String title, RunInfo info) throws IOException {
        return write(entries, directory, title, info, ReportStop.NEVER);
    }

    /**
     * As above, stopping between files when STOP says so (an {@link java.io.InterruptedIOException}): a
     * directory this call created is then removed again, an existing one keeps its old index.html and whole
     * copies; no file is left half-written.
     */
    public static Path write(List<ReportEntry> entries, Path directory, String title, RunInfo info, ReportStop stop)
            throws IOException {
        Path dir = directory.toAbsolutePath();
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        try {
            for (ReportEntry entry : entries) {
                stop.check();
                if (hasDetails(entry)) {
                    copyOutput(entry, dir, stop);
                }
            }
            stop.checkBeforeMainFile();
            Path file = dir.resolve(FILE);
            AtomicFiles.write(file, render(entries, dir, title, info));
            return file;
        } catch (java.io.InterruptedIOException e) {
            if (created) {
                dev.kvmrunner.domain.FileTrees.deleteRecursively(dir);
            }
            throw e;
        }
    }

    private static boolean hasDetails(ReportEntry entry) {
        return entry.result() != Result.PASSED || !entry.issues().isEmpty();
    }

    /** Where the report keeps its copy of the entry's OUTPUT: DIR/output/<suite>-<test>/. */
    private static Path copyOf(ReportEntry entry, Path reportDirectory) {
        return reportDirectory.resolve("output").resolve(anchor(entry));
    }

    /** Copies the files (not subdirectories) of the entry's OUTPUT: transcripts, diffs, RESULT, debug.log. */
    private static void copyOutput(ReportEntry entry, Path reportDirectory, ReportStop stop) throws IOException {
        Path output = entry.outputDirectory().toAbsolutePath();
        if (!Files.isDirectory(output)) {
            return;
        }
        Path copy = Files.createDirectories(copyOf(entry, reportDirectory));
        try (java.util.stream.Stream<Path> files = Files.list(output)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    stop.check();
                    AtomicFiles.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
    }

    static String render(List<ReportEntry> entries, Path reportDirectory, String title, RunInfo info) {
        Map<Result, Integer> counts = new EnumMap<>(Result.class);
        for (Result result : Result.values()) {
            counts.put(result, 0);
        }
        entries.forEach(e -> counts.merge(e.result(), 1, Integer::sum));
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head>\n<body>\n");
        html.append("<h1>")
                .append(escape(title))
                .append("</h1>\n<p class=\"generated\">generated ")
                .append(escape(ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.RFC_1123_DATE_TIME)))
                .append(" by kvmrunner</p>\n");

        header(html, info);
        html.append("<div id=\"summary\">");
        summaryBox(html, "total", "tests", entries.size());
        for (Result result : Result.values()) {
            summaryBox(html, result.toString(), result.toString(), counts.get(result));
        }
        summaryBox(html, "wip", "of them wip (expected)", (int)
                entries.stream().filter(ReportEntry::wipFailure).count());
        html.append("</div>\n");
        html.append("<h2>Timeline</h2>\n<p class=\"legend\">");
        for (String kind : Timeline.kinds()) {
            String[] colours = Timeline.COLOURS.get(kind);
            html.append("<span class=\"swatch\" style=\"background:")
                    .append(colours[0])
                    .append("\"></span><span class=\"swatch\" style=\"background:")
                    .append(colours[1])
                    .append("\"></span> ")
                    .append(kind.equals("wip") ? "wip, not passed" : kind)
                    .append(" &nbsp; ");
        }
        html.append("(light: boot, dark: scripts)</p>\n");
        Timeline.render(html, entries, info.prefixes());

        html.append("<div id=\"controls\">show: ");
        for (String filter : List.of("all", "not-passed", "passed", "failed", "unresolved", "untested")) {
            html.append("<button type=\"button\" class=\"filter\" data-filter=\"")
                    .append(filter)
                    .append("\">")
                    .append(filter)
                    .append("</button> ");
        }
        html.append("<input id=\"search\" type=\"search\" placeholder=\"test name or issue\" size=\"30\">")
                .append(" <span id=\"shown\"><span id=\"shown-count\">")
                .append(entries.size())
                .append("</span> of ")
                .append(entries.size())
                .append(" shown</span></div>\n");

        html.append("<table id=\"tests\"><thead><tr>")
                .append(
                        "<th data-type=\"text\">test</th><th data-type=\"text\">suite</th><th data-type=\"text\">status</th>")
                .append("<th data-type=\"text\">result</th><th data-type=\"text\">issues</th>")
                .append("<th data-type=\"number\">boot s</th><th data-type=\"number\">script s</th>")
                .append("<th data-type=\"number\">runtime s</th></tr></thead>\n<tbody>\n");
        for (ReportEntry entry : entries) {
            row(html, entry);
        }
        html.append("</tbody></table>\n");

        html.append("<h2>Details</h2>\n");
        int[] folds = {0};
        for (ReportEntry entry : entries) {
            if (hasDetails(entry)) {
                details(html, entry, reportDirectory, folds);
            }
        }
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunInfo info) {
        html.append("<table id=\"run-header\">");
        headerRow(html, "suite", String.join(", ", info.suites()));
        headerRow(html, "backend", info.backend().orElse("(not recorded)"));
        headerRow(
                html,
                "prefixes",
                info.prefixes().isEmpty()
                        ? "(not recorded)"
                        : String.join(
                                " ",
                                info.prefixes().stream()
                                        .map(p -> p.isEmpty() ? "''" : p)
                                        .toList()));
        headerRow(html, "workers", info.workers().map(String::valueOf).orElse("(not recorded)"));
        headerRow(html, "accelerator", info.accelerator());
        if (!info.backendSettings().isEmpty()) {
            headerRow(html, "backend settings", String.join(", ", info.backendSettings()));
        }
        headerRow(
                html,
                "wall time",
                info.wallTime()
                        .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
                        .orElse("(not recorded)"));
        headerRow(html, "suite revision", info.revision());
        headerRow(html, "machine", info.machine());
        html.append("</table>\n");
    }

    private static void headerRow(StringBuilder html, String name, String value) {
        html.append("<tr><th>")
                .append(name)
                .append("</th><td id=\"header-")
                .append(name.replace(' ', '-'))
                .append("\">")
                .append(escape(value))
                .append("</td></tr>");
    }

    private static void summaryBox(StringBuilder html, String id, String label, int count) {
        html.append("<div class=\"count ")
                .append(id)
                .append("\"><span id=\"count-")
                .append(id)
                .append("\">")
                .append(count)
                .append("</span> ")
                .append(label)
                .append("</div>");
    }

    private static void row(StringBuilder html, ReportEntry entry) {
        String search = (entry.name() + " " + entry.suite() + " " + entry.result() + " " + entry.issues())
                .toLowerCase(Locale.ROOT);
        html.append("<tr class=\"test ")
                .append(entry.result())
                .append(entry.wipFailure() ? " wip" : "")
                .append("\" data-result=\"")
                .append(entry.result())
                .append("\" data-search=\"")
                .append(escape(search))
                .append("\">");
        html.append("<td>");
        if (hasDetails(entry)) {
            html.append("<a href=\"#")
                    .append(anchor(entry))
                    .append("\">")
                    .append(escape(entry.name()))
                    .append("</a>");
        } else {
            html.append(escape(entry.name()));
        }
        html.append("</td><td>")
                .append(escape(entry.suite()))
                .append("</td><td>")
                .append(escape(entry.status()))
                .append("</td><td class=\"result\">")
                .append(entry.result())
                .append(entry.wipFailure() ? " (wip)" : "")
                .append("</td><td>")
                .append(escape(entry.issues()))
                .append("</td>");
        for (double seconds : new double[] {entry.bootTime(), entry.scriptTime(), entry.runtime()}) {
            html.append("<td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f", seconds))
                    .append("</td>");
        }
        html.append("</tr>\n");
    }

    private static void details(StringBuilder html, ReportEntry entry, Path reportDirectory, int[] folds) {
        Path copy = copyOf(entry, reportDirectory);
        html.append("<section class=\"details ")
                .append(entry.result())
                .append(entry.wipFailure() ? " wip" : "")
                .append("\" id=\"")
                .append(anchor(entry))
                .append("\" data-result=\"")
                .append(entry.result())
                .append("\">\n<h3>")
                .append(escape(entry.name()))
                .append(" <span class=\"result\">")
                .append(entry.result())
                .append("</span>")
                .append(
                        entry.wipFailure()
                                ? " <span class=\"wip-note\">wip: expected not to pass, not a regression</span>"
                                : "")
                .append("</h3>\n<p>")
                .append(escape(entry.issues().isEmpty() ? "no issues" : entry.issues()))
                .append(String.format(
                        Locale.ROOT,
                        " &middot; boot %.1f s &middot; scripts %.1f s &middot; runtime %.1f s",
                        entry.bootTime(),
                        entry.scriptTime(),
                        entry.runtime()))
                .append(
                        Files.isDirectory(copy)
                                ? " &middot; <a href=\"" + escape(link(reportDirectory, copy)) + "/\">OUTPUT</a>"
                                : "")
                .append("</p>\n");
        Map<String, List<String>> tails = entry.timeoutTails();
        for (ReportEntry.HostReport host : entry.hosts()) {
            html.append("<h4>")
                    .append(escape(host.host()))
                    .append(host.issues().isEmpty() ? "" : ": " + escape(String.join(",", host.issues())));
            Path transcript = copy.resolve(host.transcript().getFileName());
            if (Files.exists(transcript)) {
                html.append(" <a class=\"transcript\" href=\"")
                        .append(escape(link(reportDirectory, transcript)))
                        .append("\">transcript</a>");
            }
            html.append("</h4>\n");
            if (tails.containsKey(host.host())) {
                List<String> tail = tails.get(host.host());
                html.append("<p class=\"tail-note\">timed out; the last ")
                        .append(tail.size())
                        .append(" lines of its console:</p>\n")
                        .append("<pre class=\"console-tail\">")
                        .append(escape(String.join("\n", tail)))
                        .append("</pre>\n");
            }
            if (host.expected().isPresent() && host.actual().isPresent()) {
                sideBySide(html, host.expected().get(), host.actual().get(), folds);
            } else if (!host.diff().isEmpty()) {
                html.append("<pre class=\"diff\">")
                        .append(escape(String.join("\n", host.diff())))
                        .append("</pre>\n");
            }
        }
        html.append("</section>\n");
    }

    /** Expected (left) and actual (right), changed words marked, long runs of equal lines folded. */
    private static void sideBySide(StringBuilder html, String expected, String actual, int[] folds) {
        DiffRowGenerator generator = DiffRowGenerator.create()
                .showInlineDiffs(true)
                .inlineDiffByWord(true)
                .mergeOriginalRevised(false)
                .oldTag(start -> start ? "<del>" : "</del>")
                .newTag(start -> start ? "<ins>" : "</ins>")
                .build();
        List<DiffRow> rows =
                generator.generateDiffRows(List.of(expected.split("\n", -1)), List.of(actual.split("\n", -1)));
        boolean[] keep = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).getTag() != DiffRow.Tag.EQUAL) {
                for (int j = Math.max(0, i - CONTEXT); j <= Math.min(rows.size() - 1, i + CONTEXT); j++) {
                    keep[j] = true;
                }
            }
        }
        html.append("<table class=\"side-by-side\"><thead><tr><th>expected</th><th>actual</th></tr></thead><tbody>\n");
        // a run of equal lines is written hidden, after a fold row that shows them on a click
        int i = 0;
        while (i < rows.size()) {
            if (!keep[i]) {
                int fold = ++folds[0];
                int end = i;
                while (end < rows.size() && !keep[end]) {
                    end++;
                }
                html.append("<tr class=\"fold\" data-fold=\"")
                        .append(fold)
                        .append("\" title=\"show them\"><td colspan=\"2\">&hellip; ")
                        .append(end - i)
                        .append(" equal lines</td></tr>\n");
                for (; i < end; i++) {
                    row(html, rows.get(i), " data-folded=\"" + fold + "\" hidden");
                }
                continue;
            }
            row(html, rows.get(i), "");
            i++;
        }
        html.append("</tbody></table>\n");
    }

    private static void row(StringBuilder html, DiffRow row, String attributes) {
        html.append("<tr class=\"")
                .append(row.getTag().name().toLowerCase(Locale.ROOT))
                .append("\"")
                .append(attributes)
                .append("><td><pre>")
                .append(row.getOldLine())
                .append("</pre></td><td><pre>")
                .append(row.getNewLine())
                .append("</pre></td></tr>\n");
    }

    private static String anchor(ReportEntry entry) {
        return "test-" + (entry.suite() + "-" + entry.name()).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** A relative link from the report directory, each segment URL-safe. */
    private static String link(Path reportDirectory, Path target) {
        String relative =
                reportDirectory.relativize(target.toAbsolutePath().normalize()).toString();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if ((Character.isLetterOrDigit(c) && c < 128) || "/._-~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = String.join(
            "\n",
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}",
            "h1{margin-bottom:0}.generated{color:#666;margin-top:.2em}",
            "#summary{display:flex;gap:.8em;margin:1em 0}",
            ".count{padding:.5em 1em;border-radius:6px;background:#eee;font-size:1.1em}",
            ".count span{font-weight:bold;font-size:1.4em}",
            ".count.passed{background:#d9f2d9}.count.failed{background:#f8d4d4}",
            ".count.unresolved{background:#fbe7c6}.count.untested{background:#e4e4ef}",
            "#controls{margin:.5em 0}button.filter{cursor:pointer}button.filter.active{font-weight:bold;background:#cde}",
            "table{border-collapse:collapse}#tests th{cursor:pointer;background:#f3f3f3;position:sticky;top:0}",
            "#tests td,#tests th{border:1px solid #ddd;padding:.2em .5em;text-align:left}",
            "#tests td.num{text-align:right}",
            "tr.passed td.result{color:#080}tr.failed td.result{color:#b00;font-weight:bold}",
            "tr.unresolved td.result{color:#b60;font-weight:bold}tr.untested td.result{color:#668}",
            "section.details{border-top:2px solid #ccc;margin-top:1.5em}",
            "table.side-by-side{width:100%;table-layout:fixed;font-size:.85em}",
            "table.side-by-side td{vertical-align:top;border:1px solid #eee;padding:0 .3em}",
            "table.side-by-side pre{margin:0;white-space:pre-wrap;word-break:break-all}",
            "tr.change td,tr.delete td:first-child,tr.insert td:last-child{background:#fff6d6}",
            "tr.delete td:first-child{background:#fde0e0}tr.insert td:last-child{background:#dff5df}",
            "del{background:#f5a3a3;text-decoration:none}ins{background:#9fe09f;text-decoration:none}",
            "tr.fold td{color:#888;font-style:italic;text-align:center;cursor:pointer}tr.fold:hover td{background:#f0f0ff}",
            "#run-header th{text-align:left;padding-right:1em;color:#555;font-weight:normal}#run-header td{font-family:monospace}",
            ".count.wip{background:#eadcf3}tr.wip td.result{color:#7b3294;font-weight:normal}",
            "section.details.wip{border-top-color:#d8c3e8}.wip-note{color:#7b3294;font-size:.7em;font-weight:normal}",
            "pre.console-tail{background:#222;color:#eee;padding:.5em;overflow:auto}.tail-note{color:#b00;margin-bottom:0}",
            "#timeline{display:block;margin:.5em 0;font-size:12px}#timeline text.tick{fill:#777}",
            ".legend{font-size:.85em;color:#555}.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:middle}",
            "pre.diff{background:#f8f8f8;padding:.5em;overflow:auto}");

    /** Sorting, filtering (buttons, search box, URL fragment #filter=RESULT&q=TEXT). */
    private static final String SCRIPT = String.join(
            "\n",
            "(function(){",
            "var table=document.getElementById('tests');",
            "var body=table.tBodies[0];",
            "var rows=Array.prototype.slice.call(body.rows);",
            "var search=document.getElementById('search');",
            "var state={filter:'all',q:''};",
            "function readHash(){",
            "  var h=location.hash.replace(/^#/,'');state.filter='all';state.q='';",
            "  h.split('&').forEach(function(p){var kv=p.split('=');",
            "    if(kv[0]==='unfold'&&kv[1]==='all')document.querySelectorAll('tr.fold').forEach(unfold);",
            "    if(kv[0]==='filter'&&kv[1])state.filter=decodeURIComponent(kv[1]);",
            "    if(kv[0]==='q'&&kv[1])state.q=decodeURIComponent(kv[1]);});",
            "  search.value=state.q;}",
            "function apply(){",
            "  var q=state.q.toLowerCase(),shown=0;",
            "  rows.forEach(function(r){var res=r.getAttribute('data-result');",
            "    var ok=(state.filter==='all'||res===state.filter||(state.filter==='not-passed'&&res!=='passed'))",
            "      &&(!q||r.getAttribute('data-search').indexOf(q)>=0);",
            "    r.hidden=!ok;if(ok)shown++;});",
            "  document.querySelectorAll('section.details').forEach(function(s){var res=s.getAttribute('data-result');",
            "    s.hidden=!(state.filter==='all'||res===state.filter||(state.filter==='not-passed'&&res!=='passed'));});",
            "  document.getElementById('shown-count').textContent=shown;",
            "  document.querySelectorAll('button.filter').forEach(function(b){",
            "    b.classList.toggle('active',b.getAttribute('data-filter')===state.filter);});",
            "  document.body.setAttribute('data-filter',state.filter);}",
            "function writeHash(){var h='filter='+encodeURIComponent(state.filter);",
            "  if(state.q)h+='&q='+encodeURIComponent(state.q);",
            "  if(history.replaceState)history.replaceState(null,'','#'+h);else location.hash=h;}",
            "document.querySelectorAll('button.filter').forEach(function(b){b.addEventListener('click',function(){",
            "  state.filter=b.getAttribute('data-filter');writeHash();apply();});});",
            "search.addEventListener('input',function(){state.q=search.value;writeHash();apply();});",
            "window.addEventListener('hashchange',function(){readHash();apply();});",
            "table.tHead.querySelectorAll('th').forEach(function(th,i){var asc=true;th.addEventListener('click',function(){",
            "  var number=th.getAttribute('data-type')==='number';",
            "  rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;",
            "    var c=number?parseFloat(x)-parseFloat(y):x.localeCompare(y);return asc?c:-c;});",
            "  asc=!asc;rows.forEach(function(r){body.appendChild(r);});});});",
            "function unfold(f){document.querySelectorAll('tr[data-folded=\"'+f.getAttribute('data-fold')+'\"]')",
            "  .forEach(function(r){r.hidden=false;});f.hidden=true;}",
            "document.querySelectorAll('tr.fold').forEach(function(f){f.addEventListener('click',function(){unfold(f);});});",
            "readHash();apply();",
            "})();");
}
