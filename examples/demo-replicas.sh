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
cart_id=$(call "$port_a" "$session" 40 cart_open '{}' | grep -o 'cart_[A-Za-z0-9_-]\{32\}' | head -1)
[ -n "$cart_id" ] || fail "cart_open on A returned no cart_id"
reply=$(call "$port_b" "$session" 41 cart_add "{\"cart_id\":\"$cart_id\",\"item\":\"pen\"}")
[[ "$reply" == *'added pen'* ]] || fail "cart_add on B answered: $reply"
reply=$(call "$port_a" "$session" 42 cart_show "{\"cart_id\":\"$cart_id\"}")
[[ "$reply" == *'pen'* ]] || fail "cart_show on A answered: $reply"
echo "cart opened on A, pen added on B, shown on A"
echo "PASS"
