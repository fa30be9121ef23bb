#!/usr/bin/env bash
# Runs the libvirtd that libvirt-napi's tests use when the machine has none
# (no systemd), and an sshd in front of it: start | stop | restart | status.
#
# Transports, all on loopback only:
#   - the UNIX sockets, as usual;
#   - TCP 127.0.0.1:16509 with SASL DIGEST-MD5. libvirt accepts on plain TCP
#     only a SASL mechanism that brings a security layer (SSF >= 56) to
#     encrypt the traffic; SCRAM-SHA-256 has none, so libvirt refuses it there
#     (SCRAM is offered too, but only a TLS or UNIX transport could use it).
#     DIGEST-MD5 is the one mechanism of Debian's SASL modules that encrypts;
#     the fleet transports below are TLS and SSH;
#   - TLS 127.0.0.1:16514 with x509 certificates: a CA, a server certificate
#     and client certificates made with certtool (as libvirt's docs do it),
#     the client's DN in tls_allowed_dn_list. The client files are in
#     /etc/libvirt-napi/pki/client (pass it as ?pkipath=);
#   - SSH: an sshd of its own on 127.0.0.1:2222 (key authentication only),
#     client key /etc/libvirt-napi/ssh/id_ed25519, known_hosts next to it.
# For the refusal tests, more client material is made once and kept: under
# pki/ the directories other-ca, expired, unlisted and no-cert; under ssh/
# id_ed25519_unknown (a key sshd does not know) and known_hosts_wrong.
#
# Its configuration lives in /etc/libvirt-napi (the system's /etc/libvirt,
# /etc/sasl2 and /etc/ssh are not touched): libvirtd.conf, a SASL config found
# through SASL_CONF_PATH, a sasldb with one test user whose password is in
# /etc/libvirt-napi/sasl-user.json (root only). Secrets are 0600 in 0700
# directories. Pids are in /run/libvirt-napi (libvirtd.pid, sshd.pid): tests
# stop and restart only these daemons. `start` starts what is not running
# (and restarts our libvirtd when its configuration changed); `restart`
# restarts libvirtd only; `stop` stops both.
set -euo pipefail
CONF=/etc/libvirt-napi
RUN=/run/libvirt-napi
PIDFILE=$RUN/libvirtd.pid
SSHD_PIDFILE=$RUN/sshd.pid
PKI=$CONF/pki
SSH=$CONF/ssh
TLS_PORT=16514
SSH_PORT=2222
CLIENT_DN_O="libvirt-napi"
CLIENT_CN="libvirt-napi test client"
DAEMON_LOG=/var/log/libvirt/libvirt-napi.log  # warnings and errors

answers() { timeout 5 virsh -c qemu:///system version >/dev/null 2>&1; }
ours() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
sshd_ours() { [ -f "$SSHD_PIDFILE" ] && kill -0 "$(cat "$SSHD_PIDFILE")" 2>/dev/null; }
log_restart() { echo "$(date -u), libvirtd.sh, $1" >> /tmp/libvirtd-restarts.log; }

# certtool --generate-privkey, quietly, 0600
privkey() { (umask 077; certtool --generate-privkey --outfile "$1" 2>/dev/null); }
# cert TEMPLATE_TEXT KEY OUT [CA_DIR]: a certificate signed by CA_DIR's CA
# (self-signed without CA_DIR)
cert() {
  local tpl
  tpl=$(mktemp)
  printf '%s\n' "$1" > "$tpl"
  if [ -n "${4:-}" ]; then
    certtool --generate-certificate --load-privkey "$2" --load-ca-certificate "$4/cacert.pem" \
      --load-ca-privkey "$4/cakey.pem" --template "$tpl" --outfile "$3" >/dev/null 2>&1
  else
    certtool --generate-self-signed --load-privkey "$2" --template "$tpl" --outfile "$3" >/dev/null 2>&1
  fi
  rm -f "$tpl"
  chmod 600 "$3"
}
# a CA in directory $1 (cakey.pem, cacert.pem) named $2
make_ca() {
  mkdir -p -m 700 "$1"
  privkey "$1/cakey.pem"
  cert "cn = \"$2\"
ca
cert_signing_key
expiration_days = 3650" "$1/cakey.pem" "$1/cacert.pem"
}
# client DIR CA_DIR CN [EXTRA_TEMPLATE_LINES]: a pkipath directory with
# cacert.pem (CA_DIR's), clientcert.pem and clientkey.pem
make_client() {
  mkdir -p -m 700 "$1"
  privkey "$1/clientkey.pem"
  cert "organization = \"$CLIENT_DN_O\"
cn = \"$3\"
tls_www_client
encryption_key
signing_key
${4:-expiration_days = 3650}" "$1/clientkey.pem" "$1/clientcert.pem" "$2"
  install -m 600 "$2/cacert.pem" "$1/cacert.pem"
}

# The PKI, made once and kept (delete /etc/libvirt-napi/pki to make it anew).
configure_pki() {
  [ -f "$PKI/client/clientcert.pem" ] && [ -f "$PKI/unlisted/clientcert.pem" ] && return 0
  rm -rf "$PKI"
  mkdir -p -m 700 "$PKI"
  make_ca "$PKI/ca" "libvirt-napi test CA"
  mkdir -p -m 700 "$PKI/server"
  privkey "$PKI/server/serverkey.pem"
  cert "organization = \"$CLIENT_DN_O\"
cn = \"127.0.0.1\"
dns_name = \"localhost\"
ip_address = \"127.0.0.1\"
tls_www_server
encryption_key
signing_key
expiration_days = 3650" "$PKI/server/serverkey.pem" "$PKI/server/servercert.pem" "$PKI/ca"
  install -m 600 "$PKI/ca/cacert.pem" "$PKI/server/cacert.pem"
  make_client "$PKI/client" "$PKI/ca" "$CLIENT_CN"
  # refusals: a client whose DN is not in tls_allowed_dn_list ...
  make_client "$PKI/unlisted" "$PKI/ca" "libvirt-napi unlisted client"
  # ... a certificate that expired (certtool takes explicit past dates) ...
  make_client "$PKI/expired" "$PKI/ca" "$CLIENT_CN" 'activation_date = "2020-01-01 00:00:00"
expiration_date = "2021-01-01 00:00:00"'
  # ... one from another CA (its cacert.pem holds both CAs, so that the client
  # trusts the server and its own certificate: the server is the one to refuse) ...
  make_ca "$PKI/other-ca-ca" "libvirt-napi other CA"
  make_client "$PKI/other-ca" "$PKI/other-ca-ca" "$CLIENT_CN"
  cat "$PKI/ca/cacert.pem" "$PKI/other-ca-ca/cacert.pem" > "$PKI/other-ca/cacert.pem"
  rm -f "$PKI/other-ca-ca/cakey.pem"
  # ... and none at all (the CA only).
  mkdir -p -m 700 "$PKI/no-cert"
  install -m 600 "$PKI/ca/cacert.pem" "$PKI/no-cert/cacert.pem"
}

# The client's DN as libvirt compares it with tls_allowed_dn_list (in the
# order libvirt reads it, which is not the order `certtool -i` prints).
client_dn() { virt-pki-query-dn "$PKI/client/clientcert.pem"; }

# sshd's host key, config, authorized key and the client's files, made once.
configure_ssh() {
  mkdir -p -m 700 "$SSH"
  mkdir -p /run/sshd && chmod 755 /run/sshd  # sshd's privilege separation directory
  [ -f "$SSH/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C libvirt-napi-sshd -f "$SSH/ssh_host_ed25519_key"
  [ -f "$SSH/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C libvirt-napi-client -f "$SSH/id_ed25519"
  [ -f "$SSH/id_ed25519_unknown" ] || ssh-keygen -q -t ed25519 -N '' -C libvirt-napi-unknown -f "$SSH/id_ed25519_unknown"
  if [ ! -f "$SSH/known_hosts_wrong" ]; then
    local tmp
    tmp=$(mktemp -d)
    ssh-keygen -q -t ed25519 -N '' -f "$tmp/k"
    echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$tmp/k.pub")" > "$SSH/known_hosts_wrong"
    rm -rf "$tmp"
  fi
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSH/ssh_host_ed25519_key.pub")" > "$SSH/known_hosts"
  cp "$SSH/id_ed25519.pub" "$SSH/authorized_keys"
  cat > "$SSH/sshd_config" <<CONF
# libvirt-napi's sshd (scripts/libvirtd.sh): loopback, keys only
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH/ssh_host_ed25519_key
PidFile $SSHD_PIDFILE
AuthorizedKeysFile $SSH/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers root
UsePAM no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
CONF
  chmod 600 "$SSH"/* && chmod 644 "$SSH"/*.pub
}

configure() {
  mkdir -p "$CONF/sasl2" "$RUN" /var/log/libvirt
  chmod 700 "$CONF"
  configure_pki
  local dn
  dn=$(client_dn)
  [ -n "$dn" ] || { echo "libvirtd.sh: cannot read the client certificate's DN" >&2; return 1; }
  cat > "$CONF/libvirtd.conf.new" <<CONF
listen_tls = 1
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "16509"
tls_port = "$TLS_PORT"
auth_tcp = "sasl"
auth_tls = "none"
key_file = "$PKI/server/serverkey.pem"
cert_file = "$PKI/server/servercert.pem"
ca_file = "$PKI/server/cacert.pem"
tls_no_verify_certificate = 0
tls_allowed_dn_list = ["$dn"]
log_outputs = "3:file:$DAEMON_LOG"
CONF
  chmod 600 "$CONF/libvirtd.conf.new"
  cat > "$CONF/sasl2/libvirt.conf" <<CONF
mech_list: digest-md5 scram-sha-256
sasldb_path: $CONF/passwd.db
CONF
  chmod 700 "$CONF/sasl2"
  if [ ! -f "$CONF/sasl-user.json" ] || [ ! -f "$CONF/passwd.db" ]; then
    local pass
    pass=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s' "$pass" | saslpasswd2 -p -a libvirt -f "$CONF/passwd.db" lvntest
    printf '{"user":"lvntest","password":"%s","uri":"qemu+tcp://127.0.0.1/system"}\n' "$pass" > "$CONF/sasl-user.json"
    chmod 600 "$CONF/sasl-user.json" "$CONF/passwd.db"
  fi
  configure_ssh
}

# 0 when the running libvirtd's configuration differs from the one configure() wrote
conf_changed() { ! cmp -s "$CONF/libvirtd.conf" "$CONF/libvirtd.conf.new"; }

start_libvirtd() {
  mv -f "$CONF/libvirtd.conf.new" "$CONF/libvirtd.conf"
  pgrep -x virtlogd >/dev/null || virtlogd -d
  SASL_CONF_PATH="$CONF/sasl2" libvirtd -d -l -f "$CONF/libvirtd.conf" -p "$PIDFILE"
  for _ in $(seq 1 100); do answers && return 0; sleep 0.2; done
  echo "libvirtd.sh: libvirtd did not answer on qemu:///system" >&2
  return 1
}

start_sshd() {
  sshd_ours && return 0
  /usr/sbin/sshd -f "$SSH/sshd_config"
  for _ in $(seq 1 50); do sshd_ours && return 0; sleep 0.1; done
  echo "libvirtd.sh: sshd did not start on 127.0.0.1:$SSH_PORT" >&2
  return 1
}

start() {
  configure
  if answers; then
    if ! ours; then
      echo "libvirtd.sh: a libvirtd not started by this script answers; leaving it alone" >&2
      rm -f "$CONF/libvirtd.conf.new"
    elif conf_changed; then
      log_restart "restart: its configuration changed"
      stop_libvirtd
      start_libvirtd
    else
      rm -f "$CONF/libvirtd.conf.new"
    fi
  else
    start_libvirtd
  fi
  start_sshd
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_libvirtd() {
  ours || { echo "libvirtd.sh: no libvirtd started by this script is running" >&2; return 1; }
  stop_pid "$(cat "$PIDFILE")"
  rm -f "$PIDFILE"
}

stop_sshd() {
  sshd_ours || return 0
  stop_pid "$(cat "$SSHD_PIDFILE")"
  rm -f "$SSHD_PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) rc=0; stop_libvirtd || rc=$?; stop_sshd; exit $rc ;;
  restart) stop_libvirtd || true; start ;;
  status)
    if sshd_ours; then echo "sshd: running (pid $(cat "$SSHD_PIDFILE")) on 127.0.0.1:$SSH_PORT"; else echo "sshd: not running"; fi
    if ours; then echo "running (pid $(cat "$PIDFILE"), started by libvirtd.sh)"; elif answers; then echo "another libvirtd answers"; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
