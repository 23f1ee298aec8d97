#!/usr/bin/env bash
# Exercise 5: refresh-token rotation. Every refresh spends the refresh token and hands out the next
# one; a spent token shown again means two parties hold it, so the whole family dies.
source "$(dirname "$0")/lib.sh"
PORT=${PORT:-3105}

# refresh TOKEN: POST /auth/refresh, prints "status body".
refresh() { curl -s -w ' %{http_code}' "localhost:$PORT/auth/refresh" -H 'content-type: application/json' -d "{\"refresh_token\":\"$1\"}"; }
status_of() { echo "${1##* }"; }
body_of() { echo "${1% *}"; }

echo "== jwt --revocation refresh: 60 s access tokens, rotating refresh tokens in Redis"
start_server "$PORT" jwt --revocation refresh
LOGIN=$(login "$PORT")
STOLEN=$(echo "$LOGIN" | json refresh_token)   # the attacker copies this one, say from a log
expect "login hands out a refresh token" "$([ -n "$STOLEN" ] && echo yes)" yes

# The user's app refreshes first: R1 is spent, R2 and a new access token come back.
ANSWER=$(refresh "$STOLEN")
expect "the user refreshes with R1" "$(status_of "$ANSWER")" 200
R2=$(body_of "$ANSWER" | json refresh_token)
ACCESS2=$(body_of "$ANSWER" | json access_token)
expect "rotation: R2 is a new token" "$([ "$R2" != "$STOLEN" ] && echo new)" new

# The attacker replays R1: already spent. The server cannot tell who is the thief, so it kills the family.
expect "the attacker replays R1 (reuse)" "$(status_of "$(refresh "$STOLEN")")" 401
expect "the user's R2, after the reuse (family dead)" "$(status_of "$(refresh "$R2")")" 401
# What rotation cannot do: the access token already out is stateless and lives on (at most 60 s).
expect "the access token issued with R2" "$(status "$PORT" /api/me -H "Authorization: Bearer $ACCESS2")" 200

# The user logs in again: a new family, nothing inherited from the dead one.
FRESH=$(login "$PORT" | json refresh_token)
expect "a fresh login's refresh token" "$(status_of "$(refresh "$FRESH")")" 200
