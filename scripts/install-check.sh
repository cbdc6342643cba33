#!/usr/bin/env bash
# The install check: takes the .deb `make package` built, checks what it declares, unpacks it
# into a throwaway root (dpkg -x: nothing is installed on this machine), and starts the
# installed app under Xvfb with a private Secret Service until its window renders. Also checks
# the .rpm carries the same files. Usage: scripts/install-check.sh (after `make package`), or
# BUNDLE_DIR=target/debug/bundle scripts/install-check.sh (`make package-check`).
set -euo pipefail
cd "$(dirname "$0")/.."

# BUNDLE_DIR: where the bundles are (make package-check: target/debug/bundle).
bundles=${BUNDLE_DIR:-target/release/bundle}
deb=$(ls "$bundles"/deb/*.deb 2>/dev/null | head -1 || true)
rpm=$(ls "$bundles"/rpm/*.rpm 2>/dev/null | head -1 || true)
[[ -n $deb && -n $rpm ]] || { echo "error: no .deb or .rpm in $bundles; run make package (or make package-check)" >&2; exit 1; }
echo "==> $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB; $(basename "$rpm"): $(du -k "$rpm" | cut -f1) KiB"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends

# Each declared dependency is met here: in every group, one alternative is installed (or
# provided by an installed package), which is what dpkg -i would require.
provided=$(dpkg-query -W -f='${Package}\n${Provides}\n' 2>/dev/null | tr ',' '\n' | sed 's/(.*)//; s/^ *//; s/ *$//' | sort -u)
IFS=',' read -ra groups <<< "$(dpkg-deb --field "$deb" Depends)"
for group in "${groups[@]}"; do
  met=no
  IFS='|' read -ra alternatives <<< "$group"
  for alt in "${alternatives[@]}"; do
    name=$(sed 's/(.*)//; s/^ *//; s/ *$//' <<< "$alt")
    if [[ $(dpkg-query -W -f='${Status}' "$name" 2>/dev/null) == "install ok installed" ]] || grep -qx "$name" <<< "$provided"; then
      met=yes
      break
    fi
  done
  [[ $met == yes ]] || { echo "error: the .deb depends on '$group', which nothing installed here satisfies" >&2; exit 1; }
done
echo "==> every declared dependency is met"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/scopekeeper-desktop usr/bin/scopekeeper \
         usr/share/metainfo/app.scopekeeper.desktop.metainfo.xml; do
  [[ -s $root/$f ]] || { echo "error: the .deb has no $f" >&2; exit 1; }
done
desktop=$(ls "$root"/usr/share/applications/*.desktop)
grep -q '^Exec=scopekeeper-desktop' "$desktop" || { echo "error: $desktop does not start scopekeeper-desktop" >&2; exit 1; }
ls "$root"/usr/share/icons/hicolor/*/apps/ >/dev/null
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$root/usr/share/metainfo/app.scopekeeper.desktop.metainfo.xml" \
  || { echo "error: the AppStream metadata does not name $(basename "$desktop")" >&2; exit 1; }
echo "==> installed files: $(cd "$root" && find usr -type f | wc -l); app $(du -k "$root/usr/bin/scopekeeper-desktop" | cut -f1) KiB, CLI $(du -k "$root/usr/bin/scopekeeper" | cut -f1) KiB"
"$root/usr/bin/scopekeeper" --version

# The .rpm holds the same programs (its payload listed without rpm: rpm2cpio is not needed for
# a name check, the header lists the file names).
for f in /usr/bin/scopekeeper-desktop /usr/bin/scopekeeper; do
  grep -aq "${f##*/}" "$rpm" || { echo "error: the .rpm does not list $f" >&2; exit 1; }
done

# The starter comes from the tests' one debug build (nothing to compile after `make test`);
# `cargo run -p scopekeeper-e2e` would compile the GUI stack again with other features.
cargo test --workspace --locked --no-run -q 2>/dev/null || cargo test --workspace --locked --no-run
SCOPEKEEPER_APP="$root/usr/bin/scopekeeper-desktop" "${CARGO_TARGET_DIR:-target}/debug/examples/installed_app"
echo "==> install check passed"
