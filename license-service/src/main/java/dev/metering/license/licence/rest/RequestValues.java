package dev.metering.license.licence.rest;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.platform.error.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Enum-valued request fields are read as strings and parsed here, so an unknown value answers 400
 * {@code invalid-field} naming the field and the accepted values, in the one error body.
 */
final class RequestValues {

    private RequestValues() {
    }

    static ProductCode product(String field, String value) {
        return value == null ? null : parse(field, value, ProductCode.class);
    }

    static LicenseOwner owner(String field, String value) {
        return value == null ? null : parse(field, value, LicenseOwner.class);
    }

    static List<ProductCode> products(String field, List<String> values) {
        return values == null ? List.of() : values.stream().map(v -> product(field, v)).toList();
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "unknown-value", field + " must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not " + value);
        }
    }
}
