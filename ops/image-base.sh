#!/usr/bin/env bash
# Makes the base of Hearken's container image, target/image/base.tar (a `docker save` tarball of one layer), without a
# container daemon, a registry or root: the few Debian packages a Java runtime and the PDF fonts need are fetched with
# `apt-get download` from the machine's own Debian release and unpacked (not installed: no shell scripts run, no
# package manager in the image), a Java runtime is made by jlink from the JDK the build runs on (/opt/java), and the
# image gets its user, hearken (uid and gid 10001), with its data directory /var/lib/hearken.
#
# The build runs this before Jib puts the application on the base (`./mvnw package`); it reuses a base made from the
# same script and JDK, so later builds do not download anything. HEARKEN_IMAGE_REBUILD_BASE=1 makes it again (to take
# Debian's security updates). Needs Debian's apt with its package lists (apt-get update once, as root), dpkg-deb,
# fc-cache (Debian: fontconfig), tar, gzip and sha256sum.
#
#   ops/image-base.sh [JAVA_HOME]
set -euo pipefail
cd "$(dirname "$0")/.."

java_home="${1:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
work=target/image
base="$work/base.tar"
# The shared libraries the JVM, its font code (fontconfig, FreeType) and bash load, the fonts, and fc-list.
# The JDK's own trust store and time-zone data are used, so neither ca-certificates nor tzdata is needed.
packages=(libc6 libgcc-s1 zlib1g libfreetype6 libpng16-16 libbrotli1 libbz2-1.0 libexpat1 libfontconfig1
  fontconfig-config fontconfig fonts-dejavu-core bash libtinfo6)
# What Hearken uses of the JDK (jdeps over the application and its libraries), with the locale data and charsets.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,\
java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.management,\
jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

key=$( (cat "$0" "$java_home/release") | sha256sum | cut -d' ' -f1)
if [ -f "$base" ] && [ "$(cat "$work/base.key" 2>/dev/null)" = "$key" ] && [ -z "${HEARKEN_IMAGE_REBUILD_BASE:-}" ]; then
  echo "base image up to date: $base"
  exit 0
fi
[ -x "$java_home/bin/jlink" ] || { echo "no jlink in $java_home: the image's Java runtime is made with a JDK's jlink" >&2; exit 1; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
  { echo "the image's base is made from Debian packages: apt-get and dpkg-deb are missing" \
    "(-Dhearken.image.skip=true builds without the image)" >&2; exit 1; }
command -v fc-cache >/dev/null || { echo "fc-cache is missing: apt-get install fontconfig" >&2; exit 1; }

start=$(date +%s)
rootfs="$work/rootfs" debs="$work/debs" layer="$work/base"
rm -rf "$rootfs" "$debs" "$layer" "$base" "$work/base.key" && mkdir -p "$rootfs" "$debs" "$layer"
# As root apt would hand the download to its unprivileged user, who may not write here.
sandbox=() && [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
(cd "$debs" && apt-get -qq "${sandbox[@]}" download "${packages[@]}") || {
  echo "apt-get download failed: are apt's package lists there (apt-get update) and Debian's mirror reachable?" >&2
  exit 1
}
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done

# Nothing the image needs at run time: documentation, manuals, other locales' messages, package tooling leftovers.
rm -rf "$rootfs"/usr/share/{doc,man,info,locale,lintian,bug,bash-completion} "$rootfs"/etc/{bash_completion.d,skel}
ln -s bash "$rootfs/bin/sh"
"$java_home/bin/jlink" --add-modules "$modules" --strip-java-debug-attributes --no-header-files --no-man-pages --output "$rootfs/opt/java"
mkdir -p "$rootfs"/{proc,sys,dev,run,root,var/lib/hearken} && mkdir -m 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root" "$rootfs/var/lib/hearken"
cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
hearken:x:10001:10001:Hearken:/var/lib/hearken:/usr/sbin/nologin
EOF
printf 'root:x:0:\nhearken:x:10001:\n' >"$rootfs/etc/group"
# Fontconfig's cache of the fonts, made here because the image's user may not write one: it holds the font
# directories' times, so every file gets the layer's fixed time first.
find "$rootfs" -exec touch -h -d @0 {} +
fc-cache --sysroot="$rootfs" --system-only --force

# One layer, the same bytes for the same files: sorted, owned by root but for Hearken's data directory, a fixed time;
# compressed here (quickly) so that Jib copies it as it is.
tar_fixed=(--sort=name --numeric-owner --mtime=@0 --format=gnu -C "$rootfs")
tar "${tar_fixed[@]}" --owner=0 --group=0 --exclude=./var/lib/hearken -cf "$layer/layer.tar" .
tar "${tar_fixed[@]}" --owner=10001 --group=10001 -rf "$layer/layer.tar" ./var/lib/hearken
diff_id=$(sha256sum "$layer/layer.tar" | cut -d' ' -f1)
gzip -1 -n "$layer/layer.tar"
cat >"$layer/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"ops/image-base.sh: Debian packages ${packages[*]}; jlink runtime"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["hearken-base:local"],"Layers":["layer.tar.gz"]}]' >"$layer/manifest.json"
tar -C "$layer" -cf "$base" manifest.json config.json layer.tar.gz
rm -rf "$rootfs" "$debs" "$layer"
echo "$key" >"$work/base.key"
echo "base image made in $(($(date +%s) - start)) s: $base ($(du -h "$base" | cut -f1))"
