#!/usr/bin/env bash
# Installs what Scopekeeper needs on Debian 12 / Ubuntu, only what is missing, so it is fast
# when everything is already there. Usage: scripts/ensure-deps.sh build|test|headless
#   build     compile the app (WebKitGTK and friends)
#   headless  what `make run` needs on a machine without a display (Xvfb)
#   test      everything for `make test`: build + Xvfb, WebKitWebDriver, D-Bus, gnome-keyring,
#             libsecret's secret-tool, xclip (reads the clipboard in tests), xdotool (answers
#             native file dialogs in tests), and tauri-driver
#             (cargo install --locked)
set -euo pipefail

BUILD_PKGS=(build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev)
HEADLESS_PKGS=(xvfb xauth dbus dbus-x11)
TEST_PKGS=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools xclip xdotool)
TAURI_DRIVER_VERSION=2.1.0

want=()
case "${1:-}" in
  build) want=("${BUILD_PKGS[@]}") ;;
  headless) want=("${HEADLESS_PKGS[@]}") ;;
  test) want=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}") ;;
  *) echo "usage: $0 build|test|headless" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "error: missing system packages (${missing[*]}) and no apt-get here; install them by hand" >&2
    exit 1
  fi
  sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  echo "==> installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ $1 == test ]]; then
  # tauri-driver has no --version; cargo's own list of installed binaries says which one it is.
  if ! cargo install --list | grep -qx "tauri-driver v$TAURI_DRIVER_VERSION:"; then
    echo "==> installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install --locked --quiet tauri-driver --version "$TAURI_DRIVER_VERSION"
  fi
fi
