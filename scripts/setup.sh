#!/usr/bin/env bash
# Everything the demo and the tests need, on a fresh Debian/Ubuntu machine:
# system packages (when missing), KVM permissions, virtlogd/libvirtd (when
# nothing answers on qemu:///system; there is no systemd to start them), npm
# packages and the build. Safe to run again: it skips what is already done.
#
# It prints one line per step with its time; a long step prints its line when
# it starts and a dot every 10 s until it is done. The logs of apt and of the
# native build go to temporary files, shown (and kept) only when a step fails.
# --quiet prints only the steps that had work to do, then "setup: ready".
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

T_START=$EPOCHREALTIME
# seconds since $1 (an $EPOCHREALTIME value), as "0.4 s" or "93 s"
since() {
  local us=$(( ${EPOCHREALTIME/./} - ${1/./} ))
  if [ $us -lt 10000000 ]; then printf '%d.%d s' $((us / 1000000)) $((us / 100000 % 10)); else printf '%d s' $((us / 1000000)); fi
}
# a step that had nothing to do: shown without --quiet
ok() { [ $quiet = 1 ] || echo "setup: $1 ($(since "$2"))"; }
# a step that did something: always shown
did() { echo "setup: $1 ($(since "$2"))"; }

# long MESSAGE LOGNAME COMMAND...: runs COMMAND with its output in a temporary
# log, printing "setup: MESSAGE..." at once, a dot every 10 s and "done in N s".
# When COMMAND fails, prints the log and keeps it, and setup exits 1.
running_log=""
trap '[ -z "$running_log" ] || rm -f "$running_log"' EXIT  # an interrupted step's partial log
long() {
  local msg=$1 name=$2; shift 2
  local log t0 ticker rc
  log=$(mktemp -t "libvirt-napi-$name.XXXXXX")
  running_log=$log
  t0=$EPOCHREALTIME
  printf 'setup: %s...' "$msg"
  # the dots come from a background loop, so COMMAND stays in the foreground
  # (Ctrl-C stops it); the loop ends with the step, or by itself with setup
  ( while sleep 10 >/dev/null 2>&1 && kill -0 $$ 2>/dev/null; do printf '.'; done ) &
  ticker=$!
  rc=0
  "$@" >"$log" 2>&1 || rc=$?
  kill $ticker 2>/dev/null || true
  wait $ticker 2>/dev/null || true
  running_log=""
  if [ $rc != 0 ]; then
    echo " failed after $(since "$t0") (exit $rc); its log ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
  echo " done in $(since "$t0")"
  rm -f "$log"
}

# 1. System packages: libvirt-dev to build; the daemon, QEMU and xmllint for
#    the tests; python3-libvirt for the comparison benchmark; a kernel image
#    (linux-image-amd64), busybox-static and cpio for the real-guest boot test
#    (scripts/make-test-initramfs.sh builds its initramfs into a temporary
#    directory); SASL tools for the remote-host tests (scripts/libvirtd.sh);
#    OVMF for UEFI guests (RESET_NVRAM test, the builder's UEFI firmware on the
#    live daemon); xorriso for the cloud-init seed images of guest.up (NoCloud
#    ISO 9660, volume id cidata); certtool (gnutls-bin) for the TLS
#    certificates, and an sshd and ssh client for the SSH transport of the
#    remote-host tests (scripts/libvirtd.sh runs its own sshd on 127.0.0.1:2222).
t=$EPOCHREALTIME
pkgs=(libvirt-dev pkg-config libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
      libxml2-utils python3-libvirt g++ make python3 sasl2-bin libsasl2-modules
      linux-image-amd64 busybox-static cpio ovmf
      python3-lxml  # libxml2's round trip next to the XML layer's in npm run bench:xml
      gnutls-bin openssh-server openssh-client  # TLS certificates and SSH for the remote-host tests
      iproute2      # ss: the remote tests check that the daemons listen on loopback only
      dnsmasq-base  # libvirt 9.0's network driver crashes the daemon at start when a virtual
                    # network is active and no dnsmasq is installed (a restart during the tests)
      qemu-guest-agent e2fsprogs xorriso)  # the agent guest and its base image (scripts/make-test-image.sh), NoCloud seed ISOs
if ! command -v dpkg-query >/dev/null; then
  echo "setup: system packages: not a Debian/Ubuntu system (no dpkg-query); install the equivalents of: ${pkgs[*]}" >&2
else
  installed=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} \n' "${pkgs[@]}" 2>/dev/null | sed -n 's/^ii *//p' | tr -d '\n' || true)"
  missing=()
  for p in "${pkgs[@]}"; do
    [[ "$installed" == *" $p "* ]] || missing+=("$p")
  done
  if [ ${#missing[@]} = 0 ]; then
    ok "system packages: all ${#pkgs[@]} installed" "$t"
  else
    apt_install() {
      # Without systemd, a package's postinst starts its service through
      # invoke-rc.d (openssh-server would start an sshd on port 22 of every
      # address). This set-up starts the daemons it needs itself, loopback
      # only, so a policy-rc.d denies those starts while apt runs (unless the
      # machine has its own policy, as container images do).
      local policy=/usr/sbin/policy-rc.d made_policy=0
      if [ ! -e $policy ]; then
        printf '#!/bin/sh\n# libvirt-napi scripts/setup.sh, removed when apt is done\nexit 101\n' | $SUDO tee $policy >/dev/null
        $SUDO chmod 755 $policy
        made_policy=1
      fi
      apt_get_install || { [ $made_policy = 0 ] || $SUDO rm -f $policy; return 1; }
      [ $made_policy = 0 ] || $SUDO rm -f $policy
    }
    apt_get_install() {
      # one retry: a mirror hiccup should not fail a fresh machine's first run
      local attempt
      for attempt in 1 2; do
        if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
            --no-install-recommends "${missing[@]}"; then
          return 0
        fi
        [ $attempt = 2 ] && return 1
        sleep 5
      done
    }
    long "installing ${#missing[@]} Debian packages (${missing[*]}; first run: a few minutes)" apt apt_install
  fi
fi

# 2. KVM: libvirt's qemu user (group kvm) needs read/write on /dev/kvm.
t=$EPOCHREALTIME
if [ ! -e /dev/kvm ]; then
  ok "KVM: no /dev/kvm, guests run on TCG emulation" "$t"
elif [ "$(id -u)" != 0 ]; then
  ok "KVM: /dev/kvm present (not root: its permissions are not checked)" "$t"
elif [ "$(stat -c %G /dev/kvm)" != kvm ] || [ $(( 0$(stat -c %a /dev/kvm) & 060 )) != 48 ]; then
  chgrp kvm /dev/kvm && chmod 660 /dev/kvm
  did "KVM: gave group kvm read/write on /dev/kvm" "$t"
else
  ok "KVM: /dev/kvm usable by group kvm" "$t"
fi

# 3. Daemons: virtlogd and libvirtd, when nothing answers on qemu:///system
#    (scripts/libvirtd.sh: TCP with SASL, TLS and an sshd, all on 127.0.0.1,
#    for the remote tests; its pids in /run/libvirt-napi so tests may restart
#    it). When its libvirtd already runs, `start` only brings up what is not
#    running (sshd) or not configured yet (a quick check).
t=$EPOCHREALTIME
if [ "$(id -u)" = 0 ] && [ -f /run/libvirt-napi/libvirtd.pid ] && kill -0 "$(cat /run/libvirt-napi/libvirtd.pid)" 2>/dev/null; then
  bash scripts/libvirtd.sh start
  ok "libvirtd: scripts/libvirtd.sh's daemons run (UNIX, TCP+SASL, TLS, SSH)" "$t"
elif timeout 10 virsh -c qemu:///system version >/dev/null 2>&1; then
  ok "libvirtd: answers on qemu:///system" "$t"
elif [ "$(id -u)" = 0 ]; then
  long "starting virtlogd and libvirtd (scripts/libvirtd.sh)" libvirtd bash scripts/libvirtd.sh start
else
  echo "setup: libvirtd: nothing answers on qemu:///system; start it as root: sudo bash scripts/libvirtd.sh start" >&2
fi

# 4. npm packages (their install scripts are skipped: steps 5 and 6 build).
t=$EPOCHREALTIME
if [ ! -d node_modules/.bin ] || [ package.json -nt node_modules/.package-lock.json ]; then
  long "installing npm packages" npm npm install --no-audit --no-fund --ignore-scripts --loglevel=error
else
  ok "npm packages: up to date" "$t"
fi

# 5. Native addon, when a source is newer than the build.
t=$EPOCHREALTIME
stamp_native=build/Release/libvirt_napi.node
if [ ! -f "$stamp_native" ] || [ -n "$(find native binding.gyp -newer "$stamp_native" -type f 2>/dev/null | head -1)" ]; then
  long "building the native addon (first run: a few minutes)" build sh -c \
    'sh scripts/check-prerequisites.sh && npx node-gyp rebuild -j 2'
else
  ok "native addon: up to date" "$t"
fi

# 6. TypeScript, when a source is newer than dist/.
t=$EPOCHREALTIME
if [ ! -f dist/index.mjs ] || [ -n "$(find src tsconfig.json tsconfig.build.json scripts/postbuild.js -newer dist/index.mjs -type f 2>/dev/null | head -1)" ]; then
  long "compiling TypeScript" tsc npm run --silent build:ts
else
  ok "TypeScript build: up to date" "$t"
fi

[ $quiet = 1 ] && echo "setup: ready ($(since "$T_START"))"
exit 0
