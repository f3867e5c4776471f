#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL cluster for the store tests, creates role
# `clearledger` (password `clearledger`) and database `clearledger_test` owned by it, then prints the
# DATABASE_URL to use. Idempotent: safe to run again on a machine where everything already exists.
#
# Usage (CI or a developer machine, Debian/Ubuntu):
#   eval "$(scripts/start-postgres.sh)"
#   npm test -- packages/store
#
# Progress goes to stderr; stdout carries only the `export DATABASE_URL=...` line, so `eval` works.
set -euo pipefail

ROLE=clearledger
PASSWORD=clearledger
DATABASE=clearledger_test
PORT=5432

log() { printf 'start-postgres: %s\n' "$*" >&2; }

# Root runs commands directly; anyone else goes through sudo.
if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
else
  as_root() { sudo "$@"; }
fi

as_postgres() {
  if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    as_root su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

latest_version() {
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(latest_version)" ]; then
  log 'PostgreSQL is not installed; installing it with apt-get'
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION="$(latest_version)"
if [ -z "$VERSION" ]; then
  log 'no cluster found under /etc/postgresql after installing; giving up'
  exit 1
fi

# pg_ctlcluster status: 0 running, 3 stopped (anything else: report and try to start anyway).
if as_root pg_ctlcluster "$VERSION" main status >/dev/null 2>&1; then
  log "cluster $VERSION/main is already running"
else
  log "starting cluster $VERSION/main"
  as_root pg_ctlcluster "$VERSION" main start >&2
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    break
  fi
  sleep 1
done
if ! pg_isready -q -h 127.0.0.1 -p "$PORT"; then
  log "PostgreSQL is not accepting connections on 127.0.0.1:$PORT; see /var/log/postgresql/"
  exit 1
fi

psql_admin() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"
}

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" = '1' ]; then
  log "role $ROLE exists; resetting its password"
  psql_admin -c "ALTER ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" >&2
else
  log "creating role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" >&2
fi

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" = '1' ]; then
  log "database $DATABASE exists"
else
  log "creating database $DATABASE owned by $ROLE"
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
fi

echo "export DATABASE_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
