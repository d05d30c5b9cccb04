#!/usr/bin/env bash
# Sets up, then runs the main job: the server on 127.0.0.1 and a test-pattern broadcast
# (moving pattern, burned-in wall clock, tone). Prints the watch URL; Ctrl+C ends both.
#   PORT=8080 STREAM=demo bash scripts/live.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
STREAM="${STREAM:-demo}"
export CONFIGURATION="${CONFIGURATION:-Release}"
bash scripts/setup.sh

out="src/StreamSwarm.Server/bin/$CONFIGURATION/net10.0"
bout="src/StreamSwarm.Broadcaster/bin/$CONFIGURATION/net10.0"
state="$(mktemp -d)"
keys="$state/keys.json"
key="$(dotnet "$out/StreamSwarm.Server.dll" keys create --stream "$STREAM" --keys-file "$keys" | tail -n 1)"

dotnet "$out/StreamSwarm.Server.dll" --urls "http://127.0.0.1:$PORT" --StreamSwarm:KeysFile="$keys" >"$state/server.log" 2>&1 &
server=$!
cleanup() {
  [ -n "${broadcaster:-}" ] && kill -INT "$broadcaster" 2>/dev/null && wait "$broadcaster" 2>/dev/null
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$state/server.log" >&2; echo "live: the server did not start (port $PORT in use? try PORT=8081)" >&2; exit 1; }
  sleep 0.1
done

dotnet "$bout/streamswarm.dll" go-live --server "http://127.0.0.1:$PORT" --key "$key" --stream "$STREAM" --source testsrc &
broadcaster=$!
wait "$broadcaster"
