#!/usr/bin/env bash
# Prepares a bootable test guest for the real-hypervisor tests: Debian's kernel
# (from the linux-image package, /boot/vmlinuz-*) and a tiny initramfs built here
# from busybox-static whose /init prints a marker line to ttyS0 and powers off.
#
#   scripts/make-test-initramfs.sh [OUTDIR]
#
# Without OUTDIR it makes a new directory with mktemp -d; the caller removes it.
# Prints two lines, KERNEL=<path> and INITRD=<path>. OUTDIR is 0755 and the files
# 0644 so that libvirt's qemu user can read them. Nothing is written to the repo.
#
# The marker is `LIBVIRT-NAPI-MARKER <token>` where <token> is the value of
# `marker=` on the kernel command line (so each boot can be told apart), followed
# by `uptime=<seconds>`.
set -euo pipefail
out="${1:-}"

kernel="$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$kernel" ] || { echo "make-test-initramfs: no /boot/vmlinuz-*; install linux-image-amd64 (scripts/setup.sh does)" >&2; exit 1; }
busybox="$(command -v busybox || true)"
[ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=/bin/busybox
[ -x "$busybox" ] || { echo "make-test-initramfs: no busybox; install busybox-static (scripts/setup.sh does)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "make-test-initramfs: $busybox is dynamically linked; install busybox-static" >&2; exit 1
fi
command -v cpio >/dev/null || { echo "make-test-initramfs: no cpio; install cpio (scripts/setup.sh does)" >&2; exit 1; }

if [ -z "$out" ]; then out="$(mktemp -d -t libvirt-napi-guest.XXXXXX)"; else mkdir -p "$out"; fi
chmod 0755 "$out"
initrd="$out/initramfs.cpio.gz"
self="$(readlink -f "$0")"
# rebuild only when an input is newer than the output
if [ ! -f "$initrd" ] || [ "$busybox" -nt "$initrd" ] || [ "$self" -nt "$initrd" ]; then
  stage="$(mktemp -d)"
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage"/{bin,dev,proc,sys}
  cp "$busybox" "$stage/bin/busybox"
  for a in sh mount cat echo poweroff sleep; do ln -s busybox "$stage/bin/$a"; done
  mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
  cat > "$stage/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev 2>/dev/null
token=none
for w in $(cat /proc/cmdline); do
  case "$w" in marker=*) token="${w#marker=}" ;; esac
done
up=$(cut -d' ' -f1 /proc/uptime)
echo "LIBVIRT-NAPI-MARKER $token uptime=$up" > /dev/ttyS0
/bin/busybox poweroff -f
INIT
  chmod 0755 "$stage/init"
  (cd "$stage" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
fi
cp -u "$kernel" "$out/vmlinuz"
chmod 0644 "$out/vmlinuz" "$initrd"
echo "KERNEL=$out/vmlinuz"
echo "INITRD=$initrd"
