#!/usr/bin/env bash
# Runs the libvirtd that libvirt-napi's tests use when the machine has none
# (no systemd): start | stop | restart | status.
#
# It listens on the UNIX sockets as usual and on TCP 127.0.0.1:16509 with
# SASL DIGEST-MD5 (libvirt needs a mechanism that encrypts on plain TCP), for
# the remote-host tests. Its configuration lives in /etc/libvirt-napi (the
# system's /etc/libvirt and /etc/sasl2 are not touched): libvirtd.conf, a
# SASL config found through SASL_CONF_PATH, a sasldb with one test user whose
# password is in /etc/libvirt-napi/sasl-user.json (root only). Its pid is in
# /run/libvirt-napi/libvirtd.pid: tests stop and restart only that daemon.
set -euo pipefail
CONF=/etc/libvirt-napi
RUN=/run/libvirt-napi
PIDFILE=$RUN/libvirtd.pid

answers() { timeout 5 virsh -c qemu:///system version >/dev/null 2>&1; }
ours() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

configure() {
  mkdir -p "$CONF/sasl2" "$RUN" /var/log/libvirt
  chmod 700 "$CONF"
  cat > "$CONF/libvirtd.conf" <<CONF
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "16509"
auth_tcp = "sasl"
CONF
  cat > "$CONF/sasl2/libvirt.conf" <<CONF
mech_list: digest-md5
sasldb_path: $CONF/passwd.db
CONF
  if [ ! -f "$CONF/sasl-user.json" ] || [ ! -f "$CONF/passwd.db" ]; then
    local pass
    pass=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s' "$pass" | saslpasswd2 -p -a libvirt -f "$CONF/passwd.db" lvntest
    printf '{"user":"lvntest","password":"%s","uri":"qemu+tcp://127.0.0.1/system"}\n' "$pass" > "$CONF/sasl-user.json"
    chmod 600 "$CONF/sasl-user.json" "$CONF/passwd.db"
  fi
}

start() {
  if answers; then
    ours || echo "libvirtd.sh: a libvirtd not started by this script answers; leaving it alone" >&2
    return 0
  fi
  configure
  pgrep -x virtlogd >/dev/null || virtlogd -d
  SASL_CONF_PATH="$CONF/sasl2" libvirtd -d -l -f "$CONF/libvirtd.conf" -p "$PIDFILE"
  for _ in $(seq 1 100); do answers && return 0; sleep 0.2; done
  echo "libvirtd.sh: libvirtd did not answer on qemu:///system" >&2
  return 1
}

stop() {
  ours || { echo "libvirtd.sh: no libvirtd started by this script is running" >&2; return 1; }
  local pid
  pid=$(cat "$PIDFILE")
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop || true; start ;;
  status) if ours; then echo "running (pid $(cat "$PIDFILE"), started by libvirtd.sh)"; elif answers; then echo "another libvirtd answers"; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
