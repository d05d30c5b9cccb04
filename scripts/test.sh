#!/usr/bin/env bash
# Sets up, then runs every test: each .NET test project in turn (they start real servers,
# ffmpeg and Chromium, so running them one after another keeps a 2-core machine honest), then
# the web tests. Ends with one line 'N passed, N failed'. Artifacts (screenshots, recordings) go
# to artifacts/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

mkdir -p artifacts
export STREAMSWARM_ARTIFACTS="$PWD/artifacts"
passed=0; failed=0; rc=0

# A test host killed by the hang timeout cannot stop the servers, broadcasters (and their ffmpeg)
# and coturn it started; orphaned, they would load the machine for every later project. After
# each project, orphans of ours (parent pid 1) are stopped with their children, and counted.
stop_leftovers() {
  local p n=0
  for p in $(ps -eo pid=,ppid=,args= | awk -v src="$PWD/src/StreamSwarm." \
      '$2 == 1 && (index($0, src) || /turnserver .*--realm=streamswarm/) { print $1 }'); do
    echo "   orphan: $(ps -o args= -p "$p" | cut -c1-140)"
    pkill -9 -P "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null && n=$((n + 1))
  done
  [ $n -gt 0 ] && echo "   stopped $n orphaned process(es) a test left running"
  return 0
}
for proj in tests/*/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  log="artifacts/$name.log"
  echo "== $name"
  start=$(date +%s)
  # A test that hangs is killed after 5 minutes and reported by name (blame), and a project
  # that runs past 20 minutes is stopped: either way the run fails and says where, instead of
  # using up CI's time.
  timeout --kill-after=30s 1200 dotnet test "$proj" -c "${CONFIGURATION:-Debug}" --no-build --nologo \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    --logger "console;verbosity=normal" --results-directory "artifacts/TestResults" >"$log" 2>&1
  prc=$?
  stop_leftovers
  # vstest prints either 'Passed!  - Failed: 0, Passed: 12, ...' or, at normal verbosity,
  # 'Total tests: 12' followed by '     Passed: 12' and '     Failed: 0' lines.
  line="$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)"
  if [ -n "$line" ]; then
    p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line")
  else
    p=$(sed -nE 's/^ +Passed: +([0-9]+)$/\1/p' "$log" | tail -n 1); f=$(sed -nE 's/^ +Failed: +([0-9]+)$/\1/p' "$log" | tail -n 1)
  fi
  p=${p:-0}; f=${f:-0}
  if [ $prc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  echo "   $p passed, $f failed in $(( $(date +%s) - start )) s"
  if [ $prc -ne 0 ]; then
    rc=1
    grep -E '^\s+Failed |Error Message|^\s+at .*:line|error|hang|was running' "$log" | head -n 60
  fi
done

echo "== web"
(cd web && npm test) >artifacts/web.log 2>&1
wrc=$?
wp=$(sed -nE 's/^# pass ([0-9]+)/\1/p' artifacts/web.log | tail -n1); wf=$(sed -nE 's/^# fail ([0-9]+)/\1/p' artifacts/web.log | tail -n1)
wp=${wp:-0}; wf=${wf:-0}
if [ $wrc -ne 0 ] && [ "$wf" -eq 0 ]; then wf=1; fi
echo "   $wp passed, $wf failed"
[ $wrc -ne 0 ] && { rc=1; tail -n 40 artifacts/web.log; }
passed=$((passed + wp)); failed=$((failed + wf))

echo "$passed passed, $failed failed"
exit $rc
