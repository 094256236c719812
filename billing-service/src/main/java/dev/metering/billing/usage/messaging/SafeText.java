package dev.metering.billing.usage.messaging;

import dev.metering.platform.kafka.ConsumedText;

/**
 * What PostgreSQL can store of a record's strings: text and jsonb refuse NUL, a lone UTF-16 surrogate has no UTF-8
 * form, and a key longer than an index row allows fails the whole batch. A record holding such a value is a dead
 * letter; the dead letter's own text (key, headers, detail) is made storable with {@link #storable}.
 */
final class SafeText {

    /** Ids (customer, device, user, serial, partner, licence) longer than this are refused. */
    static final int MAX_ID_LENGTH = ConsumedText.MAX_ID_LENGTH;

    private SafeText() {
    }

    /** Null when {@code id} is a storable id, otherwise why not. */
    static String idProblem(String id) {
        return ConsumedText.idProblem(id);
    }

    /** {@code s} with every character PostgreSQL refuses replaced by U+FFFD (for dead letters only). */
    static String storable(String s) {
        return ConsumedText.storable(s);
    }
}
