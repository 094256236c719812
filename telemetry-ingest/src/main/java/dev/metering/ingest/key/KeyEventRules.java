package dev.metering.ingest.key;

import dev.metering.contracts.customer.CustomerEvent.IngestKeyIssued;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyRevoked;
import dev.metering.ingest.heartbeat.HeartbeatValidator;
import dev.metering.ingest.heartbeat.ValidationRules;
import java.util.Locale;

/**
 * What ingest accepts from a key event on {@code customers.events} before it stores or honours it. Pure.
 * A refused event becomes a dead letter with the reason returned here: a NUL byte, a control character, a
 * lone surrogate or an over-long id cannot be stored (PostgreSQL refuses NUL in text and index rows beyond
 * its limit), and retrying it would stop the key consumer for good.
 */
public final class KeyEventRules {

    /** Longest key id or customer id (customer-service issues UUIDs and {@code ik_} + 32 hex). */
    public static final int MAX_ID_LENGTH = ValidationRules.MAX_ID_LENGTH;

    private KeyEventRules() {
    }

    /** Null when the issue may be stored; otherwise the reason, e.g. {@code invalid-characters:keyId}. */
    public static String refusal(IngestKeyIssued issued) {
        String reason = id("keyId", issued.keyId());
        if (reason == null) {
            reason = id("customerId", issued.customerId());
        }
        if (reason == null) {
            reason = hash(issued.keyHash());
        }
        return reason;
    }

    /** Null when the revocation may be stored; a missing customer id is allowed (the key id decides). */
    public static String refusal(IngestKeyRevoked revoked) {
        String reason = id("keyId", revoked.keyId());
        if (reason == null && revoked.customerId() != null) {
            reason = id("customerId", revoked.customerId());
        }
        return reason;
    }

    /** The stored form of a valid hash: lowercase hex. */
    public static String normalisedHash(String keyHash) {
        return keyHash.trim().toLowerCase(Locale.ROOT);
    }

    private static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            return "missing-field:" + field;
        }
        if (value.length() > MAX_ID_LENGTH) {
            return "too-long:" + field;
        }
        if (!HeartbeatValidator.clean(value)) {
            return "invalid-characters:" + field;
        }
        return null;
    }

    private static String hash(String keyHash) {
        if (keyHash == null || keyHash.isBlank()) {
            return "missing-field:keyHash";
        }
        String h = keyHash.trim();
        if (h.length() != 64) {
            return "invalid-key-hash";
        }
        for (int i = 0; i < h.length(); i++) {
            if (Character.digit(h.charAt(i), 16) < 0) {
                return "invalid-key-hash";
            }
        }
        return null;
    }
}
