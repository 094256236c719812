-- Audit trail (issue 14, finding 5): who caused each event and from which request. Identical in
-- customer-service and license-service (like V1__event_store.sql). Null for events stored before it.
--   actor           the token subject, or system:<service> for the service's own work
--   actor_role      operator, distributor, partner or system
--   correlation_id  X-Correlation-ID of the request (or generated), shared by all its consequences
--   causation_id    the request's id, or the id of the consumed event the service reacted to
alter table events
    add column actor          text,
    add column actor_role     text,
    add column correlation_id text,
    add column causation_id   text;
create index events_correlation on events (correlation_id) where correlation_id is not null;

-- The outbox row keeps the same values as columns (the payload carries them as CloudEvents extensions).
alter table outbox
    add column actor          text,
    add column actor_role     text,
    add column correlation_id text,
    add column causation_id   text;
