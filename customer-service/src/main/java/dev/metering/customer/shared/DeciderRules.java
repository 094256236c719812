package dev.metering.customer.shared;

import dev.metering.platform.error.DomainException;
import dev.metering.platform.error.DomainException.Kind;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks the customer and the partner deciders make alike, as pure functions: one place for the
 * rules of a name and for "a command other than the creation needs an existing aggregate".
 */
public final class DeciderRules {

    /** Longest name (and show-as name) of a partner or customer. */
    public static final int MAX_NAME = 200;
    private static final Pattern TWO_LETTERS = Pattern.compile("[A-Z]{2}");

    private DeciderRules() {
    }

    /** The state as {@code existing}, or a 404 {@code not-found} naming {@code what} ("customer", "partner"). */
    public static <S> S existing(Object state, Class<S> existing, String what) {
        if (!existing.isInstance(state)) {
            throw new DomainException(Kind.NOT_FOUND, "not-found", what + " not found");
        }
        return existing.cast(state);
    }

    /** The trimmed name; 400 {@code name-required} when blank, {@code name-too-long} beyond {@link #MAX_NAME}. */
    public static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new DomainException(Kind.INVALID, "name-required", "name must not be blank");
        }
        if (name.length() > MAX_NAME) {
            throw new DomainException(Kind.INVALID, "name-too-long", "name must be at most " + MAX_NAME
                    + " characters");
        }
        return name.trim();
    }

    /** A creation's precondition: 409 {@code code} with {@code message} when the aggregate already exists. */
    public static void absent(Object state, Class<?> existing, String code, String message) {
        if (existing.isInstance(state)) {
            throw new DomainException(Kind.CONFLICT, code, message);
        }
    }

    /**
     * The trimmed, upper-cased two-letter code (a country, a data geography); 400 {@code code} with
     * {@code message} followed by the value as given otherwise.
     */
    public static String twoLetterCode(String value, String code, String message) {
        String normalised = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!TWO_LETTERS.matcher(normalised).matches()) {
            throw new DomainException(Kind.INVALID, code, message + value);
        }
        return normalised;
    }
}
