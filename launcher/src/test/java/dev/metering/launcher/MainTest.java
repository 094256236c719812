package dev.metering.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/platform's command line: help, clear errors for bad input, the flags `up` has always had. */
class MainTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void givenHelp_whenRun_thenEveryCommandIsListedAndNothingStarts() {
        Outcome help = run("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: bin/platform").contains("up").contains("stop").contains("token");
        assertThat(run().out()).as("no arguments: the same usage").isEqualTo(help.out());
    }

    @Test
    void givenUpHelp_whenRun_thenItsFlagsAreDescribed() {
        Outcome help = run("up", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--demo", "--devices=N", "--exit", "--port-offset=N", "default: 10000");
    }

    @Test
    void givenAnUnknownFlag_whenRun_thenExit2WithTheFlagNamedAndTheClosestOnes() {
        Outcome bad = run("up", "--demoo");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Unknown option: '--demoo'").contains("Possible solutions: --demo");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void givenANonNumericOrImpossibleDeviceCount_whenRun_thenExit2BeforeAnythingStarts() {
        Outcome notANumber = run("up", "--devices", "many");
        Outcome zero = run("up", "--demo", "--devices", "0");

        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--devices'").contains("'many'");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--devices must be at least 1, was 0");
        assertThat(zero.out()).doesNotContain("Starting the metering platform");
    }

    @Test
    void givenAnUnknownCommand_whenRun_thenExit2() {
        Outcome bad = run("launch");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Unmatched argument").contains("'launch'");
    }

    @Test
    void givenTheFlagsUpHasAlwaysHad_whenParsed_thenEachReachesTheCommand() {
        CommandLine cli = new CommandLine(new Main());
        CommandLine.ParseResult parsed = cli.parseArgs("up", "--demo", "--devices", "500", "--exit", "--port-offset", "10");
        Main.Up up = (Main.Up) parsed.subcommand().commandSpec().userObject();

        assertThat(up.demo).isTrue();
        assertThat(up.devices).isEqualTo(500);
        assertThat(up.exit).isTrue();
        assertThat(up.portOffset).isEqualTo(10);

        Main.Up defaults = (Main.Up) new CommandLine(new Main()).parseArgs("up").subcommand().commandSpec().userObject();
        assertThat(defaults.demo).isFalse();
        assertThat(defaults.devices).isEqualTo(10_000);
        assertThat(defaults.exit).isFalse();
        assertThat(defaults.portOffset).isZero();
    }

    @Test
    void givenTokenForADistributor_whenRun_thenAJwtNamingThatDistributorIsPrinted() {
        Outcome token = run("token", "distributor", "d-7");

        assertThat(token.exit()).isZero();
        String[] parts = token.out().trim().split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"distributor_id\":\"d-7\"").contains("distributor");
    }

    @Test
    void givenTokenForAnUnknownRole_whenRun_thenExit2ListingTheRoles() {
        Outcome bad = run("token", "admin");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'admin'").contains("partner, distributor, operator");
    }
}
