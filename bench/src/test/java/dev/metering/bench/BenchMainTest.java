package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/bench's command line: help and clear errors, without starting a benchmark. */
class BenchMainTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void givenHelp_whenRun_thenTheFlagsAreDescribed() {
        String[] help = run("--help");

        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("Usage: bin/bench", "--repeats=N", "--quick", "--jfr", "default: 3");
    }

    @Test
    void givenABadFlagOrValue_whenRun_thenExit2WithAClearMessage() {
        String[] unknown = run("--fast");
        String[] notANumber = run("--repeats", "three");
        String[] zero = run("--repeats", "0");

        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).contains("Unknown option: '--fast'");
        assertThat(notANumber[0]).isEqualTo("2");
        assertThat(notANumber[2]).contains("Invalid value for option '--repeats'").contains("'three'");
        assertThat(zero[0]).isEqualTo("2");
        assertThat(zero[2]).contains("--repeats must be at least 1, was 0");
        assertThat(zero[1]).doesNotContain("Benchmark:");
    }

    @Test
    void givenTheFlagsTheBenchHasAlwaysHad_whenParsed_thenEachIsSet() {
        BenchMain bench = new BenchMain();
        new CommandLine(bench).parseArgs("--repeats", "5", "--quick", "--jfr");

        assertThat(bench.repeats).isEqualTo(5);
        assertThat(bench.quick).isTrue();
        assertThat(bench.jfr).isTrue();
        BenchMain defaults = new BenchMain();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.repeats).isEqualTo(3);
        assertThat(defaults.quick).isFalse();
    }

    @Test
    void givenOnlyWithStages_whenParsed_thenEachStageIsKnownAndAnUnknownOneIsRefused() {
        BenchMain bench = new BenchMain();
        new CommandLine(bench).parseArgs("--only", "fold,close");
        String[] unknown = run("--only", "fold,clsoe");

        assertThat(bench.only).containsExactly("fold", "close");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).contains("--only knows limits, naive, ingest, fold").contains("not clsoe");
        assertThat(unknown[1]).doesNotContain("Benchmark:");
    }
}
