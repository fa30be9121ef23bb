#!/usr/bin/env bash
# Everything the demo and the tests need, on a fresh Debian/Ubuntu machine:
# system packages (when missing), KVM permissions, virtlogd/libvirtd (when
# nothing answers on qemu:///system; there is no systemd to start them), npm
# packages and the build. Safe to run again: it skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ $quiet = 1 ] || echo "setup: $*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# 1. System packages: libvirt-dev to build; the daemon, QEMU and xmllint for
#    the tests; python3-libvirt for the comparison benchmark; a kernel image
#    (linux-image-amd64), busybox-static and cpio for the real-guest boot test
#    (scripts/make-test-initramfs.sh builds its initramfs into /tmp); SASL
#    tools for the remote-host tests (scripts/libvirtd.sh); OVMF for UEFI guests
#    (RESET_NVRAM test, the builder's UEFI firmware on the live daemon).
pkgs=(libvirt-dev pkg-config libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
      libxml2-utils python3-libvirt g++ make python3 sasl2-bin libsasl2-modules
      linux-image-amd64 busybox-static cpio ovmf)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  # one retry: a mirror hiccup should not fail a fresh machine's first run
  for attempt in 1 2; do
    if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/tmp/libvirt-napi-apt.log 2>&1; then
      break
    fi
    [ $attempt = 2 ] && { cat /tmp/libvirt-napi-apt.log >&2; exit 1; }
    sleep 5
  done
fi

# 2. KVM: libvirt's qemu user (group kvm) needs read/write on /dev/kvm.
if [ -e /dev/kvm ] && [ "$(id -u)" = 0 ]; then
  if [ "$(stat -c %G /dev/kvm)" != kvm ] || [ $(( 0$(stat -c %a /dev/kvm) & 060 )) != 48 ]; then
    chgrp kvm /dev/kvm && chmod 660 /dev/kvm && say "gave group kvm read/write on /dev/kvm"
  fi
fi

# 3. Daemons: virtlogd and libvirtd, when nothing answers on qemu:///system
#    (scripts/libvirtd.sh: TCP on 127.0.0.1 with SASL for the remote tests,
#    its pid in /run/libvirt-napi so tests may restart it).
if ! timeout 10 virsh -c qemu:///system version >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    bash scripts/libvirtd.sh start && say "started libvirtd"
  else
    echo "setup: no libvirtd answers on qemu:///system; start it as root: sudo bash scripts/libvirtd.sh start" >&2
  fi
fi

# 4. npm packages.
if [ ! -d node_modules/.bin ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "npm install"
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

# 5. Build (native addon and TypeScript) when a source is newer than its output.
stamp_native=build/Release/libvirt_napi.node
if [ ! -f "$stamp_native" ] || [ -n "$(find native binding.gyp -newer "$stamp_native" -type f 2>/dev/null | head -1)" ]; then
  say "building the native addon"
  npx node-gyp rebuild -j 2 >/tmp/libvirt-napi-build.log 2>&1 || { cat /tmp/libvirt-napi-build.log >&2; exit 1; }
fi
if [ ! -f dist/index.js ] || [ -n "$(find src tsconfig.json tsconfig.build.json -newer dist/index.js -type f 2>/dev/null | head -1)" ]; then
  say "compiling TypeScript"
  npx tsc -p tsconfig.build.json
  touch dist/index.js
fi
exit 0
