#!/bin/sh
# A guest's life with the command-line tool: check a spec, start the guest, list it,
# remove it. `libvirt-napi` is the package's bin (npx libvirt-napi in a project).
# Usage: cli-lifecycle.sh [URI]   (default qemu:///system)
set -eu
URI=${1:-qemu:///system}
NAME=lvn-example-$$-cli
SPEC=$(mktemp --suffix=.json)
trap 'rm -f "$SPEC"' EXIT

cat >"$SPEC" <<JSON
{ "name": "$NAME", "memoryMiB": 128, "vcpus": 1, "virtType": "qemu" }
JSON

libvirt-napi --version
libvirt-napi up "$SPEC" --uri "$URI" --quiet
libvirt-napi ls --uri "$URI" --json | grep -c "\"name\": \"$NAME\""
libvirt-napi down "$NAME" --uri "$URI" --quiet
