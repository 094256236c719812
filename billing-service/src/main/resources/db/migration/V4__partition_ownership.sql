-- Billing scales out by partitions of the customer-keyed topics (telemetry.heartbeats, customers.events,
-- licenses.events; equal partition counts, keyed by customer id): every stored customer projection and
-- billing fact names its partition, so an instance loads only the partitions the consumer group assigns it.
-- Rows written before this column existed are filled in at start-up (Kafka's partitioner over the key).
alter table customer_units add column part int;
alter table billing_facts add column part int;
create index customer_units_part on customer_units (part);
create index billing_facts_part on billing_facts (part);
