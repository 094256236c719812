-- One database per service (ARCHITECTURE.md: no service reads another's tables).
CREATE DATABASE ingest;
CREATE DATABASE customers;
CREATE DATABASE licenses;
CREATE DATABASE billing;
CREATE DATABASE psa;
