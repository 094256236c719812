package dev.metering.contracts;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Builds a fully populated instance of any contract record, so every field takes part in round trips. */
final class SampleEvents {

    private SampleEvents() {
    }

    static Object sample(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getName(), components[i].getGenericType());
        }
        try {
            Constructor<?> ctor = record.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(String name, Type type) {
        if (type instanceof ParameterizedType p) {
            Object element = value(name, p.getActualTypeArguments()[0]);
            return p.getRawType() == Set.class ? Set.of(element) : List.of(element);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return name + "-\u00e9\u4e2d-1";
        }
        if (c == Instant.class) {
            return Instant.parse("2026-10-31T23:59:59.123Z");
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
            return sample(c);
        }
        throw new IllegalStateException("no sample for " + c);
    }
}
