package dev.metering.platform.security;

/** The roles a bearer token's {@code groups} claim may carry (ARCHITECTURE.md "Auth"). */
public final class Roles {
    public static final String PARTNER = "partner";
    public static final String DISTRIBUTOR = "distributor";
    public static final String OPERATOR = "operator";

    /** Claim naming the partner a token acts for. */
    public static final String PARTNER_CLAIM = "partner_id";
    /** Claim naming the distributor a token acts for. */
    public static final String DISTRIBUTOR_CLAIM = "distributor_id";

    private Roles() {
    }
}
