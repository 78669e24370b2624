#!/usr/bin/env bash
# Start the local services the tests use, where this machine has them but they are not running.
# PostgreSQL: tests that need it are skipped with a reason only if no server can be started.
set -u
if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
  fi
  for i in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p 5432 && psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='llmgateway_test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE llmgateway_test" || true
else
  echo "services.sh: PostgreSQL client not found; PostgreSQL tests will be skipped" >&2
fi
# redis-server (Debian's package): the fleet tests start their own instances on free ports.
if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
      || echo "services.sh: could not install redis-server; the shared-limit tests will be skipped" >&2
  else
    echo "services.sh: redis-server not found and apt-get unavailable; the shared-limit tests will be skipped" >&2
  fi
fi
# Headless Chromium (Debian's packages; playwright drives /usr/bin/chromium, nothing downloads a
# browser) for the UI's browser tests and the eval HTML report test; those are skipped with a reason
# only when it cannot be installed here.
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
      || echo "services.sh: could not install chromium; the browser tests will be skipped" >&2
  else
    echo "services.sh: chromium not found and apt-get unavailable (not root?); the browser tests will be skipped" >&2
  fi
fi
# HAProxy (Debian's package) for the fleet drills (tests/fleet/): the load balancer in front of the
# gateway replicas, as in docker-compose.yml. Only installed, never started here (each drill runs its own).
if ! command -v haproxy >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy) >/dev/null 2>&1 \
      || echo "services.sh: could not install haproxy; the fleet drills will be skipped" >&2
  else
    echo "services.sh: haproxy not found and apt-get unavailable (not root?); the fleet drills will be skipped" >&2
  fi
fi
exit 0
