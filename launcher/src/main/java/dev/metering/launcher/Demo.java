package dev.metering.launcher;

import java.io.PrintStream;

/** {@code bin/platform up --demo}: simulates a month through the public APIs and prints the invoices. */
final class Demo {

    private Demo() {
    }

    static int run(LocalPlatform platform, int devices, PrintStream out) {
        out.println("The month simulator is not built yet (issue 7); the platform itself is up.");
        return 0;
    }
}
