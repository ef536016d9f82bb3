#!/usr/bin/env bash
# First contact, from factory-new boxes to managed ones, against the emulator and the fake
# Bluetooth peripherals. Everything stays on 127.0.0.1: discovery is sent unicast to the
# emulator's discovery port, never to the multicast group; Bluetooth is the built-in fake.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/demo-common.sh

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
    step() { printf '\n$ %s\n' "$*"; }
fi

# 1. A box with no network yet: Bluetooth (the fake scene of `--emulate`).
step usconf ble scan --emulate
usconf ble scan --emulate

step usconf ble status C301181214002 --emulate
usconf ble status C301181214002 --emulate

# The Wi-Fi password comes from the environment, never from the command line.
export WIFI_PASSWORD=lab-password-1
step usconf ble wifi C301181214002 --ssid usconf-lab --password-env WIFI_PASSWORD --emulate
usconf ble wifi C301181214002 --ssid usconf-lab --password-env WIFI_PASSWORD --emulate

export WRONG_PASSWORD=not-the-lab-password
step usconf ble wifi C301181214002 --ssid usconf-lab --password-env WRONG_PASSWORD --emulate "  # fails clearly"
usconf ble wifi C301181214002 --ssid usconf-lab --password-env WRONG_PASSWORD --emulate || true

# 2. The boxes are on the network: three emulated encoders answering discovery probes.
usconf emulator --count 3 --port 0 --discovery-port 0 >"$workdir/emulator.out" 2>&1 &
emu_pid=$!
target=""
for _ in $(seq 1 100); do
    # discovery 127.0.0.1:PORT (after one `ready URL ...` line per device)
    target=$(sed -n 's/^discovery \(.*\)$/\1/p' "$workdir/emulator.out" | head -n 1)
    [ -n "$target" ] && break
    sleep 0.1
done
if [ -z "$target" ]; then echo "the emulator did not start:" >&2; cat "$workdir/emulator.out" >&2; exit 1; fi
first_url=$(sed -n 's/^ready \([^ ]*\).*/\1/p' "$workdir/emulator.out" | head -n 1)
first_port=${first_url##*:}

step usconf discover --target "$target" --timeout 0.5
usconf discover --target "$target" --timeout 0.5

step usconf discover --scan 127.0.0.1/32 --port "$first_port"
usconf discover --scan 127.0.0.1/32 --port "$first_port"

# 3. An inventory of what was found.
inventory="$workdir/fleet.yaml"
cp examples/minimal.yaml "$workdir/minimal.yaml"
step usconf discover --target "$target" --timeout 0.5 --names serial --inventory-out fleet.yaml --config minimal.yaml
usconf discover --target "$target" --timeout 0.5 --names serial --inventory-out "$inventory" --config "$workdir/minimal.yaml"
step cat fleet.yaml
cat "$inventory"

# 4. Desired state on every device of the inventory.
urls=$(python3 -c 'import sys, yaml; [print(d["url"]) for d in yaml.safe_load(open(sys.argv[1]))["devices"].values()]' "$inventory")
for url in $urls; do
    step usconf apply minimal.yaml --device "$url" --yes
    usconf apply "$workdir/minimal.yaml" --device "$url" --yes
done

step usconf discover --target "$target" --timeout 0.5 "  # every box now has its managed name"
usconf discover --target "$target" --timeout 0.5
