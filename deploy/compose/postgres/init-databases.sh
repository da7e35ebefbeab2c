#!/usr/bin/env bash
# Runs once, when the PostgreSQL 17 container initialises an empty data directory: one login
# role and one database per stateful service, the role owning its database (so the service's
# migrations may create its tables and schemas) and nothing else. A service cannot connect to
# another's database: CONNECT is taken from PUBLIC. Passwords come from the container's
# environment (deploy/compose/env/postgres.env), never from this file.
set -euo pipefail

create() { # <role> <database> <password>
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$1" -v db="$2" -v password="$3" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
}

create registration toevlucht_registration "$REGISTRATION_DB_PASSWORD"
create housing toevlucht_housing "$HOUSING_DB_PASSWORD"
create subsidy toevlucht_subsidy "$SUBSIDY_DB_PASSWORD"
create orafin_adapter toevlucht_orafin_adapter "$ORAFIN_ADAPTER_DB_PASSWORD"
