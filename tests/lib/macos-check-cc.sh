#!/usr/bin/env bash
# The C compiler the "macOS check" stage gives cc-rs (CC_<apple target>): `cargo check` type-checks
# the Rust for macOS but never links, and the C that build scripts compile (ring, SQLite, the
# notification helper) needs Apple's SDK headers, which are not ours to download. So each object
# is an empty Mach-O one made by clang for the right target; a preprocessor call (cc-rs probing
# which compiler this is) goes to clang unchanged.
set -euo pipefail
out="" target=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -E) exec clang "$@" ;;
    -o) out=${args[i + 1]} ;;
    -arch) target=${args[i + 1]}-apple-macos11 ;;
    --target=*) target=${args[i]#--target=} ;;
  esac
done
[ -n "$out" ] || exec clang "$@"
exec clang --target="${target:-arm64-apple-macos11}" -c -x c /dev/null -o "$out"
