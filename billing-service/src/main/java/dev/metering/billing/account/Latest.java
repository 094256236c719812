package dev.metering.billing.account;

/** Last writer wins by (occurredAt, value): order- and duplicate-independent. */
final class Latest {
    private long at = Long.MIN_VALUE;
    private String value;

    void offer(long occurredAt, String v) {
        if (v == null) {
            return;
        }
        if (occurredAt > at || (occurredAt == at && (value == null || v.compareTo(value) > 0))) {
            at = occurredAt;
            value = v;
        }
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return value + "@" + at;
    }
}
