package dev.metering.platform.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.platform.audit.TextValues;
import java.util.Iterator;
import java.util.Map;

/**
 * What a consumed event may hold (#14): the same text rule as the HTTP door ({@link TextValues}: no NUL, no other
 * control characters than tab and line breaks, no lone surrogates) for every string of its data, member names
 * included, and ids (a member named {@code id} or ending in {@code Id}) of at most {@value #MAX_ID_LENGTH}
 * characters, far below PostgreSQL's index limit. A consumer dead-letters an event that breaks it instead of
 * handing PostgreSQL a value it refuses (which used to stop consumers or lose the dead letter itself).
 */
public final class ConsumedText {

    /** Ids (customer, partner, device, licence, invoice, ...) longer than this are refused. */
    public static final int MAX_ID_LENGTH = 512;

    private ConsumedText() {
    }

    /** Null when the event's data follows the rule, otherwise what is wrong (naming the member, not the value). */
    public static String problem(JsonNode data) {
        return problem(data, "data");
    }

    private static String problem(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextValues.isClean(node.textValue()) ? null
                    : path + " holds NUL, a control character or a lone surrogate";
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = problem(node.get(i), path + "[" + i + "]");
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String name = member.getKey();
                if (!TextValues.isClean(name)) {
                    return path + " has a member name with NUL, a control character or a lone surrogate";
                }
                JsonNode value = member.getValue();
                if ((name.equals("id") || name.endsWith("Id")) && value.isTextual()
                        && value.textValue().length() > MAX_ID_LENGTH) {
                    return path + "." + name + " is longer than " + MAX_ID_LENGTH + " characters";
                }
                String p = problem(value, path + "." + name);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Null when {@code id} is a storable id, otherwise what is wrong. */
    public static String idProblem(String id) {
        if (id != null && id.length() > MAX_ID_LENGTH) {
            return "is longer than " + MAX_ID_LENGTH + " characters";
        }
        return TextValues.isClean(id) ? null : "holds NUL, a control character or a lone surrogate";
    }

    /**
     * {@code s} with every character PostgreSQL refuses (NUL, lone surrogates) replaced by U+FFFD: for the text of
     * a dead letter (key, detail, payload), which must be storable whatever the record held.
     */
    public static String storable(String s) {
        if (s == null || s.indexOf('\0') < 0 && !hasSurrogate(s)) {
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

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
