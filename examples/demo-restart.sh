#!/usr/bin/env bash
# Starts the example server, remembers a value in a session, kills the server with kill -9, starts
# it again over the same store, and recalls the value with the same session id. Prints PASS or FAIL.
#
# Usage: examples/demo-restart.sh [example options]    e.g. --store postgres, --store redis
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"
build_if_missing
DEMO_ARGS="$*"

port=$(free_port 18080)
value="teal-$RANDOM"
echo "Starting the example on port $port $*"
start_server first "$port" "$@"
session=$(initialize "$port")
echo "Session ${session:0:8}... initialized"
reply=$(call "$port" "$session" 2 remember "{\"key\":\"colour\",\"value\":\"$value\"}")
[[ "$reply" == *'"ok"'* ]] || fail "remember answered: $reply"
echo "remember(colour, $value): ok"

restart_server second "$port" "$@"
reply=$(call "$port" "$session" 3 recall '{"key":"colour"}')
[[ "$reply" == *"$value"* ]] || fail "recall with the same session id answered: $reply"
echo "recall(colour) with the same session id: $value"
info=$(call "$port" "$session" 4 session_info '{}')
[[ "$info" == *'restoredByThisProcess'* ]] || fail "session_info answered: $info"
echo "session_info: $(printf '%s' "$info" | grep -o '{\\"sessionId.*restoredByThisProcess\\":[0-9]*}' | sed 's/\\"/"/g' | sed "s/$session/${session:0:8}.../")"
echo "PASS"
