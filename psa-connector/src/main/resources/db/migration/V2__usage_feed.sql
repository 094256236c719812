-- billing.usage -> the latest real-time usage per customer and product (+ firewall serials)
create table usage_snapshots (
    customer_id  text primary key,
    partner_id   text not null,
    customer_name text not null,
    snapshot_id  text not null,
    at           timestamptz not null
);
create index usage_snapshots_partner on usage_snapshots(partner_id);

create table usage_quantities (
    customer_id     text not null references usage_snapshots(customer_id) on delete cascade,
    product         text not null,
    quantity        bigint not null,
    serial_numbers  text[] not null default '{}',
    primary key (customer_id, product)
);

-- how a partner's agreements are synced: MONTHLY (the invoiced quantity after each close) or DAILY
create table sync_modes (
    partner_id  text primary key,
    mode        text not null check (mode in ('MONTHLY', 'DAILY')),
    updated_at  timestamptz not null default now()
);

-- usage.threshold subscriptions: customer, product, threshold; reached/crossings drive one delivery per crossing
create table usage_thresholds (
    id           uuid primary key,
    partner_id   text not null,
    customer_id  text not null,
    product      text not null,
    threshold    bigint not null check (threshold > 0),
    reached      boolean not null default false,
    crossings    integer not null default 0,
    created_at   timestamptz not null default now(),
    unique (partner_id, customer_id, product, threshold)
);
create index usage_thresholds_customer on usage_thresholds(customer_id);
