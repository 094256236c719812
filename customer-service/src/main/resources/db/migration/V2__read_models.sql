-- Read models (projections), written in the same transaction as the events they reflect.
-- "version" is the stream version a row reflects: an upsert never moves a row backwards.

create table partner_view (
    partner_id     text        primary key,
    name           text        not null,
    tier           text        not null,
    distributor_id text        not null,
    country        text        not null,
    version        integer     not null,
    updated_at     timestamptz not null default now()
);
create index partner_view_distributor on partner_view (distributor_id);

create table customer_view (
    customer_id        text        primary key,
    partner_id         text        not null,
    name               text        not null,
    show_as            text        not null,
    data_geography     text        not null,
    billing_type       text        not null,
    partner_assistance boolean     not null,
    contact            jsonb,
    -- the open migration request (R8), if any: {migrationId, toPartnerId, consents[], requestedAt}
    migration          jsonb,
    version            integer     not null,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
-- listing a partner's customers by name (and the case-insensitive substring search within them)
create index customer_view_partner_name on customer_view (partner_id, lower(name), customer_id);
