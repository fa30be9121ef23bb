#!/usr/bin/env bash
# Builds a real test guest from Debian packages only: Debian's kernel, an
# initramfs with busybox-static, qemu-guest-agent (with the shared libraries it
# needs) and the kernel modules for virtio, the cdrom and ISO 9660, and ext4;
# plus a small qcow2 base disk image holding a known file. The guest boots in
# seconds under TCG (domain type qemu) and under KVM.
#
#   scripts/make-test-image.sh DIR          (npm run test-image -- DIR)
#
# Prints one JSON object on stdout with the guest-spec fields it produced:
#   {"kernel": "DIR/vmlinuz", "initrd": "DIR/initramfs-agent.cpio.gz",
#    "cmdline": "console=ttyS0 panic=-1", "image": "DIR/base.qcow2"}
# DIR is 0755 and the files 0644 so that libvirt's qemu user can read them. A
# second run rebuilds only what an input (this script, the kernel, busybox,
# qemu-ga) changed. DIR/base-marker holds the text of /base-marker in the image.
#
# What the guest's /init does (docs/testing.md, "A real guest for integration
# tests", describes the seed conventions for users):
#  1. mounts proc, sys, devtmpfs; loads the modules (busybox modprobe);
#  2. finds the NoCloud seed (the block device whose ISO 9660 label is
#     `cidata`), mounts it read-only at /run/seed; sets the hostname from
#     meta-data `local-hostname` (user-data `hostname:` wins, as in cloud-init);
#     prints `LIBVIRT-NAPI-MARKER <token>` to ttyS0 for a user-data line
#     `libvirt_napi_marker: <token>`; configures the static addresses (and
#     `gateway4`, or `dhcp4: true`) of network-config version 2 `ethernets`;
#  3. mounts /dev/vda read-only at /run/base when there is one;
#  4. starts qemu-ga on the virtio-serial port named org.qemu.guest_agent.0
#     (restarting it if it exits) and prints LIBVIRT-NAPI-AGENT-STARTED.
# Without a seed it keeps the hostname `napi-guest` and configures no address.
# `guest-shutdown` through the agent powers the guest off (or reboots it).
set -euo pipefail

die() { echo "make-test-image: $*" >&2; exit 1; }
out="${1:-}"
[ -n "$out" ] || die "usage: make-test-image.sh DIR (the directory to build into)"

# --- inputs -----------------------------------------------------------------
kernel="$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$kernel" ] || die "no /boot/vmlinuz-*; install linux-image-amd64 (scripts/setup.sh does)"
kver="${kernel#/boot/vmlinuz-}"
moddir="/lib/modules/$kver"
[ -f "$moddir/modules.dep" ] || die "no $moddir/modules.dep for $kernel; reinstall its linux-image package"
busybox="$(command -v busybox || true)"
[ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=/bin/busybox
[ -x "$busybox" ] || die "no busybox; install busybox-static (scripts/setup.sh does)"
if ldd "$busybox" >/dev/null 2>&1; then die "$busybox is dynamically linked; install busybox-static"; fi
# qemu-ga comes from the host's own qemu-guest-agent package (installed by
# scripts/setup.sh) rather than `apt-get download`: building then needs no
# network and no apt lists, and ldd resolves its libraries against the very
# Debian libraries the binary was built for. On the host the package only adds
# a service bound to a virtio port the host does not have.
qga=/usr/sbin/qemu-ga
[ -x "$qga" ] || die "no $qga; install qemu-guest-agent (scripts/setup.sh does)"
for t in cpio gzip qemu-img mke2fs; do
  command -v "$t" >/dev/null || PATH="$PATH:/usr/sbin:/sbin" command -v "$t" >/dev/null ||
    die "no $t; install cpio, qemu-utils and e2fsprogs (scripts/setup.sh does)"
done
PATH="$PATH:/usr/sbin:/sbin"

mkdir -p "$out"
out="$(cd "$out" && pwd -P)"
chmod 0755 "$out"
initrd="$out/initramfs-agent.cpio.gz"
image="$out/base.qcow2"
self="$(readlink -f "$0")"
# the text of /base-marker in the base image (also written to DIR/base-marker)
base_marker="LIBVIRT-NAPI-BASE-IMAGE 1"
cmdline="console=ttyS0 panic=-1"

stage=""
trap '[ -z "$stage" ] || rm -rf "$stage"' EXIT

# the modules /init loads, and everything they depend on (modules.dep)
wanted=(virtio_pci virtio_console virtio_net virtio_blk virtio_scsi
        ata_piix ahci sr_mod sd_mod isofs crc32c_generic ext4)
modclosure() {
  # prints the modules.dep lines of the wanted modules and of their dependencies
  awk -v want="${wanted[*]}" '
    { line[$1] = $0; n = split($1, p, "/"); b = p[n]; sub(/:$/, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b)
      gsub("-", "_", b); byname[b] = $1 }
    END {
      k = split(want, w, " ")
      for (i = 1; i <= k; i++) { if (!(w[i] in byname)) { print "MISSING " w[i]; continue }
        key = byname[w[i]]; keep[key] = 1
        m = split(line[key], d, " "); for (j = 2; j <= m; j++) keep[d[j] ":"] = 1 }
      for (key in keep) if (key in line) print line[key]
    }' "$moddir/modules.dep"
}

# --- the initramfs ----------------------------------------------------------
if [ ! -f "$initrd" ] || [ "$self" -nt "$initrd" ] || [ "$busybox" -nt "$initrd" ] ||
   [ "$qga" -nt "$initrd" ] || [ "$kernel" -nt "$initrd" ] || [ "$moddir/modules.dep" -nt "$initrd" ]; then
  stage="$(mktemp -d)"
  mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,etc,var/run,lib64,"lib/modules/$kver"}
  cp "$busybox" "$stage/bin/busybox"
  for a in $("$busybox" --list); do
    [ "$a" = busybox ] || [ -e "$stage/bin/$a" ] || ln -s busybox "$stage/bin/$a"
  done
  # qemu-ga and its libraries, at the paths ldd reports (the loader included)
  cp "$qga" "$stage/usr/sbin/qemu-ga"
  for lib in $(ldd "$qga" | grep -o '/[^ ]*'); do
    mkdir -p "$stage$(dirname "$lib")"
    cp -L "$lib" "$stage$lib"
  done
  # qemu-ga's guest-shutdown runs /sbin/shutdown -h|-r|-H ...; busybox has none
  cat > "$stage/sbin/shutdown" <<'SHUTDOWN'
#!/bin/sh
sync
case " $* " in *" -r "*) exec /bin/reboot -f ;; *) exec /bin/poweroff -f ;; esac
SHUTDOWN
  chmod 0755 "$stage/sbin/shutdown"
  # kernel modules (decompressed: busybox modprobe loads plain .ko files)
  deps="$(modclosure)"
  if grep -q '^MISSING' <<<"$deps"; then die "kernel $kver lacks modules: $(grep '^MISSING' <<<"$deps" | cut -d' ' -f2 | tr '\n' ' ')"; fi
  : > "$stage/lib/modules/$kver/modules.dep"
  while read -r line; do
    set -- $line
    for f in "${1%:}" "${@:2}"; do
      plain="${f%.xz}"; plain="${plain%.zst}"; plain="${plain%.gz}"
      [ -f "$stage/lib/modules/$kver/$plain" ] && continue
      mkdir -p "$stage/lib/modules/$kver/$(dirname "$plain")"
      case "$f" in
        *.xz) xz -dc "$moddir/$f" ;; *.zst) zstd -dc "$moddir/$f" ;; *.gz) gzip -dc "$moddir/$f" ;; *) cat "$moddir/$f" ;;
      esac > "$stage/lib/modules/$kver/$plain"
    done
    sed -E 's/\.ko\.(xz|zst|gz)/.ko/g' <<<"$line" >> "$stage/lib/modules/$kver/modules.dep"
  done <<<"$deps"
  echo "napi-guest" > "$stage/etc/hostname"
  echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
  echo "root:x:0:" > "$stage/etc/group"
  # busybox udhcpc calls this script to apply a lease (dhcp4: true)
  mkdir -p "$stage/usr/share/udhcpc"
  cat > "$stage/usr/share/udhcpc/default.script" <<'DHCP'
#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev "$interface" scope global
    ip addr add "$ip/${mask:-24}" dev "$interface"
    for r in $router; do ip route replace default via "$r" dev "$interface"; break; done ;;
  deconfig) ip addr flush dev "$interface" scope global; ip link set "$interface" up ;;
esac
exit 0
DHCP
  chmod 0755 "$stage/usr/share/udhcpc/default.script"
  mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true

  # network-config (cloud-init version 2) to lines of
  #   IF <name> | MAC <name> <mac> | ADDR <name> <a/n> | GW <name> <ip> | DHCP <name>
  # for the `ethernets` section: a small indentation-based reader of that subset.
  cat > "$stage/bin/netcfg-parse" <<'PARSE'
#!/bin/sh
exec awk '
  function unq(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/^["\x27]|["\x27]$/, "", s); return s }
  function list(s,   n, a, i) { gsub(/^\[|\]$/, "", s); n = split(s, a, ","); for (i = 1; i <= n; i++) if (unq(a[i]) != "") print "ADDR", ifn, unq(a[i]) }
  { sub(/\r$/, ""); line = $0; sub(/[ \t]+#.*$/, "", line); if (line ~ /^[ \t]*(#|$)/) next
    match(line, /^ */); ind = RLENGTH; t = substr(line, ind + 1)
    if (eth >= 0 && ind <= eth) { eth = -1; ifi = -1 }
    if (t ~ /^ethernets:[ \t]*$/) { eth = ind; ifi = -1; next }
    if (eth < 0) next
    if (ifi < 0 || ind <= ifi) {
      if (t ~ /^[^ -][^:]*:[ \t]*$/) { ifi = ind; ifn = unq(substr(t, 1, index(t, ":") - 1)); print "IF", ifn; inaddr = 0 }
      next
    }
    if (t ~ /^- /) { if (inaddr && ind > addrind) print "ADDR", ifn, unq(substr(t, 3)); next }
    inaddr = 0
    k = unq(substr(t, 1, index(t, ":") - 1)); v = substr(t, index(t, ":") + 1)
    if (k == "addresses") { if (unq(v) == "") { inaddr = 1; addrind = ind } else list(unq(v)) }
    else if (k == "macaddress") print "MAC", ifn, tolower(unq(v))
    else if (k == "gateway4") print "GW", ifn, unq(v)
    else if (k == "dhcp4" && unq(v) ~ /^(true|yes|on)$/) print "DHCP", ifn
  }
  BEGIN { eth = -1; ifi = -1 }' "$@"
PARSE
  chmod 0755 "$stage/bin/netcfg-parse"

  cat > "$stage/init" <<'INIT'
#!/bin/sh
# The libvirt-napi test guest's init (scripts/make-test-image.sh).
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs -o mode=0755 run /run
mkdir -p /run/seed /run/base /var/run /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
say() { echo "$*" > /dev/ttyS0; }
echo /sbin/modprobe > /proc/sys/kernel/modprobe
for m in virtio_pci virtio_console virtio_blk virtio_net virtio_scsi ata_piix ahci sr_mod sd_mod isofs crc32c_generic ext4; do
  modprobe "$m" 2>/dev/null || say "LIBVIRT-NAPI-WARNING cannot load module $m"
done
ip link set lo up

# 2. the NoCloud seed: the block device labelled cidata (module init has waited for
#    the disk probes; a short retry covers a cdrom that shows up late)
seed=""
for i in 1 2 3 4 5 6 7 8 9 10; do
  seed=$(findfs LABEL=cidata 2>/dev/null) && break
  [ -n "$(ls /sys/block | grep -E '^(sr|vd|sd)')" ] && [ $i -ge 3 ] && break
  sleep 0.2
done
hostname=napi-guest
if [ -n "$seed" ] && mount -t iso9660 -o ro "$seed" /run/seed 2>/dev/null; then
  say "LIBVIRT-NAPI-SEED $seed"
  md=/run/seed/meta-data ud=/run/seed/user-data nc=/run/seed/network-config
  getkey() { sed -n -E "s/^[\"']?$1[\"']?[ \t]*:[ \t]*[\"']?([^\"',}]*)[\"']?[ \t,}]*$/\1/p" "$2" 2>/dev/null | head -1; }
  h=$(getkey local-hostname "$md"); [ -n "$h" ] && hostname=$h
  h=$(getkey hostname "$ud"); [ -n "$h" ] && hostname=$h
  iid=$(getkey instance-id "$md"); [ -n "$iid" ] && say "LIBVIRT-NAPI-INSTANCE $iid"
  marker=$(getkey libvirt_napi_marker "$ud")
  [ -n "$marker" ] && say "LIBVIRT-NAPI-MARKER $marker"
  if [ -f "$nc" ]; then
    netcfg-parse "$nc" > /run/netcfg
    nif=$(grep -c '^IF ' /run/netcfg)
    for name in $(sed -n 's/^IF //p' /run/netcfg); do
      dev=""
      mac=$(sed -n "s/^MAC $name //p" /run/netcfg | head -1)
      if [ -n "$mac" ]; then
        for d in /sys/class/net/*; do [ "$(cat $d/address)" = "$mac" ] && dev=${d##*/}; done
      elif [ -e "/sys/class/net/$name" ]; then dev=$name
      elif [ "$nif" = 1 ]; then
        # one entry named for another system (enp1s0...): the guest's only NIC
        dev=$(ls /sys/class/net | grep -v '^lo$' | head -1)
      fi
      [ -n "$dev" ] || { say "LIBVIRT-NAPI-WARNING network-config: no interface for $name"; continue; }
      ip link set "$dev" up
      for a in $(sed -n "s/^ADDR $name //p" /run/netcfg); do
        ip addr add "$a" dev "$dev" && say "LIBVIRT-NAPI-ADDRESS $dev $a"
      done
      gw=$(sed -n "s/^GW $name //p" /run/netcfg | head -1)
      [ -n "$gw" ] && ip route add default via "$gw" dev "$dev"
      grep -q "^DHCP $name\$" /run/netcfg && udhcpc -i "$dev" -b -q -S >/dev/null 2>&1 &
    done
  fi
else
  say "LIBVIRT-NAPI-SEED none"
fi
hostname "$hostname"
say "LIBVIRT-NAPI-HOSTNAME $hostname"

# 3. the base image, read-only
if [ -b /dev/vda ] && [ "$seed" != /dev/vda ]; then
  if mount -o ro /dev/vda /run/base 2>/dev/null || mount -o ro -t ext4 /dev/vda /run/base 2>/dev/null; then
    say "LIBVIRT-NAPI-BASE /dev/vda"
  fi
fi

# 4. the guest agent on the virtio-serial port org.qemu.guest_agent.0 (no udev:
#    find its /dev/vportNpM through sysfs)
port=""
for i in $(seq 1 50); do
  for p in /sys/class/virtio-ports/*; do
    [ "$(cat "$p/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && port=/dev/${p##*/}
  done
  [ -n "$port" ] && [ -e "$port" ] && break
  port=""; sleep 0.1
done
if [ -n "$port" ]; then
  mkdir -p /var/lib/qemu-ga
  ( while :; do
      qemu-ga -m virtio-serial -p "$port" -t /var/lib/qemu-ga -f /run/qemu-ga.pid > /dev/null 2>&1
      say "LIBVIRT-NAPI-AGENT-EXITED $?"; sleep 1
    done ) &
  say "LIBVIRT-NAPI-AGENT-STARTED $port"
else
  say "LIBVIRT-NAPI-AGENT-NONE"
fi
say "LIBVIRT-NAPI-READY uptime=$(cut -d' ' -f1 /proc/uptime)"
# pid 1 stays; orphans are reaped by the shell's wait
while :; do wait; sleep 60; done
INIT
  chmod 0755 "$stage/init"
  (cd "$stage" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -6) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$stage"; stage=""
fi

# --- the base image -----------------------------------------------------------
if [ ! -f "$image" ] || [ "$self" -nt "$image" ]; then
  stage="$(mktemp -d)"
  mkdir -p "$stage/root"
  printf '%s\n' "$base_marker" > "$stage/root/base-marker"
  chmod 0644 "$stage/root/base-marker"
  # mke2fs -d fills the file system from a directory: no loop device, no mount
  log="$(mke2fs -q -F -t ext4 -L napi-base -d "$stage/root" "$stage/base.raw" 16M 2>&1)" || die "mke2fs failed: $log"
  qemu-img convert -q -f raw -O qcow2 "$stage/base.raw" "$image.tmp"
  mv "$image.tmp" "$image"
  rm -rf "$stage"; stage=""
fi
printf '%s\n' "$base_marker" > "$out/base-marker"

cp -u "$kernel" "$out/vmlinuz"
chmod 0644 "$out/vmlinuz" "$initrd" "$image" "$out/base-marker"
json() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
printf '{"kernel": %s, "initrd": %s, "cmdline": %s, "image": %s}\n' \
  "$(json "$out/vmlinuz")" "$(json "$initrd")" "$(json "$cmdline")" "$(json "$image")"
