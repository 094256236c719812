package dev.metering.contracts;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A flat description of every event's JSON fields ({@code type name -> field path -> JSON kind}),
 * published as {@code metering-event-schemas.json} and checked against the committed snapshot so that a
 * renamed or removed field, or a changed kind, fails the build.
 */
public final class EventSchemas {

    private EventSchemas() {
    }

    public static Map<String, Map<String, String>> current() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        EventTypes.all().forEach((name, type) -> {
            Map<String, String> fields = new TreeMap<>();
            describe("", type, fields);
            out.put(name, fields);
        });
        return out;
    }

    private static void describe(String prefix, Class<?> record, Map<String, String> fields) {
        for (RecordComponent c : record.getRecordComponents()) {
            describeType(prefix + c.getName(), c.getGenericType(), fields);
        }
    }

    private static void describeType(String path, Type type, Map<String, String> fields) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            fields.put(path, "array");
            describeType(path + "[]", p.getActualTypeArguments()[0], fields);
            return;
        }
        Class<?> c = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        if (c.isRecord()) {
            fields.put(path, "object");
            describe(path + ".", c, fields);
        } else if (c.isEnum()) {
            fields.put(path, "enum:" + Arrays.stream(c.getEnumConstants()).map(Object::toString)
                    .sorted().collect(Collectors.joining(",")));
        } else {
            fields.put(path, kind(c));
        }
    }

    private static String kind(Class<?> c) {
        if (c == String.class) {
            return "string";
        }
        if (c == Instant.class) {
            return "string:instant";
        }
        if (c == LocalDate.class) {
            return "string:date";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
            return "integer";
        }
        if (c == BigDecimal.class || c == double.class) {
            return "number";
        }
        throw new IllegalStateException("no JSON kind for " + c.getName() + ": add it to EventSchemas");
    }
}
