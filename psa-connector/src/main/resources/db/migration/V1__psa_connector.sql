-- psa-connector's own database.

-- Customers learnt from customers.events: partner scoping and names for mapping suggestions.
create table customers (
    customer_id  text        primary key,
    partner_id   text        not null,
    partner_since timestamptz not null,
    name         text        not null,
    billing_type text        not null,
    updated_at   timestamptz not null default now()
);
create index customers_partner on customers (partner_id, customer_id);

-- One PSA connection per partner. Keys are AES-GCM ciphertexts (never returned, never logged).
create table psa_connections (
    partner_id            text        primary key,
    kind                  text        not null,
    site                  text        not null,
    company_id            text        not null,
    client_id             text        not null,
    public_key_enc        text        not null,
    private_key_enc       text        not null,
    catalog_subcategory_id integer,
    catalog_type_id       integer,
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);

-- Customer <-> PSA company and agreement, confirmed by the partner.
create table customer_mappings (
    customer_id     text        primary key,
    partner_id      text        not null,
    psa_company_id  bigint      not null,
    psa_company_name text,
    psa_agreement_id bigint     not null,
    confirmed_by    text        not null,
    confirmed_at    timestamptz not null default now()
);
create index customer_mappings_partner on customer_mappings (partner_id);

-- Product <-> PSA catalog item, per partner (created on the first sync when missing).
create table product_mappings (
    partner_id      text        not null,
    product         text        not null,
    catalog_item_id bigint      not null,
    identifier      text        not null,
    created_on_psa  boolean     not null,
    mapped_at       timestamptz not null default now(),
    primary key (partner_id, product)
);

-- Invoiced quantities per partner, period, customer and product: invoice lines, adjustments applied.
create table billing_documents (
    document_id  text        primary key,
    kind         text        not null,
    partner_id   text        not null,
    distributor_id text      not null,
    period       text        not null,
    received_at  timestamptz not null default now()
);
create table invoiced_quantities (
    partner_id    text        not null,
    period        text        not null,
    customer_id   text        not null,
    product       text        not null,
    customer_name text,
    sku           text        not null,
    unit_price    numeric     not null,
    quantity      bigint      not null,
    primary key (partner_id, period, customer_id, product)
);

-- What a sync last wrote to the PSA per customer, period and product (reconciliation's "synced" column).
create table synced_quantities (
    partner_id    text        not null,
    period        text        not null,
    customer_id   text        not null,
    product       text        not null,
    agreement_id  bigint      not null,
    addition_id   bigint      not null,
    quantity      bigint      not null,
    synced_at     timestamptz not null default now(),
    primary key (partner_id, period, customer_id, product)
);

-- The last sync of each customer, with the PSA's own error text when it failed.
create table sync_status (
    customer_id   text        primary key,
    partner_id    text        not null,
    period        text,
    status        text        not null,
    created       integer     not null default 0,
    updated       integer     not null default 0,
    unchanged     integer     not null default 0,
    error         text,
    attempted_at  timestamptz not null default now()
);
create index sync_status_partner on sync_status (partner_id);

-- Webhook endpoints of partners and distributors; the signing secret is an AES-GCM ciphertext.
create table webhook_endpoints (
    id          uuid        primary key,
    owner_kind  text        not null,
    owner_id    text        not null,
    url         text        not null,
    event_types text[]      not null,
    secret_enc  text        not null,
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now()
);
create index webhook_endpoints_owner on webhook_endpoints (owner_kind, owner_id);

-- One delivery per endpoint and event (the event's own id): a redelivered Kafka record never sends twice.
create table webhook_deliveries (
    id              text        primary key,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    event_key       text        not null,
    event_type      text        not null,
    payload         text        not null,
    status          text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    last_status_code integer,
    last_error      text,
    created_at      timestamptz not null default now(),
    -- start of the retry window (max-age); a replay starts a new one
    retry_from      timestamptz not null default now(),
    delivered_at    timestamptz,
    unique (endpoint_id, event_key)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';

-- Every attempt: the delivery log per endpoint.
create table webhook_attempts (
    id           bigserial   primary key,
    delivery_id  text        not null references webhook_deliveries (id) on delete cascade,
    attempt      integer     not null,
    attempted_at timestamptz not null default now(),
    status_code  integer,
    error        text,
    duration_ms  bigint      not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt);

-- Records this service could not use, with the reason; they never block good records.
create table dead_letters (
    id            bigserial   primary key,
    topic         text        not null,
    partition     integer     not null,
    record_offset bigint      not null,
    record_key    text,
    reason        text        not null,
    detail        text        not null,
    payload       text,
    received_at   timestamptz not null default now()
);
