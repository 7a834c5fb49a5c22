#!/usr/bin/env bash
# Starts (once) a throw-away PostgreSQL server for the multi-node persistence tests, on 127.0.0.1
# only, and prints its Npgsql connection string. Idempotent: a running server is reused.
set -euo pipefail
port="${SAM3R_TEST_PG_PORT:-55432}"
dir="${SAM3R_TEST_PG_DIR:-/tmp/sam3r-pg-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh" --tests >&2
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null
fi
# The PostGIS output tests log in as sam3r_password_user with a password (every other role is trusted):
# prepended because the first matching pg_hba.conf line decides; added to an older server on its next use.
if ! grep -q sam3r_password_user "$dir/pg_hba.conf"; then
  as_pg sed -i '1i host all sam3r_password_user 127.0.0.1/32 scram-sha-256' "$dir/pg_hba.conf"
  as_pg "$bin/pg_ctl" -D "$dir" reload >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
