#!/usr/bin/env bash
# Builds the example server once (through the Maven wrapper; only a JDK 17+ is needed) and starts it.
# Every argument goes to the server: examples/run.sh --help, examples/run.sh --store postgres, ...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/examples/target/mcp-sessions-example.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "Building the example server (the first build downloads dependencies; a minute or two)..."
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl examples -am)
fi
exec java -jar "$jar" "$@"
