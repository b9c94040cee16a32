#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for tests and developers, from Debian's packages.
#
#   scripts/postgres.sh start DIR [--tls]
#                                   installs postgresql if missing, initdb in DIR, starts it on a free
#                                   port; writes DIR/env (PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE)
#                                   and prints it. The superuser is "arca_root" with a random password;
#                                   password authentication uses scram-sha-256. With --tls the server
#                                   also offers TLS with a certificate for localhost and 127.0.0.1,
#                                   signed by a throwaway CA made here: DIR/ca.crt, named in the env
#                                   as PG_TLS_CA (plain connections stay allowed). It listens on
#                                   127.0.0.2 too, an address the certificate does not name.
#   scripts/postgres.sh stop DIR    stops it (fast shutdown) and deletes the cluster.
#   scripts/postgres.sh kill DIR    stops it at once (immediate shutdown), as a crash would.
#   scripts/postgres.sh restart DIR starts a stopped server again on the same port.
#
# PostgreSQL refuses to run as root; as root the server runs as the "postgres" system user.
set -euo pipefail

cmd="${1:?usage: $0 start|stop|kill|restart DIR}"
dir="${2:?usage: $0 start|stop|kill|restart DIR}"
tls="${3:-}"

bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    echo "==> installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq postgresql >&2
    d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$d"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

BIN="$(bindir)"
# The cluster lives in a directory the postgres user can reach (a caller's temp dir is often
# private to root); DIR/cluster points at it.
cluster() { cat "$dir/cluster"; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    real="$(mktemp -d /tmp/arca-pg.XXXXXX)"
    chmod 755 "$real"
    if [ "$(id -u)" = 0 ]; then chown postgres "$real"; fi
    echo "$real" > "$dir/cluster"
    data="$real/data"
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
    port="$(free_port)"
    pwfile="$real/.pw"
    printf '%s\n' "$password" > "$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
    as_owner "$BIN/initdb" -D "$data" -U arca_root --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 >"$real/initdb.log" 2>&1
    rm -f "$pwfile"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$real'
fsync = off
max_connections = 200
CONF
    if [ "$tls" = "--tls" ]; then
      # A CA and a server certificate for this run only; the private keys stay in the cluster dir.
      openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=arca test CA" \
        -keyout "$real/ca.key" -out "$real/ca.crt" >/dev/null 2>&1
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$data/server.key" -out "$real/server.csr" >/dev/null 2>&1
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$real/server.ext"
      openssl x509 -req -in "$real/server.csr" -CA "$real/ca.crt" -CAkey "$real/ca.key" -CAcreateserial -days 2 \
        -extfile "$real/server.ext" -out "$data/server.crt" >/dev/null 2>&1
      chmod 600 "$data/server.key" "$real/ca.key"
      if [ "$(id -u)" = 0 ]; then chown postgres "$data/server.key" "$data/server.crt"; fi
      cp "$real/ca.crt" "$dir/ca.crt"
      printf "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n" >> "$data/postgresql.conf"
      printf "listen_addresses = '127.0.0.1,127.0.0.2'\n" >> "$data/postgresql.conf"
      printf "host all all 127.0.0.2/32 scram-sha-256\n" >> "$data/pg_hba.conf"
    fi
    as_owner "$BIN/pg_ctl" -D "$data" -l "$real/server.log" -w -t 60 start >/dev/null
    cat > "$dir/env" <<ENV
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=arca_root
PGPASSWORD=$password
PGDATABASE=postgres
ENV
    if [ "$tls" = "--tls" ]; then echo "PG_TLS_CA=$dir/ca.crt" >> "$dir/env"; fi
    cat "$dir/env"
    ;;
  restart)
    as_owner "$BIN/pg_ctl" -D "$(cluster)/data" -l "$(cluster)/server.log" -w -t 60 start >/dev/null
    ;;
  stop)
    if [ -f "$dir/cluster" ]; then
      as_owner "$BIN/pg_ctl" -D "$(cluster)/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$(cluster)"
    fi
    ;;
  kill)
    [ -f "$dir/cluster" ] && as_owner "$BIN/pg_ctl" -D "$(cluster)/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
