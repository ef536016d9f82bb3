#!/usr/bin/env bash
# `make demo`: plan, apply and re-plan examples/studio.yaml against a local emulated encoder.
# Everything stays on 127.0.0.1; the emulator is stopped when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/demo-common.sh

usconf emulator --port 0 >"$workdir/emulator.out" 2>&1 &
emu_pid=$!
url=""
for _ in $(seq 1 100); do
    # ready http://127.0.0.1:PORT cloud=http://127.0.0.1:CLOUD_PORT
    url=$(sed -n 's/^ready \([^ ]*\).*/\1/p' "$workdir/emulator.out" | head -n 1)
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then echo "the emulator did not start:" >&2; cat "$workdir/emulator.out" >&2; exit 1; fi
cloud_port=$(sed -n 's/^ready .* cloud=http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$workdir/emulator.out" | head -n 1)

# Demo values for the secrets examples/studio.yaml takes from the environment.
export YT_KEY=demo-youtube-key BACKUP_KEY=demo-backup-key OPS_PASSWORD=demo-ops-password FTP_PASSWORD=demo-ftp-password
export USCONF_DEVICE="$url"
opts=(--cloud-port "$cloud_port")

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
    step() { printf '\n$ %s\n' "$*"; }
fi

step usconf info
usconf info "${opts[@]}"

step usconf plan examples/studio.yaml --device "$url"
usconf plan examples/studio.yaml "${opts[@]}"

step usconf apply examples/studio.yaml --device "$url" --yes
usconf apply examples/studio.yaml "${opts[@]}" --yes

step usconf plan examples/studio.yaml --device "$url" --detailed-exitcode
usconf plan examples/studio.yaml "${opts[@]}" --detailed-exitcode
