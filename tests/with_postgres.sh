#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (Debian's packages; installed when missing and we
# may), so that the athletes tests also run in department mode. Without a server the command still
# runs, and the PostgreSQL tests say why they skip.
set -uo pipefail
PORT=${MATCHDESK_PG_PORT:-55432}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -q postgresql >/dev/null 2>&1 || echo "with_postgres: could not install postgresql" >&2
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ]; then
  echo "with_postgres: no PostgreSQL server here; its tests will skip" >&2
  exec "$@"
fi
DATA=$(mktemp -d /tmp/matchdesk-pg.XXXXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
as_postgres "$BIN/initdb -D $DATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
if as_postgres "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o \"-p $PORT -k $DATA -c listen_addresses=127.0.0.1\" start" >/dev/null; then
  export MATCHDESK_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
else
  echo "with_postgres: the server did not start ($DATA/server.log); its tests will skip" >&2
fi
"$@"
status=$?
as_postgres "$BIN/pg_ctl -D $DATA -m fast stop" >/dev/null 2>&1
rm -rf "$DATA"
exit $status
