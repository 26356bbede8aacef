#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on 127.0.0.1, in the given folder.
#   scripts/postgres.sh start DIR   prints the SQLAlchemy URL on stdout
#   scripts/postgres.sh stop DIR
set -euo pipefail
cmd=$1 dir=$2
# A free port unless one is asked for: a server left over from another run must not clash.
port=${INTAKE_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed" >&2; exit 1; }

as_owner() {
  # PostgreSQL refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U intake --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null; then
      tail -n 20 "$dir/log" >&2
      exit 1
    fi
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U intake intake_test
    echo "postgresql+psycopg://intake@127.0.0.1:$port/intake_test"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
