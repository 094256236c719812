-- Append-only event store (ARCHITECTURE.md): state is the fold of a stream's events.
create table events (
    global_position bigserial   primary key,
    event_id        uuid        not null unique,
    stream_id       text        not null,
    stream_type     text        not null,
    version         integer     not null,
    type            text        not null,
    data            jsonb       not null,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null default now(),
    -- optimistic concurrency: two writers of the same version cannot both succeed
    constraint events_stream_version unique (stream_id, version)
);

-- Transactional outbox: written in the same transaction as the events, published to Kafka after.
create table outbox (
    position     bigserial   primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    record_key   text        not null,
    type         text        not null,
    payload      jsonb       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (position) where published_at is null;
