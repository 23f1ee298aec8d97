# Shared by the exercises: start servers in the background, call them, check what came back.
# Run an exercise from the repository root: bash docs/exercises/01-jwt-outlives-logout.sh
set -euo pipefail
AUTHLAB="node bin/authlab.js"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# start_server PORT strategy [options...]: starts `authlab serve` and waits for its listening line.
start_server() {
  local port=$1; shift
  local log; log=$(mktemp)
  $AUTHLAB serve "$@" --port "$port" >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do grep -q "listening on" "$log" && return 0; sleep 0.2; done
  echo "server on port $port did not start:"; cat "$log"; exit 1
}

# json FIELD: reads a JSON body on stdin and prints one field.
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)['$1'] ?? ''))"; }

# login PORT: logs alice in and prints the response body.
login() { curl -s "localhost:$1/auth/login" -H 'content-type: application/json' -d '{"username":"alice","password":"wonderland"}'; }

# status PORT PATH [curl args...]: prints only the HTTP status.
status() { local port=$1 path=$2; shift 2; curl -s -o /dev/null -w '%{http_code}' "localhost:$port$path" "$@"; }

# expect WHAT GOT WANT: says what happened, and stops the exercise if it is not what the lesson says.
expect() { if [ "$2" = "$3" ]; then echo "ok: $1 ($2)"; else echo "UNEXPECTED: $1: got $2, expected $3"; exit 1; fi; }

# login_as PORT USER PASSWORD: logs any user in and prints the response body.
login_as() { curl -s "localhost:$1/auth/login" -H 'content-type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}"; }

# rate PORT PATH HEADER: requests/s over a short autocannon burst (RATE_SECONDS, default 3), for the
# class to read. Never checked: a timing is a measurement, not a pass/fail (this machine drifts 2x).
rate() {
  npx --no-install autocannon -j -c 10 -d "${RATE_SECONDS:-3}" -H "$3" "http://127.0.0.1:$1$2" 2>/dev/null |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log(r.non2xx||r.errors?0:Math.round(r.requests.average))})"
}

# free_port: a port nobody listens on right now. Picked below Linux's ephemeral range (32768 up),
# where the OS hands out the ports of every other program's listen(0): a port it gave us and took
# back can go to someone else before our server binds it.
free_port() {
  node -e "
    const net = require('net')
    const tryPort = () => {
      const port = 20000 + Math.floor(Math.random() * 12000)
      const s = net.createServer().once('error', tryPort).listen(port, '127.0.0.1', () => s.close(() => console.log(port)))
    }
    tryPort()"
}

# field FIELD: like json, for a field of a nested object (`variant.key_format`).
field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log('$1'.split('.').reduce((o,k)=>o?.[k],JSON.parse(s)) ?? ''))"; }

# header PORT PATH NAME [curl args...]: prints one response header's value.
header() {
  local port=$1 path=$2 name=$3; shift 3
  curl -s -o /dev/null -D - "localhost:$port$path" "$@" | tr -d '\r' |
    awk -v name="$(echo "$name" | tr 'A-Z' 'a-z')" 'BEGIN{FS=": "} tolower($1)==name {sub(/^[^:]*: /, ""); print; exit}'
}

# Every exercise logs in, and every login asks Redis: without one a login answers 503 and the
# lesson would stop at "got 401, expected 200" with no hint. Say so before anything starts.
if ! node bin/redis-ping.js; then
  echo "UNEXPECTED: no Redis answers at ${REDIS_URL:-redis://127.0.0.1:6379}; every login needs one."
  if command -v redis-server >/dev/null; then
    echo "  redis-server is installed but not running: redis-server --daemonize yes   (or set REDIS_URL)"
  else
    echo "  Install and start one (sudo apt-get install -y redis-server), or set REDIS_URL. npm run doctor checks."
  fi
  exit 1
fi
