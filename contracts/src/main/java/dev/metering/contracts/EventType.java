package dev.metering.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The explicit, versioned wire name of an event (CloudEvents {@code type}), e.g.
 * {@code metering.customer.v1.created}. Never derived from a Java class name, so classes can be
 * renamed or moved without breaking consumers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String value();
}
