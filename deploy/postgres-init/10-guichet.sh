#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: Guichet's own
# role and database, next to Temporal's (created by the temporal-schema job).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<EOSQL
CREATE ROLE guichet LOGIN PASSWORD '${GUICHET_DB_PASSWORD}';
CREATE DATABASE guichet OWNER guichet;
EOSQL
