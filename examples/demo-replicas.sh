#!/usr/bin/env bash
# Starts two example servers on two ports over one shared store (PostgreSQL by default, or Redis),
# opens one session, and sends its requests to the two servers in turn, as a load balancer without
# sticky sessions would. Every call must succeed. Prints PASS or FAIL.
#
# Usage: examples/demo-replicas.sh [example options]    e.g. --store redis, --jdbc-url jdbc:postgresql://...
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"
build_if_missing

args=("$@")
[[ " $* " == *" --store "* || " $* " == *" --store="* ]] || args=(--store postgres "$@")
port_a=$(free_port 18080)
port_b=$(free_port $((port_a + 1)))
echo "Starting replica A on port $port_a and replica B on port $port_b: ${args[*]}"
start_server a "$port_a" "${args[@]}"
start_server b "$port_b" "${args[@]}"

session=$(initialize "$port_a")
echo "Session ${session:0:8}... initialized on A"
ports=("$port_a" "$port_b")
for i in 1 2 3 4 5 6; do
  port=${ports[$((i % 2))]}
  reply=$(call "$port" "$session" $((i + 10)) remember "{\"key\":\"k$i\",\"value\":\"v$i\"}")
  [[ "$reply" == *'"ok"'* ]] || fail "remember k$i on port $port answered: $reply"
  echo "remember(k$i, v$i) on port $port: ok"
done
for i in 1 2 3 4 5 6; do
  port=${ports[$(((i + 1) % 2))]}
  reply=$(call "$port" "$session" $((i + 20)) recall "{\"key\":\"k$i\"}")
  [[ "$reply" == *"\"v$i\""* ]] || fail "recall k$i on port $port answered: $reply"
  echo "recall(k$i) on port $port: v$i"
done
echo "PASS"
