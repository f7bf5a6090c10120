#!/usr/bin/env bash
# Install the Debian packages whose command (or file, for an absolute path) is missing:
#   ci/apt-need.sh COMMAND:PACKAGE /path/to/file:PACKAGE ...
# CI runs as root on a fresh clone; a machine that already has them is left as it is.
set -euo pipefail
missing=()
for pair in "$@"; do
    want=${pair%%:*}
    if [[ $want == /* ]]; then
        [[ -e $want ]] || missing+=("${pair#*:}")
    else
        command -v "$want" >/dev/null || missing+=("${pair#*:}")
    fi
done
((${#missing[@]})) || exit 0
echo "installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
