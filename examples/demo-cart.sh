#!/usr/bin/env bash
# State handles, the MCP 2026-07-28 way: opens a cart (cart_open returns a cart_id) and adds an item,
# once from a session-era client (initialize, Mcp-Session-Id) and once as a 2026-07-28 client (no
# session), on the same endpoint; kills the server with kill -9, starts it again, and shows both carts
# by their cart_id. Prints PASS or FAIL.
#
# Usage: examples/demo-cart.sh [example options]    e.g. --store postgres, --store redis
set -euo pipefail
source "$(dirname "$0")/demo-lib.sh"
build_if_missing
DEMO_ARGS="$*"

port=$(free_port 18080)
echo "Starting the example on port $port $*"
start_server first "$port" "$@"
session=$(initialize "$port")
cart_id=$(call "$port" "$session" 2 cart_open '{}' | grep -o 'cart_[A-Za-z0-9_-]\{32\}' | head -1)
[ -n "$cart_id" ] || fail "cart_open returned no cart_id"
echo "cart_open: ${cart_id:0:13}..."
reply=$(call "$port" "$session" 3 cart_add "{\"cart_id\":\"$cart_id\",\"item\":\"book\"}")
[[ "$reply" == *'added book'* ]] || fail "cart_add answered: $reply"
echo "cart_add(book): added"
modern_cart=$(modern_call "$port" 6 cart_open '{}' | grep -o 'cart_[A-Za-z0-9_-]\{32\}' | head -1)
[ -n "$modern_cart" ] || fail "cart_open from a 2026-07-28 client returned no cart_id"
echo "2026-07-28 client, cart_open: ${modern_cart:0:13}..."
reply=$(modern_call "$port" 7 cart_add "{\"cart_id\":\"$modern_cart\",\"item\":\"pen\"}")
[[ "$reply" == *'added pen'* ]] || fail "cart_add from a 2026-07-28 client answered: $reply"
echo "2026-07-28 client, cart_add(pen): added"

restart_server second "$port" "$@"
reply=$(call "$port" "$session" 4 cart_show "{\"cart_id\":\"$cart_id\"}")
[[ "$reply" == *'book'* ]] || fail "cart_show answered: $reply"
echo "cart_show: book is still in the cart"
reply=$(modern_call "$port" 8 cart_show "{\"cart_id\":\"$modern_cart\"}")
[[ "$reply" == *'pen'* ]] || fail "cart_show from a 2026-07-28 client answered: $reply"
echo "2026-07-28 client, cart_show: pen is still in the cart"
reply=$(call "$port" "$session" 5 cart_show "{\"cart_id\":\"cart_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")
[[ "$reply" == *'isError":true'* ]] || fail "an unknown cart_id answered: $reply"
echo "cart_show with an unknown cart_id: a tool error telling the model to call cart_open"
echo "PASS"
