#!/usr/bin/env bash
# Installs every build and test dependency of procsnap from Debian's packages.
# Idempotent; works on a fresh Debian 12 as root (or through sudo when not root).
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config file git
  libarchive-dev libsqlite3-dev sqlite3 libcli11-dev libfmt-dev libgtest-dev
  # static libraries the fully static collector links (libarchive's own deps)
  libzstd-dev zlib1g-dev nettle-dev liblzma-dev libbz2-dev liblz4-dev libacl1-dev libxml2-dev
  # fuzzing and sanitizer builds
  clang libclang-rt-14-dev
  # procsnap push/pull/fleet: ClickHouse over HTTP (libcurl); tests start throwaway ClickHouse servers
  libcurl4-openssl-dev clickhouse-server clickhouse-client openssl
  # osquery's regex_match/regex_split SQL functions: RE2 (linear-time regular expressions)
  libre2-dev
  # procsnap mem yara: YARA rules over captured memory (libyara, linked into the analyzer only); the yara command
  # is bench/yara_bench's baseline
  libyara-dev yara
  # tests run a helper as an unprivileged user and inspect sockets
  passwd iproute2 python3
  # procsnap report's test opens the HTML report in headless Chromium (DOM dump, screenshot, NetLog)
  chromium
  # the contrib/ test parses the Velociraptor and UAC artifacts' YAML with PyYAML
  python3-yaml
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
