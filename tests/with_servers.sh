#!/usr/bin/env bash
# Runs a command with the real servers the tests need, from Debian's packages (installed when missing
# and we may): a throwaway PostgreSQL server, so that the athletes tests also run in department mode,
# GStreamer's RTSP server, which the capture tests start themselves as an IP camera's server, and
# SoftHSM2 and pdfsig for the report signatures.
# Without them the command still runs, and the tests that need them say why they skip.
set -uo pipefail
# A free port: a server left over from an interrupted run must not make this one skip its tests.
PORT=${MATCHDESK_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_install() {
  apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; } \
    || echo "with_servers: could not install $*" >&2
}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && can_install; then
  apt_install postgresql
fi
if ! /usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0')" >/dev/null 2>&1 && can_install; then
  apt_install python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
    gstreamer1.0-plugins-bad
fi
# SoftHSM2, a PKCS#11 token in software (the report-signing tests start one), and poppler's pdfsig,
# an independent verifier of the signatures.
if ! command -v softhsm2-util >/dev/null && can_install; then
  apt_install softhsm2
fi
if ! command -v pdfsig >/dev/null && can_install; then
  apt_install poppler-utils
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ]; then
  echo "with_servers: no PostgreSQL server here; its tests will skip" >&2
  exec "$@"
fi
DATA=$(mktemp -d /tmp/matchdesk-pg.XXXXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
as_postgres "$BIN/initdb -D $DATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
# The tests' superuser connects without a password; every other login (coaches, medical users) is
# checked by the server with SCRAM, as on the department's server.
printf 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n' \
  >"$DATA/pg_hba.conf"
if as_postgres "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o \"-p $PORT -k $DATA -c listen_addresses=127.0.0.1\" start" >/dev/null; then
  export MATCHDESK_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
else
  echo "with_servers: the PostgreSQL server did not start ($DATA/server.log); its tests will skip" >&2
fi
"$@"
status=$?
as_postgres "$BIN/pg_ctl -D $DATA -m fast stop" >/dev/null 2>&1
rm -rf "$DATA"
exit $status
