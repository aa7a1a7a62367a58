#!/usr/bin/env bash
# Builds Hearken's container image without a container daemon, registry or root: target/jib-image.tar, an image
# tarball that `docker load` and `podman load` read (tag hearken:VERSION). Every `./mvnw package` (and so every
# `./mvnw verify`) builds it too; this builds only the application and the image, without running the tests.
#
#   ops/build-image.sh                                  # reuses the base made by an earlier build
#   HEARKEN_IMAGE_REBUILD_BASE=1 ops/build-image.sh     # makes the base again (Debian's security updates)
#
# The base (ops/image-base.sh, cached as target/image/base.tar) is Debian's C library, fontconfig and the DejaVu fonts
# (for the PDF letters and the review pack's charts), bash, and a Java runtime made by jlink from the JDK this build
# runs on, under /opt/java: Debian packages unpacked, not installed, so there is no package manager and no other
# program in the image. Jib puts the application on it in layers of its own: dependencies, resources, classes.
# Needs Debian's apt (with its package lists), dpkg-deb and fontconfig, and a JDK 21+ with jlink.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
./mvnw -B -q -DskipTests package
echo "image built in $(($(date +%s) - start)) s: target/jib-image.tar ($(du -h target/jib-image.tar | cut -f1))"
