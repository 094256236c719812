package dev.metering.contracts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who caused an event and from which request: carried beside every stored event and, on Kafka, as
 * CloudEvents extension attributes (binary mode: {@code ce_actor}, {@code ce_actorrole},
 * {@code ce_correlationid}, {@code ce_causationid}; names are lowercase alphanumeric as the
 * CloudEvents spec requires).
 *
 * @param actor the token subject of the caller, or {@code system:<service>} for the service's own work
 * @param actorRole the role the actor acted in: {@code operator}, {@code distributor}, {@code partner} or {@code system}
 * @param correlationId the id shared by everything one request (or one chain of reactions) caused
 * @param causationId the id of what directly caused the event: the HTTP request's id, or the id of the
 *        consumed event a service reacted to
 */
public record Audit(String actor, String actorRole, String correlationId, String causationId) {

    public static final String ACTOR = "actor";
    public static final String ACTOR_ROLE = "actorrole";
    public static final String CORRELATION_ID = "correlationid";
    public static final String CAUSATION_ID = "causationid";

    /** The extension attributes (only the non-null ones), in a stable order. */
    public Map<String, String> extensions() {
        Map<String, String> out = new LinkedHashMap<>();
        putIfPresent(out, ACTOR, actor);
        putIfPresent(out, ACTOR_ROLE, actorRole);
        putIfPresent(out, CORRELATION_ID, correlationId);
        putIfPresent(out, CAUSATION_ID, causationId);
        return out;
    }

    /** The audit attributes of an envelope, or null when it carries none. */
    public static Audit of(CloudEvent envelope) {
        Map<String, String> x = envelope.extensions();
        if (x.get(ACTOR) == null && x.get(ACTOR_ROLE) == null && x.get(CORRELATION_ID) == null
                && x.get(CAUSATION_ID) == null) {
            return null;
        }
        return new Audit(x.get(ACTOR), x.get(ACTOR_ROLE), x.get(CORRELATION_ID), x.get(CAUSATION_ID));
    }

    private static void putIfPresent(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
