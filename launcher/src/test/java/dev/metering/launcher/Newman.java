package dev.metering.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Postman's command-line runner, for the project's own collection under {@code docs/postman}. newman is an npm
 * package: {@code .ci/run} installs it into {@link #home()}; a run without it installs it there with npm (once).
 * Without node and npm on the machine the calling test is skipped, saying why.
 */
final class Newman {

    static final String VERSION = "6.2.2";

    /** newman's exit code and its CLI report (the summary table and every failed assertion). */
    record Run(int exitCode, String report) {

        /** The "executed" and "failed" counts of a row of the summary table, e.g. {@code requests}. */
        int[] row(String name) {
            Matcher m = Pattern.compile("\\|\\s+" + name + "\\s+\\|\\s+(\\d+)\\s+\\|\\s+(\\d+)\\s+\\|").matcher(report);
            assertThat(m.find()).as("newman's summary has a row '" + name + "':\n" + report).isTrue();
            return new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) };
        }
    }

    private Newman() {
    }

    /** {@code METERING_NEWMAN_HOME}, else {@code ~/.cache/metering-newman} (an npm prefix). */
    static Path home() {
        String env = System.getenv("METERING_NEWMAN_HOME");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "metering-newman");
    }

    /** Runs {@code collection} with {@code environment} and {@code vars} as {@code --env-var}s. */
    static Run run(Path collection, Path environment, Map<String, String> vars) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "run", collection.toString(), "-e",
                environment.toString()));
        vars.forEach((k, v) -> command.addAll(List.of("--env-var", k + "=" + v)));
        command.addAll(List.of("--reporters", "cli", "--color", "off", "--disable-unicode", "--timeout-request",
                "15000", "--timeout", "90000"));
        return exec(command, 120);
    }

    private static Path executable() throws Exception {
        boolean node = onPath("node").isPresent();
        Optional<Path> npm = onPath("npm");
        Assumptions.assumeTrue(node || npm.isPresent(), "neither node nor npm is installed: the Postman collection "
                + "needs newman (Node.js); install nodejs and npm (CI has them)");
        assertThat(node).as("newman needs node on the PATH").isTrue();
        Path installed = home().resolve("node_modules").resolve(".bin").resolve("newman");
        if (Files.isExecutable(installed)) {
            return installed;
        }
        Optional<Path> global = onPath("newman");
        if (global.isPresent()) {
            return global.get();
        }
        assertThat(npm).as("newman is not installed and npm is missing: npm install --prefix " + home() + " newman@"
                + VERSION).isPresent();
        Files.createDirectories(home());
        Run install = exec(List.of(npm.get().toString(), "install", "--prefix", home().toString(), "--no-audit",
                "--no-fund", "--loglevel=error", "newman@" + VERSION), 300);
        assertThat(install.exitCode()).as("npm install newman@" + VERSION + ":\n" + install.report()).isZero();
        assertThat(installed).isExecutable();
        return installed;
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Run exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("newman-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command.get(0) + " " + command.get(1)
                        + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
