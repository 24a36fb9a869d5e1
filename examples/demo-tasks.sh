#!/usr/bin/env bash
# Durable tasks (MCP 2026-07-28, tasks extension) on two example servers over one shared store
# (PostgreSQL by default, or Redis). Starts a long export as a task on replica A and kills A with
# kill -9: B reports the task failed once A's lease ran out, never "working" for ever. Then starts a
# short export, lets it finish, kills and restarts both replicas, and reads the result. Prints PASS or FAIL.
#
# Usage: examples/demo-tasks.sh [example options]    e.g. --store redis, --jdbc-url jdbc:postgresql://...
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"
build_if_missing

args=("$@")
[[ " $* " == *" --store "* || " $* " == *" --store="* ]] || args=(--store postgres "$@")
args+=(--task-lease PT3S)
port_a=$(free_port 18080)
port_b=$(free_port $((port_a + 1)))
echo "Starting replica A on port $port_a and replica B on port $port_b: ${args[*]}"
start_server a "$port_a" "${args[@]}"
start_server b "$port_b" "${args[@]}"

reply=$(tasks_request "$port_a" 1 tools/call export '"name":"export","arguments":{"seconds":120}')
task=$(printf '%s' "$reply" | grep -o '"taskId":"[^"]*"' | cut -d'"' -f4)
[ -n "$task" ] || fail "export on A did not answer with a task: $reply"
echo "export started on A as task ${task:0:8}...; B says: $(task_status "$port_b" "$task")"
[ "$(task_status "$port_b" "$task")" = working ] || fail "B does not see the task working"

echo "kill -9 replica A (pid $pid_a), which runs the task"
{ kill -9 "$pid_a"; wait "$pid_a" || true; } 2>/dev/null
killed=$SECONDS
status=working
while [ "$status" = working ] && [ $((SECONDS - killed)) -lt 30 ]; do
  sleep 0.5
  status=$(task_status "$port_b" "$task")
done
[ "$status" = failed ] || fail "30 s after A died, B still says the task is '$status'"
error=$(tasks_request "$port_b" 2 tasks/get "$task" "\"taskId\":\"$task\"" | grep -o '"error":{[^}]*}')
echo "B reports the task failed $((SECONDS - killed)) s after A died (lease 3 s): $error"

echo "Starting A again"
start_server a "$port_a" "${args[@]}"
reply=$(tasks_request "$port_a" 3 tools/call export '"name":"export","arguments":{"seconds":2}')
task=$(printf '%s' "$reply" | grep -o '"taskId":"[^"]*"' | cut -d'"' -f4)
[ -n "$task" ] || fail "export on A did not answer with a task: $reply"
status=working
began=$SECONDS
while [ "$status" != completed ] && [ $((SECONDS - began)) -lt 30 ]; do
  sleep 0.5
  status=$(task_status "$port_b" "$task")
done
[ "$status" = completed ] || fail "the 2 s export is '$status' on B after 30 s"
echo "export ${task:0:8}... completed; kill -9 both replicas and start them again"
{ kill -9 "$pid_a" "$pid_b"; wait "$pid_a" "$pid_b" || true; } 2>/dev/null
start_server a "$port_a" "${args[@]}"
start_server b "$port_b" "${args[@]}"
reply=$(tasks_request "$port_b" 4 tasks/get "$task" "\"taskId\":\"$task\"")
[[ "$reply" == *'"status":"completed"'* && "$reply" == *'export ready after 2 s'* ]] \
  || fail "after both restarts tasks/get answered: $reply"
echo "after both restarts, B still has the result: export ready after 2 s"
echo "PASS"
