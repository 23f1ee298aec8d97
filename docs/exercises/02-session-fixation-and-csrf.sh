#!/usr/bin/env bash
# Exercise 2: what a cookie session must defend itself against: a planted id, and other sites.
source "$(dirname "$0")/lib.sh"
PORT=${PORT:-3102}
start_server "$PORT" session
JAR=$(mktemp); JAR2=$(mktemp)

login_with_jar() { curl -s -c "$2" -b "$2" "localhost:$1/auth/login" -H 'content-type: application/json' -d '{"username":"alice","password":"wonderland"}'; }
cookie_of() { grep authlab.sid "$1" | awk '{print $7}'; }

login_with_jar "$PORT" "$JAR" >/dev/null
PLANTED=$(cookie_of "$JAR")
# The attacker's id is planted in the victim's browser; the victim logs in with it.
cp "$JAR" "$JAR2"
CSRF=$(login_with_jar "$PORT" "$JAR2" | json csrf_token)
FRESH=$(cookie_of "$JAR2")
[ "$PLANTED" != "$FRESH" ] && echo "ok: login gave a new session id (fixation defeated)"
expect "the planted id after the victim's login" "$(status "$PORT" /api/me -b "authlab.sid=$PLANTED")" 401
expect "the victim's new id" "$(status "$PORT" /api/me -b "authlab.sid=$FRESH")" 200
expect "logout from another site (Origin)" "$(status "$PORT" /auth/logout -X POST -b "authlab.sid=$FRESH" -H "X-CSRF-Token: $CSRF" -H 'Origin: https://evil.example')" 403
expect "logout without the CSRF token" "$(status "$PORT" /auth/logout -X POST -b "authlab.sid=$FRESH")" 403
expect "logout from our own page" "$(status "$PORT" /auth/logout -X POST -b "authlab.sid=$FRESH" -H "X-CSRF-Token: $CSRF")" 204
expect "the id after logout" "$(status "$PORT" /api/me -b "authlab.sid=$FRESH")" 401
