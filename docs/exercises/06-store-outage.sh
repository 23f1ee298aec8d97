#!/usr/bin/env bash
# Exercise 6: the store goes away. A stateless token needs no store to be checked and keeps
# serving; a server-side session cannot be checked, so it fails closed (503), never open.
# This exercise starts (and stops) a redis-server of its own: your REDIS_URL is not touched.
source "$(dirname "$0")/lib.sh"
A=${PORT:-3106}; B=$((A + 1)); C=$((A + 2))
REDIS_PORT=$(free_port)
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not start on port $REDIS_PORT"; exit 1
}
wait_healthy() { for _ in $(seq 1 150); do [ "$(status "$1" /health)" = 200 ] && return 0; sleep 0.2; done; }

start_redis
start_server "$A" jwt
start_server "$B" session
start_server "$C" jwt --revocation denylist
TOKEN=$(login "$A" | json access_token)
JAR=$(mktemp); curl -s -c "$JAR" "localhost:$B/auth/login" -H 'content-type: application/json' -d '{"username":"alice","password":"wonderland"}' >/dev/null
DENYLISTED=$(login "$C" | json access_token)
expect "jwt before the outage" "$(status "$A" /api/me -H "Authorization: Bearer $TOKEN")" 200
expect "session before the outage" "$(status "$B" /api/me -b "$JAR")" 200
expect "logout of the denylisted jwt" "$(status "$C" /auth/logout -X POST -H "Authorization: Bearer $DENYLISTED")" 204
expect "the denylisted jwt after its logout" "$(status "$C" /api/me -H "Authorization: Bearer $DENYLISTED")" 401

echo "== redis-server stopped"
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
expect "stateless jwt: the signature is all it needs" "$(status "$A" /api/me -H "Authorization: Bearer $TOKEN")" 200
expect "session: cannot look the session up, fails closed" "$(status "$B" /api/me -b "$JAR")" 503
expect "jwt with a denylist: cannot ask the denylist, fails closed" "$(status "$C" /api/me -H "Authorization: Bearer $DENYLISTED")" 503
# Even stateless jwt needs the store to log anyone in: the failed-login counters live there.
expect "jwt login (the login limiter is in Redis)" "$(status "$A" /auth/login -H 'content-type: application/json' -d '{"username":"alice","password":"wonderland"}')" 503

echo "== redis-server started again (empty: no persistence)"
start_redis
wait_healthy "$B"; wait_healthy "$C"
expect "session after the restart: the store forgot it" "$(status "$B" /api/me -b "$JAR")" 401
expect "the logged-out jwt after the restart: back to life" "$(status "$C" /api/me -H "Authorization: Bearer $DENYLISTED")" 200
echo "The last line: a denylist in a Redis without persistence forgets every revoke when it restarts empty."
echo "A session forgotten is a logout (safe); a revoke forgotten is a token back to life (unsafe)."
