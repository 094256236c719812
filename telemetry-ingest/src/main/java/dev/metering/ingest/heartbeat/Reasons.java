package dev.metering.ingest.heartbeat;

/**
 * The machine-readable reasons an item is rejected with. Field-specific reasons end in
 * {@code :<field>} (e.g. {@code missing-field:deviceId}); the set is closed, so it is safe as a metric tag.
 */
public final class Reasons {

    public static final String MALFORMED_ITEM = "malformed-item";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String INVALID_TYPE = "invalid-type";
    public static final String INVALID_ENUM = "invalid-enum";
    public static final String INVALID_CHARACTERS = "invalid-characters";
    public static final String INVALID_TIMESTAMP = "invalid-timestamp";
    public static final String TOO_LONG = "too-long";
    public static final String TOO_MANY = "too-many";
    public static final String CUSTOMER_MISMATCH = "customer-mismatch";
    public static final String UNKNOWN_CUSTOMER = "unknown-customer";
    public static final String OCCURRED_IN_FUTURE = "occurred-in-future";
    public static final String TOO_OLD = "too-old";
    /** R15: UTM 9.x firewalls cannot be metered; only SFOS takes part. */
    public static final String UTM9_NOT_SUPPORTED = "utm9-not-supported";
    public static final String UNKNOWN_EVENT_TYPE = "unknown-event-type";
    public static final String EMPTY_VALUE = "empty-value";
    public static final String INTERNAL_ERROR = "internal-error";

    private Reasons() {
    }

    public static String of(String reason, String field) {
        return reason + ":" + field;
    }
}
