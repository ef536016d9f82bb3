#!/usr/bin/env bash
# `make demo-fleet`: 50 emulated encoders, their inventory, a fleet plan, a rolling apply and a
# drift check. Everything stays on 127.0.0.1; the emulator is stopped when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-50}
. scripts/demo-common.sh

usconf emulator --port 0 --count "$count" --inventory-out "$workdir/fleet.yaml" >"$workdir/emulator.out" 2>&1 &
emu_pid=$!
for _ in $(seq 1 300); do
    [ "$(grep -c '^ready ' "$workdir/emulator.out" || true)" -ge "$count" ] && break
    if ! kill -0 "$emu_pid" 2>/dev/null; then echo "the emulator stopped:" >&2; cat "$workdir/emulator.out" >&2; exit 1; fi
    sleep 0.1
done

# Every device is named after its inventory name and gets the fleet's bitrate.
cat >"$workdir/fleet-device.yaml" <<'YAML'
usconf: 1
device:
  name: "{{ target.name }}"
video:
  main:
    bitrate: "{{ vars.bitrate }}"
YAML
sed -i 's/^defaults:$/defaults:\n  vars: {bitrate: 8M}/' "$workdir/fleet.yaml"
cd "$workdir"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
    step() { printf '\n$ %s\n' "$*"; }
fi

step "head -12 fleet.yaml   # written by: usconf emulator --count $count --inventory-out fleet.yaml"
head -12 fleet.yaml

step usconf validate -i fleet.yaml --quiet
usconf validate -i fleet.yaml --quiet

step usconf plan -i fleet.yaml --quiet
usconf plan -i fleet.yaml --quiet

step usconf plan -i fleet.yaml --limit emu-001
usconf plan -i fleet.yaml --limit emu-001

step usconf apply -i fleet.yaml --yes --serial 10 --quiet
usconf apply -i fleet.yaml --yes --serial 10 --quiet | tail -n 5

step usconf drift -i fleet.yaml --quiet
usconf drift -i fleet.yaml --quiet | tail -n 3
