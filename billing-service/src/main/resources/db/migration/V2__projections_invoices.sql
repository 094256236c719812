-- Active-unit projection: one compact binary snapshot per customer (CustomerUnits.writeTo), rewritten
-- for every customer a consumed batch touched, in the same transaction as the batch's offsets.
create table customer_units (
    customer_id text        primary key,
    snapshot    bytea       not null,
    updated_at  timestamptz not null default now()
);

-- Customer, partner and licence events billing folds into its billing state (replayed at start-up).
-- The CloudEvent id is the idempotency key.
create table billing_facts (
    event_id    text        primary key,
    topic       text        not null,
    event_type  text        not null,
    subject     text,
    data        jsonb       not null,
    stored_at   timestamptz not null default now()
);

-- Next offset to read per topic partition, written in the transaction of the batch it follows
-- (the source of truth on restart; Kafka's committed offsets are only informational).
create table consumer_offsets (
    topic       text   not null,
    partition   int    not null,
    next_offset bigint not null,
    primary key (topic, partition)
);

-- Records that could not be folded, with the reason; they never block the partition.
create table dead_letters (
    id           bigserial   primary key,
    topic        text        not null,
    partition    int         not null,
    kafka_offset bigint      not null,
    record_key   text,
    reason       text        not null,
    detail       text,
    headers      jsonb,
    payload      bytea,
    created_at   timestamptz not null default now(),
    unique (topic, partition, kafka_offset)
);

-- Periods closed (R22): the snapshot instant and what could not be invoiced.
create table period_closes (
    period     text        primary key,
    closed_at  timestamptz not null,
    run_at     timestamptz not null,
    problems   jsonb       not null default '[]'
);

-- R25/R28: issued invoices, immutable. The primary key is derived from (partner, period), so a repeated
-- or concurrent close can never issue a second one. published_at null = still in the outbox.
create table invoices (
    invoice_id     text          primary key,
    partner_id     text          not null,
    distributor_id text          not null,
    period         text          not null,
    closed_at      timestamptz   not null,
    currency       char(3)       not null,
    total_amount   numeric(14,2) not null,
    event_id       text          not null unique,
    document       jsonb         not null,
    issued_at      timestamptz   not null,
    published_at   timestamptz,
    unique (partner_id, period)
);
create index invoices_distributor on invoices (distributor_id, period);
create index invoices_unpublished on invoices (issued_at) where published_at is null;

-- R26: the unit ids every invoice line counted.
create table invoice_evidence (
    invoice_id text   not null references invoices (invoice_id),
    line_no    int    not null,
    customer_id text  not null,
    product    text   not null,
    sku        text   not null,
    unit_ids   text[] not null,
    primary key (invoice_id, line_no)
);

-- R28: adjustments to issued invoices (delta lines), numbered per invoice.
create table adjustments (
    adjustment_id text        primary key,
    invoice_id    text        not null references invoices (invoice_id),
    sequence      int         not null,
    event_id      text        not null unique,
    document      jsonb       not null,
    evidence      jsonb       not null,
    issued_at     timestamptz not null,
    published_at  timestamptz,
    unique (invoice_id, sequence)
);
create index adjustments_unpublished on adjustments (issued_at) where published_at is null;
