#!/usr/bin/env bash
# Kill -9 the server at a random moment while students submit, restart it, and check that every submission it had
# acknowledged is in the database exactly once. Repeats ROUNDS times (default 20). Needs only the .NET SDK.
#   bash tests/LoadTest/crash-durability.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-20}
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release src/Server -v quiet -nologo >/dev/null
dotnet build -c Release tests/LoadTest -v quiet -nologo >/dev/null
server_dll=$PWD/src/Server/bin/Release/net10.0/BackpropServer.Server.dll
load_dll=$PWD/tests/LoadTest/bin/Release/net10.0/BackpropServer.LoadTest.dll
port=5290
acks=$work/acks.txt
: >"$acks"

start_server() {
  (cd "$(dirname "$server_dll")" && DataDirectory="$work" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    exec dotnet "$server_dll" --urls "http://127.0.0.1:$port" >>"$work/server.log" 2>&1) &
  server=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not start" >&2; exit 1
}

for round in $(seq 1 "$rounds"); do
  start_server
  dotnet "$load_dll" quiz --server "http://127.0.0.1:$port" --submitters 20 --duration 30 --ack-file "$acks" >"$work/load.txt" 2>&1 &
  load=$!
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 1.5 + (r % 300) / 100 }')"
  kill -9 "$server"
  wait "$server" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  # Restart once so SQLite recovers the write-ahead log as it would after a real crash, then stop cleanly.
  start_server
  kill -TERM "$server"; wait "$server" 2>/dev/null || true
  echo "round $round: $(wc -l <"$acks") acknowledged so far"
done

dotnet "$load_dll" verify --db "$work/backprop.db" --ack-file "$acks"
