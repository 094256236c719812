package dev.metering.contracts;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Builds a fully populated instance of any contract record, so every field takes part in round trips. Each
 * component gets a value of its own (strings and instants derive from the component's name), so a codec that
 * drops a field, or swaps two of the same type, produces a different event. Shared with the services' tests
 * through this module's test jar: it is the one source of the wire shape a hand-written codec is checked
 * against.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    /** Every component set; strings hold non-ASCII characters (the escaping and UTF-8 paths of a codec). */
    public static <T> T sample(Class<T> record) {
        return build(record, false);
    }

    /** Every component set; strings are printable ASCII without quotes or backslashes (a codec's plain path). */
    public static <T> T plainSample(Class<T> record) {
        return build(record, true);
    }

    /** The record's component names in declaration order: the JSON field names of its wire shape. */
    public static List<String> fieldNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static <T> T build(Class<T> record, boolean plain) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getName(), components[i].getGenericType(), plain);
        }
        try {
            Constructor<T> ctor = record.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(String name, Type type, boolean plain) {
        if (type instanceof ParameterizedType p) {
            Object element = value(name, p.getActualTypeArguments()[0], plain);
            return p.getRawType() == Set.class ? Set.of(element) : List.of(element);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return plain ? name + "-1" : name + "-\u00e9\u4e2d-1";
        }
        if (c == Instant.class) {
            // one instant per component name, so two instants of a record never coincide
            return Instant.parse("2026-10-31T23:59:59.123Z").plusSeconds(Math.floorMod(name.hashCode(), 86_400));
        }
        if (c == LocalDate.class) {
            return LocalDate.parse("2026-11-01");
        }
        if (c == boolean.class) {
            return true;
        }
        if (c == int.class) {
            return 7;
        }
        if (c == long.class) {
            return 1_000_000_007L;
        }
        if (c == BigDecimal.class) {
            return new BigDecimal("12.3450");
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (c.isRecord()) {
            return build(c, plain);
        }
        throw new IllegalStateException("no sample for " + c);
    }
}
