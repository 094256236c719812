package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.arch.ServiceConventions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation stands alone: every relative Markdown link resolves to a file inside the
 * repository (and to a heading there, when it names one), docs/domain.md defines every business rule that code,
 * tests and docs cite, and the root README describes the package layout the convention tests enforce.
 */
class RepositoryDocsTest {

    static final Path ROOT = DeployFilesTest.ROOT;
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "run", "results");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s|$)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern RULE_DEFINITION = Pattern.compile("(?m)^- \\*\\*(R\\d+a?)\\.\\*\\*");
    private static final Pattern RULE_CITATION = Pattern.compile("\\bR(\\d+a?)\\b");

    static List<Path> files(String... extensions) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        Path rel = ROOT.relativize(p);
                        for (int i = 0; i < rel.getNameCount() - 1; i++) {
                            String dir = rel.getName(i).toString();
                            if (dir.startsWith(".") || SKIPPED_DIRS.contains(dir)) {
                                return false;
                            }
                        }
                        return Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e));
                    })
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Markdown text without code blocks and code spans, where link syntax is only an example. */
    private static String prose(String markdown) {
        return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /** The link targets of one Markdown file, in order. */
    static List<String> links(String markdown) {
        String text = prose(markdown);
        List<String> targets = new ArrayList<>();
        for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** Why a link from {@code file} leaves the repository or points nowhere, or null when it resolves. */
    static String problem(Path file, String target) {
        if (target.isEmpty() || SCHEME.matcher(target).find()) {
            return null; // a web address is not a file link
        }
        String path = target;
        String fragment = null;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            path = target.substring(0, hash);
            fragment = target.substring(hash + 1);
        }
        if (path.startsWith("/")) {
            return "is an absolute path; use a path relative to " + ROOT.relativize(file);
        }
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "points to " + ROOT.relativize(resolved) + ", which does not exist";
        }
        if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")
                && !anchors(read(resolved)).contains(fragment)) {
            return "names #" + fragment + ", which is no heading of " + ROOT.relativize(resolved);
        }
        return null;
    }

    /** The anchors a renderer gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$").matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    @Test
    void everyRelativeMarkdownLinkResolvesInsideTheRepository() {
        List<Path> markdown = files(".md");
        assertThat(markdown).as("Markdown files found from " + ROOT)
                .contains(ROOT.resolve("README.md"), ROOT.resolve("docs/domain.md"), ROOT.resolve("docs/architecture.md"));

        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : markdown) {
            String text = read(file);
            for (String target : links(text)) {
                checked++;
                String problem = problem(file, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": (" + target + ") " + problem);
                }
            }
            if (text.contains("../shared/")) {
                broken.add(ROOT.relativize(file) + ": mentions ../shared/, which is outside the repository");
            }
        }
        assertThat(checked).as("links checked").isGreaterThanOrEqualTo(15);
        assertThat(links(read(ROOT.resolve("README.md")))).contains("docs/domain.md", "launcher/README.md");
        assertThat(broken).as("links that leave the repository or point nowhere").isEmpty();
    }

    @Test
    void givenLinksThatLeaveOrMiss_whenChecked_thenEachIsReported() {
        Path readme = ROOT.resolve("README.md");

        assertThat(links("see [rules](../shared/DOMAIN.md), `[not](a-link.md)`, [ref]\n\n[ref]: docs/x.md \"t\"\n"))
                .containsExactly("../shared/DOMAIN.md", "docs/x.md");
        assertThat(problem(readme, "../shared/DOMAIN.md")).isEqualTo("leaves the repository");
        assertThat(problem(readme, "docs/nothing-here.md")).contains("does not exist");
        assertThat(problem(readme, "/etc/hosts")).contains("absolute path");
        assertThat(problem(readme, "docs/domain.md#no-such-heading")).contains("no heading");
        assertThat(problem(readme, "docs/domain.md#counting-usage")).isNull();
        assertThat(problem(readme, "https://example.org/x")).isNull();
    }

    @Test
    void domainDocDefinesEveryRuleOnceAndEveryCitedRuleExists() {
        String domain = read(ROOT.resolve("docs/domain.md"));
        List<String> defined = new ArrayList<>();
        Matcher m = RULE_DEFINITION.matcher(domain);
        while (m.find()) {
            defined.add(m.group(1));
        }
        List<String> expected = new ArrayList<>();
        for (int r = 1; r <= 28; r++) {
            expected.add("R" + r);
            if (r == 17) {
                expected.add("R17a");
            }
        }
        assertThat(defined).as("rules defined in docs/domain.md, in order").containsExactlyElementsOf(expected);

        Set<String> cited = new TreeSet<>();
        for (Path file : files(".java", ".md", ".sql", ".properties")) {
            Matcher c = RULE_CITATION.matcher(read(file));
            while (c.find()) {
                cited.add("R" + c.group(1));
            }
        }
        assertThat(cited).as("rule numbers cited in code, tests and docs").hasSizeGreaterThan(20);
        assertThat(defined).as("every cited rule is defined in docs/domain.md").containsAll(cited);
    }

    @Test
    void rootReadmeNamesTheLayersTheConventionTestsEnforce() {
        String readme = read(ROOT.resolve("README.md"));

        for (String layer : ServiceConventions.LAYERS) {
            assertThat(readme).as("README's layout paragraph names the layer " + layer).contains("`" + layer + "/`");
        }
        assertThat(readme).contains("docs/domain.md").contains("docs/architecture.md");
    }
}
