#!/usr/bin/env bash
# Builds Hearken's container image without a container daemon or registry: target/jib-image.tar, an image tarball
# that `docker load` and `podman load` read (tag hearken:VERSION).
#
#   ops/build-image.sh            # the first run makes the base (about two minutes), later runs reuse it
#   HEARKEN_IMAGE_REBUILD_BASE=1 ops/build-image.sh   # make the base again (security updates)
#
# The base is a minimal Debian 12 (debootstrap --variant=minbase, from Debian's package mirror: set DEBIAN_MIRROR to use
# another) with fontconfig and the DejaVu fonts (for the PDF letters and the review pack's charts) and a Java runtime
# made by jlink from the JDK this build runs on, under /opt/java. It is cached as target/image/base.tar (a `docker
# save` tarball); Jib (the Maven profile `image`) puts the application on it in layers of its own: dependencies,
# resources, classes. Needs root (debootstrap), tar, sha256sum and a JDK 21+ with jlink.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
work=target/image
base="$work/base.tar"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
# What Hearken uses of the JDK (jdeps over the application and its libraries), with the locale data and charsets.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,\
java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.management,\
jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

make_base() {
  local rootfs="$work/rootfs"
  rm -rf "$rootfs" "$work/base" && mkdir -p "$work/base"
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
  debootstrap --variant=minbase --include=fontconfig,fonts-dejavu-core "$suite" "$rootfs" ${DEBIAN_MIRROR:-} >/dev/null
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$rootfs/opt/java"
  # Hearken runs as an unprivileged user of its own; its data (the register's signing key) lives in /var/lib/hearken.
  echo 'hearken:x:10001:10001:Hearken:/var/lib/hearken:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
  echo 'hearken:x:10001:' >>"$rootfs/etc/group"
  mkdir -p "$rootfs/var/lib/hearken" && chown 10001:10001 "$rootfs/var/lib/hearken" && chmod 700 "$rootfs/var/lib/hearken"
  # Nothing the image needs at run time: package lists and caches, documentation, manuals, other locales' messages.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/dev/*
  # One layer, the same bytes for the same files: sorted, numeric owners, a fixed time.
  tar --sort=name --numeric-owner --mtime='@0' -C "$rootfs" -cf "$work/base/layer.tar" .
  local diff_id
  diff_id=$(sha256sum "$work/base/layer.tar" | cut -d' ' -f1)
  cat >"$work/base/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"ops/build-image.sh: debian $suite minbase, fontconfig, fonts-dejavu-core, jlink runtime"}]}
JSON
  echo '[{"Config":"config.json","RepoTags":["hearken-base:local"],"Layers":["layer.tar"]}]' >"$work/base/manifest.json"
  tar -C "$work/base" -cf "$base" manifest.json config.json layer.tar
  rm -rf "$rootfs" "$work/base"
}

mkdir -p "$work"
if [ ! -f "$base" ] || [ -n "${HEARKEN_IMAGE_REBUILD_BASE:-}" ]; then
  start=$(date +%s)
  make_base
  echo "base image made in $(($(date +%s) - start)) s: $base"
fi
start=$(date +%s)
./mvnw -B -q -Pimage -DskipTests package
echo "image built in $(($(date +%s) - start)) s: target/jib-image.tar ($(du -h target/jib-image.tar | cut -f1))"
