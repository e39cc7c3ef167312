#!/bin/sh
# One-shot: creates Temporal's two PostgreSQL databases and applies or
# upgrades their schemas (the ones embedded in temporal-sql-tool, so they
# always match the server's version). Safe to run again: an existing database
# is kept, and a schema already at the latest version is left as it is.
#   SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD: the PostgreSQL server
#   SQL_TOOL: the tool's path (default: temporal-sql-tool, as in temporalio/admin-tools)
set -eu
: "${SQL_HOST:?set SQL_HOST}" "${SQL_USER:?set SQL_USER}" "${SQL_PASSWORD:?set SQL_PASSWORD}"
export SQL_HOST SQL_USER SQL_PASSWORD SQL_PORT="${SQL_PORT:-5432}" SQL_PLUGIN=postgres12
tool="${SQL_TOOL:-temporal-sql-tool}"

for pair in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
  db="${pair%%:*}"
  schema="${pair#*:}"
  "$tool" --db "$db" create-database
  "$tool" --db "$db" setup-schema -v 0.0
  "$tool" --db "$db" update-schema --schema-name "$schema"
  echo "schema $schema: up to date in database $db"
done
