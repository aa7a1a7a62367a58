#!/usr/bin/env bash
# Tries the image the build made (target/jib-image.tar) without any container runtime: unpacks its layers into a
# directory and runs its Java there with chroot, as the image's user, in a mount namespace of its own. Needs root,
# unshare and python3.
#
#   ops/check-image.sh                      # Java starts and fontconfig finds the fonts (as ContainerImageIT checks)
#   HEARKEN_DB_URL=jdbc:postgresql://127.0.0.1:5432/hearken HEARKEN_DB_USER=hearken HEARKEN_DB_PASSWORD=… \
#     ops/check-image.sh                    # also starts Hearken from the image's entry point and asks its health
set -euo pipefail
cd "$(dirname "$0")/.."
image=target/jib-image.tar
dir=target/image/check
[ -f "$image" ] || { echo "no $image: run ops/build-image.sh (or ./mvnw package) first" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir/layers" "$dir/root"
tar -xf "$image" -C "$dir/layers"
for layer in $(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))[0]['Layers']))" \
  "$dir/layers/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$dir/layers/$layer" -C "$dir/root"
done
root=$(cd "$dir/root" && pwd)
config() { python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['config']; print($1)" "$dir/layers/config.json"; }
user=$(config "c['User']")
env=$(config "' '.join(c['Env'])")

# Runs "$@" in the image: its root a mount point of its own, /dev and /proc as a runtime gives them, a fresh /tmp.
in_image() {
  unshare --mount --fork -- bash -c '
    root=$1 user=$2 env=$3; shift 3
    mount --bind "$root" "$root" && mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
      mount -t tmpfs tmpfs "$root/tmp"
    cd "$root" && exec env -i $env HOME=/var/lib/hearken "$(command -v chroot)" --userspec="$user" "$root" "$@"' \
    _ "$root" "$user" "$env ${EXTRA_ENV:-}" "$@"
}

in_image java -version
in_image fc-list | grep -q DejaVuSans && echo "fontconfig finds the DejaVu fonts"

if [ -n "${HEARKEN_DB_URL:-}" ]; then
  entrypoint=$(config "' '.join(c['Entrypoint'])")
  EXTRA_ENV="SERVER_PORT=${SERVER_PORT:-18080} HEARKEN_DB_URL=$HEARKEN_DB_URL HEARKEN_DB_USER=${HEARKEN_DB_USER:-}
    HEARKEN_DB_PASSWORD=${HEARKEN_DB_PASSWORD:-} HEARKEN_SECURE_COOKIES=false" in_image sh -c "cd /var/lib/hearken && echo \$\$ >hearken.pid && exec $entrypoint" \
    >"$dir/hearken.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:${SERVER_PORT:-18080}/actuator/health" | grep -q UP; then
      echo "Hearken started from the image and is UP (log: $dir/hearken.log)"
      kill "$(cat "$root/var/lib/hearken/hearken.pid")"
      wait "$pid" 2>/dev/null || true
      exit 0
    fi
    sleep 2
  done
  echo "Hearken did not come up within 4 minutes; see $dir/hearken.log" >&2
  kill "$(cat "$root/var/lib/hearken/hearken.pid" 2>/dev/null)" 2>/dev/null || true
  exit 1
fi
