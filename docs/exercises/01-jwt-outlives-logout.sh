#!/usr/bin/env bash
# Exercise 1: a stateless JWT survives its own logout; a denylist fixes that, for a price.
source "$(dirname "$0")/lib.sh"
PORT=${PORT:-3101}

echo "== jwt, revocation none"
start_server "$PORT" jwt
TOKEN=$(login "$PORT" | json access_token)
expect "GET /api/me with the token" "$(status "$PORT" /api/me -H "Authorization: Bearer $TOKEN")" 200
HEADER=$(curl -s -D - -o /dev/null -X POST "localhost:$PORT/auth/logout" -H "Authorization: Bearer $TOKEN" | tr -d '\r' | sed -n 's/^[Aa]uth-[Rr]evocation: //p')
expect "logout says what it could do" "$HEADER" none
expect "the same token after logout" "$(status "$PORT" /api/me -H "Authorization: Bearer $TOKEN")" 200
cleanup; PIDS=()

echo "== jwt, revocation denylist"
start_server "$PORT" jwt --revocation denylist
TOKEN=$(login "$PORT" | json access_token)
expect "GET /api/me with the token" "$(status "$PORT" /api/me -H "Authorization: Bearer $TOKEN")" 200
expect "logout" "$(status "$PORT" /auth/logout -X POST -H "Authorization: Bearer $TOKEN")" 204
expect "the same token after logout" "$(status "$PORT" /api/me -H "Authorization: Bearer $TOKEN")" 401
echo "Now every request costs a Redis lookup: npx authlab run --strategies jwt --variants jwt:revocation=denylist shows how much."
