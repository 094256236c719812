-- Device ingest keys, as learnt from customers.events (IngestKeyIssued / IngestKeyRevoked).
-- Only the SHA-256 hash of a key is ever stored.
create table ingest_keys (
    key_id      text        primary key,
    customer_id text        not null,
    key_hash    text        not null unique,
    issued_at   timestamptz not null,
    revoked_at  timestamptz
);
create index ingest_keys_customer on ingest_keys (customer_id);
