#!/bin/sh
# Runs before the native build when libvirt-napi is installed: checks for the
# libvirt development files, pkg-config, a C++ compiler, make and python3, and
# when something is missing says which packages to install, then exits 1.
missing=""
if ! command -v pkg-config >/dev/null 2>&1; then
  missing="pkg-config"
elif ! pkg-config --exists libvirt libvirt-qemu libvirt-lxc 2>/dev/null; then
  missing="the libvirt development files (pkg-config cannot find libvirt)"
fi
add() { if [ -z "$missing" ]; then missing="$1"; else missing="$missing, $1"; fi; }
cxx="${CXX:-g++}"
command -v "${cxx%% *}" >/dev/null 2>&1 || add "a C++ compiler ($cxx)"
command -v make >/dev/null 2>&1 || add "make"
python="${npm_config_python:-${PYTHON:-python3}}"
command -v "$python" >/dev/null 2>&1 || add "Python 3 ($python)"

[ -z "$missing" ] && exit 0
# printf is a shell builtin: this works even when PATH lacks the usual tools
printf '%s\n' \
  "libvirt-napi: cannot build its native addon, missing: $missing. Install these packages, then install libvirt-napi again:" \
  "  Debian/Ubuntu: sudo apt-get install libvirt-dev pkg-config g++ make python3" \
  "  Fedora:        sudo dnf install libvirt-devel pkgconf-pkg-config gcc-c++ make python3" >&2
exit 1
