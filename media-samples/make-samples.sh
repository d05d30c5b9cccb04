#!/usr/bin/env bash
# Creates the media clips the Media tests and benchmarks use, into media-samples/out/ (gitignored).
# Idempotent: a clip that already exists is kept. Needs ffmpeg (apt-get install ffmpeg).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/out}"
mkdir -p "$out"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "make-samples: ffmpeg not found; install it with: apt-get install ffmpeg" >&2
  exit 1
fi

ff=(ffmpeg -hide_banner -loglevel error -nostdin -y)

# Writes to a temporary name first so an interrupted run never leaves a half clip behind.
make() {
  local name="$1"; shift
  if [[ -s "$out/$name" ]]; then
    echo "make-samples: $name exists"
    return
  fi
  local tmp="$out/.tmp-$$-$name"
  "${ff[@]}" "$@" "$tmp"
  mv -f "$tmp" "$out/$name"
  echo "make-samples: wrote $name"
}

clip() {
  local seconds="$1"
  echo -f lavfi -i "testsrc2=size=640x360:rate=30" -f lavfi -i "sine=frequency=1000:sample_rate=48000" \
    -t "$seconds" -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 -b:v 1000k \
    -c:a aac -b:a 128k -ac 2 -movflags +faststart -f mp4
}

# shellcheck disable=SC2046
make short.mp4 $(clip 10)
# shellcheck disable=SC2046
make long.mp4 $(clip 60)
make tone.wav -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 5 -ac 2 -c:a pcm_s16le -f wav

# Captured first: 'grep -q' closing the pipe early would fail the pipeline under pipefail.
encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null || true)"
if grep -qE '^ *A.{5} (libmp3lame|libshine|mp3) ' <<<"$encoders"; then
  make tone.mp3 -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 5 -ac 2 -b:a 128k -f mp3
else
  echo "make-samples: ffmpeg has no MP3 encoder; skipping tone.mp3"
fi
