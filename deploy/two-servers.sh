#!/usr/bin/env bash
# Starts two `careweave serve` processes on one PostgreSQL behind HAProxy (deploy/haproxy.cfg),
# writes their pids to $CW_RUN_DIR, and waits until the balancer answers /healthz.
#
#   DATABASE_URL=postgres://… CAREWEAVE_KEY_DIR=/path/keys deploy/two-servers.sh [start|stop]
#
# Env: CW_LB_PORT (8080), CW_PORT_A (8081), CW_PORT_B (8082), CW_RUN_DIR (/tmp/careweave-deploy).
# Both servers must share the signing key (CAREWEAVE_KEY_DIR), or a token one mints the other rejects.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="$here/../packages/cli/bin/careweave.js"
export CW_LB_PORT="${CW_LB_PORT:-8080}" CW_PORT_A="${CW_PORT_A:-8081}" CW_PORT_B="${CW_PORT_B:-8082}"
run="${CW_RUN_DIR:-/tmp/careweave-deploy}"
mkdir -p "$run"

stop() {
  for name in haproxy a b; do
    if [ -f "$run/$name.pid" ]; then
      kill "$(cat "$run/$name.pid")" 2>/dev/null || true
      rm -f "$run/$name.pid"
    fi
  done
}

if [ "${1:-start}" = stop ]; then
  stop
  exit 0
fi

: "${DATABASE_URL:?set DATABASE_URL: both servers must share one PostgreSQL}"
: "${CAREWEAVE_KEY_DIR:?set CAREWEAVE_KEY_DIR: both servers must share one signing key}"
node "$cli" migrate
for name in a b; do
  port_var="CW_PORT_${name^^}"
  node "$cli" serve --port "${!port_var}" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
done
haproxy -f "$here/haproxy.cfg" >"$run/haproxy.log" 2>&1 &
echo $! >"$run/haproxy.pid"
for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$CW_LB_PORT/healthz" >/dev/null 2>&1; then
    echo "careweave behind haproxy: http://127.0.0.1:$CW_LB_PORT (servers :$CW_PORT_A, :$CW_PORT_B; pids in $run)"
    exit 0
  fi
  sleep 1
done
echo "the servers did not become healthy; logs in $run" >&2
stop
exit 1
