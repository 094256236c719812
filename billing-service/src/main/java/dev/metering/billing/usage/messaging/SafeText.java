package dev.metering.billing.usage.messaging;

import dev.metering.platform.audit.TextValues;

/**
 * What PostgreSQL can store of a record's strings: text and jsonb refuse NUL, a lone UTF-16 surrogate has no UTF-8
 * form, and a key longer than an index row allows fails the whole batch. A record holding such a value is a dead
 * letter; the dead letter's own text (key, headers, detail) is made storable with {@link #storable}.
 */
final class SafeText {

    /** Ids (customer, device, user, serial, partner, licence) longer than this are refused. */
    static final int MAX_ID_LENGTH = 512;

    private SafeText() {
    }

    /** Null when {@code s} can be stored as it is (the platform's one rule for text), otherwise why not. */
    static String problem(String s) {
        return TextValues.isClean(s) ? null : "holds NUL, a control character or a lone surrogate";
    }

    /** Null when {@code id} is a storable id, otherwise why not. */
    static String idProblem(String id) {
        if (id != null && id.length() > MAX_ID_LENGTH) {
            return "is longer than " + MAX_ID_LENGTH + " characters";
        }
        return problem(id);
    }

    /** {@code s} with every character PostgreSQL refuses replaced by U+FFFD (for dead letters only). */
    static String storable(String s) {
        if (s == null || TextValues.isClean(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
