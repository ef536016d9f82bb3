# Sourced by the demo scripts: a scratch folder and the emulator's process id, both cleaned up
# when the script ends (the emulator is stopped, the folder removed).
workdir=$(mktemp -d)
emu_pid=""
cleanup() {
    if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT
