package dev.metering.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile variants of a valid JSON request body, for "no input ever makes a 500" tests: each variant
 * replaces ONE string leaf by a string holding NUL, another control character or an unpaired surrogate,
 * or one instant-looking leaf by an instant outside any sane range. Bodies are written by hand with
 * {@code \\uXXXX} escapes, so unpaired surrogates reach the server exactly as an attacker sends them.
 */
public final class HostileBodies {

    public static final List<String> STRINGS = List.of("\u0000", "name\u0000", "\ud800", "x\udfffy", "\u0007bell",
            "end\ud83d", "\u009b");
    public static final List<String> INSTANTS = List.of("-1000000000-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z");
    public static final List<String> DATES = List.of("-999999999-01-01", "+999999999-12-31", "0000-01-01");

    private HostileBodies() {
    }

    /** One hostile variant: which leaf, what value, and the JSON body. */
    public record Variant(String field, String value, String json) {
        @Override
        public String toString() {
            return field + "=" + HostileBodies.json(value);
        }
    }

    /** A string longer than any field allows and than PostgreSQL's btree index entries (about 2.7 kB). */
    public static final String HUGE = "x".repeat(10_000);

    /** One variant per string leaf of {@code body}, that leaf replaced by {@link #HUGE}. */
    public static List<Variant> huge(Map<String, Object> body) {
        List<Variant> out = new ArrayList<>();
        for (Variant v : of(body)) {
            if (v.value().equals(STRINGS.get(0))) {
                String path = v.field();
                if (!path.endsWith("]")) {
                    out.add(new Variant(path, "x*10000", json(replace(body, path, HUGE))));
                }
            }
        }
        return out;
    }

    /** Every variant of {@code body} (nested maps and lists of maps are walked). */
    public static List<Variant> of(Map<String, Object> body) {
        List<Variant> out = new ArrayList<>();
        walk(body, "", body, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Map<String, Object> root, String prefix, Map<String, Object> node, List<Variant> out) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                walk(root, path + ".", (Map<String, Object>) m, out);
            } else if (v instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof String) {
                        for (String hostile : STRINGS) {
                            List<Object> copy = new ArrayList<>(list);
                            copy.set(i, hostile);
                            out.add(new Variant(path + "[" + i + "]", hostile, json(replace(root, path, copy))));
                        }
                    }
                }
            } else if (v instanceof String s) {
                List<String> values = new ArrayList<>(STRINGS);
                if (s.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
                    values.addAll(INSTANTS);
                } else if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    values.addAll(DATES);
                }
                for (String hostile : values) {
                    out.add(new Variant(path, hostile, json(replace(root, path, hostile))));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replace(Map<String, Object> node, String path, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(node);
        int dot = path.indexOf('.');
        if (dot < 0) {
            copy.put(path, value);
        } else {
            String head = path.substring(0, dot);
            copy.put(head, replace((Map<String, Object>) node.get(head), path.substring(dot + 1), value));
        }
        return copy;
    }

    /** JSON with every non-printable-ASCII character escaped as {@code \\uXXXX}. */
    public static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, val) -> b.append(b.length() > 1 ? "," : "").append(json(String.valueOf(k))).append(':')
                    .append(json(val)));
            return b.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            l.forEach(val -> b.append(b.length() > 1 ? "," : "").append(json(val)));
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
