package dev.metering.platform.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.metering.platform.audit.TextValues;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Refuses hostile values in every JSON request body of every service, in one place (the REST layer's
 * ObjectMapper): a string holding NUL, other control characters than tab/CR/LF, or an unpaired
 * surrogate, and an instant or date outside the years 0001–9999, fail deserialisation with a
 * {@link RefusedValue}, which {@link ErrorMappers} answers as 400 {@code invalid-field} naming the field
 * and the reason ({@code invalid-characters}, {@code out-of-range}). Such values used to reach
 * PostgreSQL (NUL is not storable in text/jsonb) or overflow {@code toEpochMilli}, and end as 500.
 */
@Singleton
public class InputGuard implements ObjectMapperCustomizer {

    public static final String INVALID_CHARACTERS = "invalid-characters";
    public static final String OUT_OF_RANGE = "out-of-range";
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** A value of the right type the services refuse; {@code reason} is machine-readable. */
    public static final class RefusedValue extends InvalidFormatException {
        private final String reason;

        RefusedValue(JsonParser p, String message, Object value, Class<?> type, String reason) {
            super(p, message, value, type);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("metering-input-guard");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = desc.getBeanClass();
                return type == String.class || type == Instant.class || type == LocalDate.class
                        || type == OffsetDateTime.class ? new Checked(deserializer) : deserializer;
            }
        });
        mapper.registerModule(module);
    }

    /** Why {@code value} is refused, or null when it is acceptable. */
    public static String refusal(Object value) {
        if (value instanceof String s) {
            return TextValues.isClean(s) ? null : INVALID_CHARACTERS;
        }
        if (value instanceof Instant i) {
            return i.isBefore(EARLIEST) || i.isAfter(LATEST) ? OUT_OF_RANGE : null;
        }
        if (value instanceof OffsetDateTime t) {
            return refusal(t.toInstant());
        }
        if (value instanceof LocalDate d) {
            return d.getYear() < 1 || d.getYear() > 9999 ? OUT_OF_RANGE : null;
        }
        return null;
    }

    static final class Checked extends DelegatingDeserializer {

        Checked(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Checked(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // the raw text first: java.time's deserialisers trim, so "\u0000" would silently become null
            if (p.currentToken() == JsonToken.VALUE_STRING && !TextValues.isClean(p.getText())) {
                throw new RefusedValue(p, "text must not hold NUL, control characters or unpaired surrogates",
                        null, handledType() == null ? Object.class : handledType(), INVALID_CHARACTERS);
            }
            Object value = super.deserialize(p, ctxt);
            String reason = refusal(value);
            if (reason != null) {
                throw new RefusedValue(p, INVALID_CHARACTERS.equals(reason)
                        ? "text must not hold NUL, control characters or unpaired surrogates"
                        : "instants and dates must lie in the years 0001-9999", null, value.getClass(), reason);
            }
            return value;
        }
    }
}
