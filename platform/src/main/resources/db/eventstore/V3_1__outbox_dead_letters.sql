-- Outbox rows Kafka kept refusing (issue #14): after metering.outbox.max-refusals refusals of the same
-- row (a refusal that retrying cannot fix, e.g. a record too large), the relay moves it here and goes on
-- with the next rows. Operators list them at GET /v1/admin/outbox/dead-letters.
create table outbox_dead_letters (
    position         bigint      primary key,
    event_id         uuid        not null,
    topic            text        not null,
    record_key       text        not null,
    type             text        not null,
    payload          jsonb       not null,
    created_at       timestamptz not null,
    refusals         integer     not null,
    last_error       text        not null,
    dead_lettered_at timestamptz not null default now()
);
