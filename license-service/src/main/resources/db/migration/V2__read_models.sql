-- Read models of license-service. customers is fed by customers.events (consumer); the others are
-- projections written in the same transaction as the events they reflect.

-- What this service knows about customers (customer-service owns them): partner scoping and R4 billing type.
create table customers (
    customer_id               text        primary key,
    partner_id                text        not null,
    -- effective instant of the partner assignment (creation or the last migration, R8)
    partner_since             timestamptz not null,
    name                      text,
    billing_type              text        not null,
    billing_type_effective_at timestamptz not null,
    updated_at                timestamptz not null default now()
);
create index customers_partner on customers (partner_id, customer_id);

-- Term licences and trials (R10-R12). license_id is the licence key's identifier and is unique across
-- ALL customers: a key issued to one customer can never be issued to (moved to) another (R11).
create table licences (
    license_id    text        primary key,
    id            uuid        not null unique,
    customer_id   text        not null,
    sku           text        not null,
    product       text        not null,
    quantity      integer     not null,
    start_date    date        not null,
    end_date      date        not null,
    expires_at    timestamptz not null,
    owner         text        not null,
    trial         boolean     not null,
    issued_at     timestamptz not null,
    ended_at      timestamptz,
    ended_reason  text
);
create index licences_customer on licences (customer_id, license_id);

-- R13, R15: firewalls registered for Flex billing; a serial belongs to one customer at a time.
create table firewalls (
    serial_number text        primary key,
    customer_id   text        not null,
    subscription  text        not null,
    registered_at timestamptz not null
);
create index firewalls_customer on firewalls (customer_id);

-- When a customer's licence stream next needs the scheduler (trial expiry, term expiry, scheduled
-- conversion): the scheduler only looks at rows that are due.
create table licence_due (
    customer_id text        primary key,
    due_at      timestamptz not null
);
create index licence_due_at on licence_due (due_at);

-- Records of customers.events this service could not use, with the reason; they never block good records.
create table dead_letters (
    id           bigserial   primary key,
    topic        text        not null,
    partition    integer     not null,
    record_offset bigint     not null,
    record_key   text,
    reason       text        not null,
    detail       text        not null,
    payload      text,
    received_at  timestamptz not null default now()
);
