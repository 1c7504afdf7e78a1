#!/usr/bin/env bash
# Installs Debian's postgresql when it is missing (the cluster's optional job store; the tests start a throw-away
# server of their own with initdb and pg_ctl, so the system service is not needed; needs root and apt).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
echo "installing postgresql (Debian) for the cluster's PostgreSQL job store tests…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq postgresql >/dev/null
