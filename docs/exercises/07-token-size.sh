#!/usr/bin/env bash
# Exercise 7: a JWT carries its claims on every request. Give a user many roles and the token grows
# with them: bytes on every request, a bigger signature input, and at some size no request at all.
source "$(dirname "$0")/lib.sh"
A=${PORT:-3107}; B=$((A + 1))

roles() { seq -f "$2-%03g" 1 "$1" | paste -sd, -; }
# alice as always; bob with 40 roles (a realistic enterprise user); carol with 1200 (a group explosion).
export AUTHLAB_USERS="alice:wonderland:user;bob:builder:user,$(roles 40 team-billing-reader);carol:singer:user,$(roles 1200 group-entitlement)"

start_server "$A" jwt
start_server "$B" session
ALICE=$(login_as "$A" alice wonderland | json access_token)
BOB=$(login_as "$A" bob builder | json access_token)
CAROL=$(login_as "$A" carol singer | json access_token)
echo "   token bytes: alice ${#ALICE}, bob ${#BOB}, carol ${#CAROL}"
expect "bob's token is over 5x alice's" "$([ "${#BOB}" -gt $((5 * ${#ALICE})) ] && echo yes)" yes
expect "alice with her token" "$(status "$A" /api/me -H "Authorization: Bearer $ALICE")" 200
expect "bob with his token" "$(status "$A" /api/me -H "Authorization: Bearer $BOB")" 200
# Node refuses request headers over 16 KB before any of our code runs: the login worked, every use fails.
expect "carol's token is over Node's 16 KB header limit" "$([ "${#CAROL}" -gt 16384 ] && echo yes)" yes
expect "carol with her token (431: headers too large)" "$(status "$A" /api/me -H "Authorization: Bearer $CAROL")" 431

# A session cookie is an id: the same size whoever holds it; the roles stay on the server.
cookie_bytes() { curl -s -c - -o /dev/null "localhost:$B/auth/login" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | awk '/authlab.sid/ {print length($7)}'; }
ALICE_COOKIE=$(cookie_bytes alice wonderland); CAROL_COOKIE=$(cookie_bytes carol singer)
echo "   session cookie bytes: alice $ALICE_COOKIE, carol $CAROL_COOKIE (the signature's URL escapes vary a little)"
expect "carol's session cookie value, 1200 roles and all, is under 100 bytes" "$([ "$CAROL_COOKIE" -lt 100 ] && echo yes)" yes

echo "== verify cost (${RATE_SECONDS:-3} s of load each, read it, don't trust one run)"
echo "   alice: $(rate "$A" /api/me "Authorization: Bearer $ALICE") req/s   bob: $(rate "$A" /api/me "Authorization: Bearer $BOB") req/s"
