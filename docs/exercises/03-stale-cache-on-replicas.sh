#!/usr/bin/env bash
# Exercise 3: two replicas, each with an in-process cache in front of Redis. Revoke on one, and
# the other keeps serving the dead key until its cache entry expires; pub/sub invalidation fixes it.
source "$(dirname "$0")/lib.sh"
A=${PORT:-3103}; B=$((A + 1))
# Replicas share the secret that tags API keys, as they would share JWT_SECRET: a key one of them
# issued is otherwise refused by the other before any lookup (servers/apikey/README.md).
export APIKEY_SECRETS=${APIKEY_SECRETS:-$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")}

echo "== apikey with a 5 s cache, no invalidation"
start_server "$A" apikey --cache-ttl 5000
start_server "$B" apikey --cache-ttl 5000
KEY=$(login "$A" | json api_key)
expect "replica B serves the key (and caches it)" "$(status "$B" /api/me -H "X-API-Key: $KEY")" 200
# The server says how far its revoke reaches: other replicas may accept the key for up to 5 s more.
expect "logout through replica A says Auth-Revocation" "$(header "$A" /auth/logout Auth-Revocation -X POST -H "X-API-Key: $KEY")" "deferred; within=5"
expect "replica A after the logout" "$(status "$A" /api/me -H "X-API-Key: $KEY")" 401
expect "replica B after the logout (stale cache)" "$(status "$B" /api/me -H "X-API-Key: $KEY")" 200
cleanup; PIDS=()

echo "== the same, with pub/sub invalidation"
start_server "$A" apikey --cache-ttl 5000 --invalidation pubsub
start_server "$B" apikey --cache-ttl 5000 --invalidation pubsub
KEY=$(login "$A" | json api_key)
expect "replica B serves the key (and caches it)" "$(status "$B" /api/me -H "X-API-Key: $KEY")" 200
expect "logout through replica A says Auth-Revocation" "$(header "$A" /auth/logout Auth-Revocation -X POST -H "X-API-Key: $KEY")" immediate
sleep 0.2   # the message travels through Redis: milliseconds
expect "replica B after the logout" "$(status "$B" /api/me -H "X-API-Key: $KEY")" 401
