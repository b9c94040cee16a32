#!/usr/bin/env bash
# A local AWS (moto's server, from PyPI) on 127.0.0.1 for the awskms seal tests.
#
#   scripts/moto.sh start DIR   installs moto[server] if missing, starts moto_server on a free port;
#                               writes DIR/port, DIR/pid and DIR/endpoint, prints the endpoint URL.
#                               Its log is DIR/moto.log. State (KMS keys) lives in the process.
#   scripts/moto.sh stop DIR    stops it (idempotent).
#
# Credentials and region are not checked by moto; tests use "testing" / us-east-1.
set -euo pipefail

cmd="${1:?usage: $0 start|stop DIR}"
dir="${2:?usage: $0 start|stop DIR}"

case "$cmd" in
  start)
    mkdir -p "$dir"
    if ! python3 -c 'import moto.server, boto3, flask' 2>/dev/null; then
      echo "==> installing moto[server] from PyPI" >&2
      python3 -m pip install -q 'moto[server]' >&2
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    # setsid: its own process group, so a test's SIGSTOP/SIGCONT reaches only moto.
    setsid python3 -m moto.server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$dir/pid"
    echo "$port" > "$dir/port"
    endpoint="http://127.0.0.1:$port"
    echo "$endpoint" > "$dir/endpoint"
    for _ in $(seq 1 200); do
      if curl -sf -o /dev/null "$endpoint/moto-api/"; then
        echo "$endpoint"
        exit 0
      fi
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "moto_server exited; log:" >&2
        cat "$dir/moto.log" >&2
        exit 1
      fi
      sleep 0.1
    done
    echo "moto_server did not answer on $endpoint within 20 s; log:" >&2
    cat "$dir/moto.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      pid="$(cat "$dir/pid")"
      kill -CONT "$pid" 2>/dev/null || true
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
