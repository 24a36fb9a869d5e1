# Helpers for the demos: start and stop the example jar, and speak MCP with curl. Sourced, not run.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${DEMO_JAR:-$here/target/mcp-sessions-example.jar}"
work="$(mktemp -d -t mcp-sessions-demo.XXXXXX)"
pids=()

cleanup() {
  {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  } 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  [[ " ${DEMO_ARGS:-} " == *"memory"* ]] && echo "(--store memory keeps sessions in the server's memory: they cannot survive kill -9; that is what the other stores fix)"
  for log in "$work"/server-*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }; done
  exit 1
}

build_if_missing() {
  if [ ! -f "$jar" ]; then
    echo "Building the example jar (once)..."
    (cd "$here/.." && ./mvnw -q -B -DskipTests package -pl examples -am) || fail "the build failed"
  fi
}

# A local TCP port nothing listens on, from 18080 up.
free_port() {
  local port=${1:-18080}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start_server NAME PORT [options...]: starts the jar in the background, waits until /health answers.
start_server() {
  local name=$1 port=$2; shift 2
  java -jar "$jar" --port="$port" --data-dir="$work/data" "$@" > "$work/server-$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
  for _ in $(seq 1 300); do
    # /health on the plain example; any HTTP answer from /mcp on servers without it (the Spring example)
    curl -sf "http://127.0.0.1:$port/health" > /dev/null && return 0
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/mcp")" != "000" ] && return 0
    kill -0 "$!" 2>/dev/null || fail "server $name exited at start"
    sleep 0.2
  done
  fail "server $name did not answer /health within 60 s"
}

# restart_server NAME PORT [options...]: kill -9 the server started first, then start it again as NAME.
restart_server() {
  local name=$1 port=$2; shift 2
  echo "kill -9 the server (pid $pid_first)"
  { kill -9 "$pid_first"; wait "$pid_first" || true; } 2>/dev/null
  echo "Starting it again on port $port"
  start_server "$name" "$port" "$@"
}

# mcp PORT SESSION BODY: one JSON-RPC POST to /mcp; prints the response body.
mcp() {
  curl -s -X POST "http://127.0.0.1:$1/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Mcp-Session-Id: $2" -H 'MCP-Protocol-Version: 2025-06-18' -d "$3"
}

# initialize PORT: opens a session; prints its id.
initialize() {
  local headers
  headers=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$1/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"demo","version":"1.0"}}}')
  local session
  session=$(printf '%s' "$headers" | tr -d '\r' | awk 'tolower($1) == "mcp-session-id:" {print $2}')
  [ -n "$session" ] || fail "initialize returned no Mcp-Session-Id"
  mcp "$1" "$session" '{"jsonrpc":"2.0","method":"notifications/initialized"}' > /dev/null
  echo "$session"
}

# call PORT SESSION ID TOOL ARGUMENTS-JSON: a tools/call; prints the response body.
call() {
  mcp "$1" "$2" "{\"jsonrpc\":\"2.0\",\"id\":$3,\"method\":\"tools/call\",\"params\":{\"name\":\"$4\",\"arguments\":$5}}"
}

# modern_call PORT ID TOOL ARGUMENTS-JSON: a tools/call of MCP 2026-07-28 (no initialize, no session);
# prints the response body.
modern_call() {
  curl -s -X POST "http://127.0.0.1:$1/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H "Mcp-Name: $3" \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$2,\"method\":\"tools/call\",\"params\":{\"name\":\"$3\",\"arguments\":$4,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"demo\",\"version\":\"1.0\"}}}}"
}

# tasks_request PORT ID METHOD NAME FIELDS: a 2026-07-28 request from a client that declares the tasks
# extension; FIELDS are the params' fields without braces, NAME goes in the Mcp-Name header. Prints the body.
tasks_request() {
  curl -s -X POST "http://127.0.0.1:$1/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $3" -H "Mcp-Name: $4" \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$2,\"method\":\"$3\",\"params\":{$5,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"demo\",\"version\":\"1.0\"}}}}"
}

# task_status PORT TASK-ID: the task's status as tasks/get on PORT tells it.
task_status() {
  tasks_request "$1" 90 tasks/get "$2" "\"taskId\":\"$2\"" | grep -o '"status":"[a-z_]*"' | head -1 | cut -d'"' -f4
}
