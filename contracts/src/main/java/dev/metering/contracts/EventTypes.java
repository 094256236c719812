package dev.metering.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of versioned event type names, built by walking the sealed {@link MeteringEvent} hierarchy. */
public final class EventTypes {

    private static final Map<String, Class<? extends MeteringEvent>> BY_NAME;
    private static final Map<Class<?>, String> BY_CLASS;

    static {
        Map<String, Class<? extends MeteringEvent>> byName = new LinkedHashMap<>();
        Map<Class<?>, String> byClass = new LinkedHashMap<>();
        for (Class<? extends MeteringEvent> type : MeteringEvent.GROUPS.stream()
                .flatMap(group -> EventTypes.<MeteringEvent>concreteTypes(group).stream()).toList()) {
            EventType annotation = type.getAnnotation(EventType.class);
            if (annotation == null) {
                throw new IllegalStateException(type.getName() + " has no @EventType");
            }
            Class<?> previous = byName.put(annotation.value(), type);
            if (previous != null) {
                throw new IllegalStateException("event type " + annotation.value() + " is used by both "
                        + previous.getName() + " and " + type.getName());
            }
            byClass.put(type, annotation.value());
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private EventTypes() {
    }

    /** The versioned wire name of an event, e.g. {@code metering.customer.v1.created}. */
    public static String typeOf(MeteringEvent event) {
        return typeOf(event.getClass());
    }

    public static String typeOf(Class<?> type) {
        String name = BY_CLASS.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not a registered event class: " + type.getName());
        }
        return name;
    }

    /** The record class for a wire name, or {@code null} when this version of the contracts does not know it. */
    public static Class<? extends MeteringEvent> classOf(String typeName) {
        return BY_NAME.get(typeName);
    }

    public static Map<String, Class<? extends MeteringEvent>> all() {
        return BY_NAME;
    }

    /** Every concrete (record) type below a sealed interface, in declaration order. */
    @SuppressWarnings("unchecked")
    public static <T> List<Class<? extends T>> concreteTypes(Class<? extends T> sealedRoot) {
        List<Class<? extends T>> out = new ArrayList<>();
        collect(sealedRoot, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> void collect(Class<?> type, List<Class<? extends T>> out) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub, out);
            }
        } else if (!type.isInterface()) {
            out.add((Class<? extends T>) type);
        }
    }
}
