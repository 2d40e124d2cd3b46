#!/usr/bin/env bash
# Installs what the build and tests need, and nothing that is already there.
# Debian 12 as root (or with sudo); quick when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v emcc >/dev/null || missing+=(emscripten)
[ -f /usr/include/stb/stb_image.h ] || missing+=(libstb-dev)
command -v wasm-objdump >/dev/null || missing+=(wabt)
command -v clang >/dev/null || missing+=(clang)
# the Unicode Character Database that scripts/gen-unicode-tables.mjs --check (a test) reads
[ -f /usr/share/unicode/CaseFolding.txt ] || missing+=(unicode-data)
command -v gcc >/dev/null || missing+=(gcc)
command -v parallel >/dev/null || missing+=(parallel) # the shard recipe test (README)
ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.asan-x86_64.a >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
if [ "${PS_SETUP_BROWSER:-1}" = 1 ]; then command -v chromium >/dev/null || missing+=(chromium); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --silent
fi
