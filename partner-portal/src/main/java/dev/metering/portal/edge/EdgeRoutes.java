package dev.metering.portal.edge;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One API host: which service owns a path of the vendor Partner API ({@code /partner/v1/...}) or of the
 * {@code /v1} APIs. Pure: no framework, first matching rule wins.
 */
public final class EdgeRoutes {

    public enum Owner {
        CUSTOMER, LICENSE, BILLING, INGEST, PSA
    }

    private record Rule(Pattern path, Owner owner) {
    }

    private static final String SEGMENT = "[^/]+";
    private static final String REST = "(/.*)?";

    private static final List<Rule> RULES = List.of(
            rule("/partner/v1/tenants" + REST, Owner.CUSTOMER),
            rule("/partner/v1/billing" + REST, Owner.BILLING),
            rule("/v1/heartbeats" + REST, Owner.INGEST),
            rule("/v1/(usage|invoices|periods)" + REST, Owner.BILLING),
            rule("/v1/(psa|webhooks)" + REST, Owner.PSA),
            rule("/v1/(licenses|license-overview)" + REST, Owner.LICENSE),
            rule("/v1/customers/" + SEGMENT + "/(licenses|monthly-licenses|conversions|firewalls|license-overview)"
                    + REST, Owner.LICENSE),
            rule("/v1/(customers|partners|migrations|admin|me)" + REST, Owner.CUSTOMER));

    private EdgeRoutes() {
    }

    private static Rule rule(String regex, Owner owner) {
        return new Rule(Pattern.compile(regex), owner);
    }

    /** The owner of {@code path} (without query string), or empty when no service serves it. */
    public static Optional<Owner> owner(String path) {
        if (path == null || path.contains("/../") || path.endsWith("/..")) {
            return Optional.empty();
        }
        for (Rule r : RULES) {
            if (r.path().matcher(path).matches()) {
                return Optional.of(r.owner());
            }
        }
        return Optional.empty();
    }
}
