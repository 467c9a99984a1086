#!/usr/bin/env bash
# Regenerates gstreamer-1.20-symbols.txt from the Debian symbols files installed with the Debian 12 packages
# libgstreamer1.0-0, libgstreamer-plugins-base1.0-0 and libglib2.0-0 (/var/lib/dpkg/info/*.symbols, dpkg-gensymbols
# format: " symbol@Base MINVER"). A symbol is kept when its minimal version (the upstream release that introduced it,
# as Debian's maintainers recorded it) is at most 1.20.x for GStreamer libraries and at most 2.72.x for GLib/GObject
# (JetPack 6 / L4T r36 = Ubuntu 22.04: GStreamer 1.20.3, GLib 2.72.4).
# Usage: make-gstreamer-1.20-symbols.sh > gstreamer-1.20-symbols.txt
set -euo pipefail
info=/var/lib/dpkg/info
arch=$(dpkg --print-architecture)
ver() { dpkg-query -W -f='${Version}' "$1:$arch"; }
cat <<HEADER
# Exported symbols of the native libraries RtcGateway P/Invokes, as they exist on JetPack 6 (L4T r36, Ubuntu 22.04:
# GStreamer 1.20.x, GLib 2.72.x). Read by tests/RtcGateway.Media.Tests/Gst/NativeSymbolCompatibilityTests.cs.
#
# HOW THIS LIST WAS MADE (honest version): no Ubuntu 22.04 / GStreamer 1.20 binary was available on the build machine
# (Ubuntu's archive is not reachable from it, and Debian 12 ships 1.22). The list is Debian 12's own symbols files
# (dpkg-gensymbols "symbol@Base MINVER" lines shipped in the packages below, read from /var/lib/dpkg/info) filtered to
# the symbols whose minimal version is <= 1.20.x (GStreamer) or <= 2.72.x (GLib), i.e. Debian 12's exported symbols
# minus those introduced in 1.21/1.22 (the 1.22 API: gtk-doc "Since: 1.22") or GLib 2.73/2.74.
#   libgstreamer1.0-0 $(ver libgstreamer1.0-0), libgstreamer-plugins-base1.0-0 $(ver libgstreamer-plugins-base1.0-0),
#   libglib2.0-0 $(ver libglib2.0-0)
# Limits: a MINVER is Debian's record of the introducing release; a symbol removed between 1.20 and 1.22 would be
# missing here (GStreamer keeps ABI within 1.x, so none is), and a MINVER recorded later than the real introduction
# only makes this list stricter. Spot check against the API docs: gst_child_proxy_get_child_by_name_recurse is MINVER
# 1.22.0 here and "since 1.22" in the GStreamer API reference (valadoc gstreamer-1.0); gst_buffer_new_memdup is
# MINVER 1.20.0 and "Since: 1.20". Regenerate with make-gstreamer-1.20-symbols.sh (same folder).
#
# Format: "[library soname]" starts a section; one exported symbol per line.
HEADER
emit() { # $1 symbols file, $2 soname, $3 max major.minor
  awk -v lib="$2" -v max="$3" '
    /^[^ *]/ { cur = $1; next }
    cur == lib && /^ / {
      sym = $1; sub(/@.*/, "", sym); v = $2; sub(/[~+-].*/, "", v)
      split(v, a, "."); split(max, m, ".")
      if (a[1] + 0 < m[1] + 0 || (a[1] + 0 == m[1] + 0 && a[2] + 0 <= m[2] + 0)) print sym
    }' "$1" | LC_ALL=C sort -u
}
for so in libgstreamer-1.0.so.0 libgstbase-1.0.so.0; do
  echo; echo "[$so]"; emit "$info/libgstreamer1.0-0:$arch.symbols" "$so" 1.20
done
for so in libgstapp-1.0.so.0 libgstvideo-1.0.so.0; do
  echo; echo "[$so]"; emit "$info/libgstreamer-plugins-base1.0-0:$arch.symbols" "$so" 1.20
done
for so in libglib-2.0.so.0 libgobject-2.0.so.0; do
  echo; echo "[$so]"; emit "$info/libglib2.0-0:$arch.symbols" "$so" 2.72
done
