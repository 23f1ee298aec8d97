#!/usr/bin/env bash
# Exercise 4: the seeds' mistake. The same HS256 secret handed to jsonwebtoken as a KeyObject (the
# default) and as a string (`jwt.verify(token, process.env.JWT_SECRET)`, the anti-pattern): the same
# tokens pass and fail, and one of them is many times slower.
source "$(dirname "$0")/lib.sh"
A=${PORT:-3104}; B=$((A + 1))

echo "== two jwt servers with the same rules; B is started with --key-format string (the anti-pattern)"
start_server "$A" jwt
start_server "$B" jwt --key-format string
expect "B names the anti-pattern in /health" "$(curl -s "localhost:$B/health" | field variant.key_format)" "string (anti-pattern)"
TOKEN_A=$(login "$A" | json access_token)
TOKEN_B=$(login "$B" | json access_token)
expect "A accepts its token" "$(status "$A" /api/me -H "Authorization: Bearer $TOKEN_A")" 200
expect "B accepts its token" "$(status "$B" /api/me -H "Authorization: Bearer $TOKEN_B")" 200
# Each server generated its own secret: correct, just not the same key. The string is no less secure.
expect "B refuses A's token (another secret)" "$(status "$B" /api/me -H "Authorization: Bearer $TOKEN_A")" 401
expect "B refuses a forged alg=none token" "$(status "$B" /api/me -H "Authorization: Bearer $(printf '{"alg":"none"}' | base64 | tr -d '=').$(printf '{"sub":"admin"}' | base64 | tr -d '=').")" 401

echo "== the price: the same request, the same answer, measured (${RATE_SECONDS:-3} s of load each)"
RATE_A=$(rate "$A" /api/me "Authorization: Bearer $TOKEN_A")
RATE_B=$(rate "$B" /api/me "Authorization: Bearer $TOKEN_B")
echo "   keyobject: $RATE_A req/s   string: $RATE_B req/s"
# And jsonwebtoken alone, no HTTP around it: where the time goes.
node --input-type=module -e "
import jwt from 'jsonwebtoken'
import { createSecretKey, randomBytes } from 'node:crypto'
const secret = randomBytes(32)
const perSecond = (key) => {
  const token = jwt.sign({ sub: 'alice' }, key, { algorithm: 'HS256' })
  let n = 0
  const end = performance.now() + 500
  while (performance.now() < end) { jwt.verify(token, key, { algorithms: ['HS256'] }); n++ }
  return Math.round(n * 2)
}
const object = perSecond(createSecretKey(secret)), text = perSecond(secret.toString('base64'))
console.log('   jsonwebtoken.verify alone: keyobject ' + object + '/s, string ' + text + '/s: ' + (object / text).toFixed(0) + 'x')
"
echo "Given a string, jsonwebtoken 9 first tries to parse it as a PEM public key and falls back to HMAC"
echo "only when that throws, on every call. servers/jwt/jwt-strategy.ts (loadKeys) hands it a KeyObject."
