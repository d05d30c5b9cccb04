#!/usr/bin/env bash
# Installs everything StreamSwarm needs on a fresh Debian machine, then builds it.
# Idempotent: what is already there is skipped. Used by live.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

apt_packages=(ffmpeg chromium redis-server coturn fonts-dejavu-core tmux curl tesseract-ocr xvfb pulseaudio)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in ffmpeg ffprobe node npm dotnet; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is not on PATH; install it and run again" >&2; exit 1; }
done

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  log "npm ci (web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
log "web bundle"
(cd web && npm run --silent build)

log "media samples"
bash media-samples/make-samples.sh >/dev/null

log "dotnet build"
dotnet build StreamSwarm.sln -c "${CONFIGURATION:-Debug}" -nologo -v quiet -clp:ErrorsOnly
