#!/usr/bin/env bash
# Installs the system packages the sandbox and the tests need, when they are missing and
# this is Debian as root: the Docker engine, a static busybox (the test image), Chromium
# (drives the workbench), Kerberos headers (code-server's native modules) and a registry
# with htpasswd (scripts/registry.sh: private-registry tests). Elsewhere it
# says what is missing and leaves the choice to the user. Idempotent.
#   --no-browser   skip Chromium (only the tests drive a browser); the registry is optional then
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || docker version >/dev/null 2>&1 || need+=(docker.io)
# The image needs a static busybox: ldd fails on a static executable.
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || need+=(busybox-static)
if [ "${1:-}" != "--no-browser" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fi
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
# The private registry of scripts/registry.sh: Distribution 2.8 and htpasswd for its bcrypt file.
registry=()
command -v docker-registry >/dev/null 2>&1 || registry+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || registry+=(apache2-utils)
if [ "${1:-}" != "--no-browser" ]; then
  # The endpoint tests reach the engine through a local sshd.
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh-agent >/dev/null 2>&1 || need+=(openssh-client)
fi

[ ${#need[@]} -eq 0 ] && [ ${#registry[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  echo "[ensure-system] installing ${need[*]} ${registry[*]}" >&2
  apt-get update -qq >&2
  [ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  if [ ${#registry[@]} -gt 0 ]; then
    # Installing docker-registry starts Debian's own registry on :5000 (where the machine lets
    # packages start services), which would hold the port scripts/registry.sh serves on. A
    # policy-rc.d that refuses every start keeps it down while the package is installed.
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${registry[@]}" >&2
  fi
elif [ ${#need[@]} -eq 0 ] && [ "${1:-}" = "--no-browser" ]; then
  # Without the tests only the sandbox's registry needs these, and it does without them.
  echo "[ensure-system] the sandbox's private registry needs: ${registry[*]} (Debian/Ubuntu: sudo apt-get install ${registry[*]})" >&2
else
  echo "[ensure-system] missing: ${need[*]} ${registry[*]}" >&2
  echo "[ensure-system] on Debian/Ubuntu: sudo apt-get install ${need[*]} ${registry[*]}" >&2
  exit 1
fi
