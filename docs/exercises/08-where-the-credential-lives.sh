#!/usr/bin/env bash
# Exercise 8: where the credential lives in the browser. The demo page (GET / on every server) logs
# in three ways: the session's HttpOnly cookie, a bearer token in memory, one in localStorage. A real
# Chromium then plays the attacker: a script injected into the page, and pages on other origins.
source "$(dirname "$0")/lib.sh"
if ! [ -x "${AUTHLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  # Not "ok": nothing was checked. The lesson needs a real browser to play the attacker.
  echo "SKIPPED: exercise 8 needs Chromium at ${AUTHLAB_CHROMIUM:-/usr/bin/chromium} and found none, so nothing was checked (apt-get install -y chromium, or set AUTHLAB_CHROMIUM)"
  exit 0
fi
OUT=$(mktemp)
# Open the page yourself while it runs: npx authlab serve session, then http://localhost:3000/
LOG=$(mktemp)
$AUTHLAB browser --strategies session,jwt --json "$OUT" >"$LOG" 2>&1 || {
  echo "UNEXPECTED: authlab browser failed; its last lines:"; tail -n 15 "$LOG"; exit 1
}
cell() { field "browser.rows.$1" <"$OUT"; }
# Row 0: the session cookie. Row 1: the JWT in memory. Row 2: the JWT in localStorage.
expect "cookie: the injected script cannot read it (HttpOnly)" "$(cell 0.xss_read.found_in)" ""
expect "cookie: ... but rides it: its own fetch of /api/me gets" "$(cell 0.xss_ride.status)" 200
expect "cookie: a form POST from 127.0.0.2 (another site) arrives without it (SameSite=Lax)" "$(cell 0.cross_site.form_post.credential_attached)" false
expect "cookie: from another port of 127.0.0.1 (same site) it is attached" "$(cell 0.same_site.form_post.credential_attached)" true
expect "cookie: ... and only the CSRF check refuses that POST" "$(cell 0.same_site.form_post.status)" 403
expect "cookie: after logout the server refuses the old id" "$(cell 0.logout.replay_status)" 401
expect "token in memory: stolen anyway, by wrapping fetch" "$(cell 1.xss_read.found_in)" "fetch hook"
expect "token in memory: a reload logs the user out (/api/me gets)" "$(cell 1.reload_status)" 401
expect "token in localStorage: read at once" "$(cell 2.xss_read.found_in)" localStorage
expect "token in localStorage: ... and sent to another origin, CSP or not" "$(cell 2.xss_read.exfiltrated)" true
expect "token in localStorage: survives a new tab (/api/me gets)" "$(cell 2.new_tab_status)" 200
expect "a JWT after logout: gone from the browser, still accepted by the server" "$(cell 2.logout.replay_status)" 200
rm -f "$OUT"
