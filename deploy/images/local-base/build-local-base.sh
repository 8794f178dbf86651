#!/usr/bin/env bash
# Builds the local base of the images, for machines that cannot pull a registry JRE image:
# a jlinked JRE at /opt/java/openjdk (the path eclipse-temurin uses) and the few shared
# libraries it needs, copied from this machine (Debian's glibc, zlib...), plus /etc/passwd
# with the non-root user 65532. Jib lays this tree on `scratch` as the image's first layer.
#
# usage: build-local-base.sh OUT_DIR MODULES
#   OUT_DIR  gets rootfs/ (the tree) and modules.txt; rebuilt only when MODULES or the JDK change
#   MODULES  comma-separated JDK modules, e.g. java.base,java.logging
set -euo pipefail

out=$1
modules=$2
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
stamp="$modules $(readlink -f "$java_home") $(md5sum < "$java_home/release") $(md5sum < "$0")"
if [[ -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp" && -x "$out/rootfs/opt/java/openjdk/bin/java" ]]; then
  echo "local base up to date: $out/rootfs"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out"
root=$out/rootfs
mkdir -p "$root/opt/java" "$root/etc" "$root/tmp" "$root/home/nonroot" "$root/app" "$root/proc" "$root/dev" "$root/sys"

# The JRE: only the modules the apps use, and a CDS archive of the JDK's own classes.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --generate-cds-archive --output "$root/opt/java/openjdk"
# The archive for heaps over 32 GB (no compressed oops) is 10 MB that these apps never use.
rm -f "$root/opt/java/openjdk/lib/server/classes_nocoops.jsa"

# Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java/cacerts: make it a real file.
for f in "$root"/opt/java/openjdk/lib/security/* "$root"/opt/java/openjdk/conf/security/*; do
  if [[ -L "$f" ]]; then
    target=$(readlink -f "$f")
    rm "$f"
    if [[ -f "$target" ]]; then cp "$target" "$f"; fi
  fi
done

# The shared libraries every ELF file of the JRE needs, and the dynamic loader, as real files.
copy_lib() {
  local lib=$1
  [[ -e "$root$lib" ]] && return 0
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
}
while IFS= read -r elf; do
  # POSIX awk only ([ \t], not \s): Debian's default awk is mawk, which has no \s and would miss the loader.
  ldd "$elf" 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/[^ ]+ \(/{print $1}' | while IFS= read -r lib; do
    copy_lib "$lib"
  done
done < <(find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
# Name-service and DNS lookups load these at run time (glibc folds files and dns into libc since 2.34,
# but older ones need them).
for lib in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
  if [[ -e "$lib" ]]; then copy_lib "$lib"; fi
done

# Without the dynamic loader every binary of the image fails with "No such file or directory": say so here.
interpreter=$(readelf -l "$root/opt/java/openjdk/bin/java" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p')
if [[ -n "$interpreter" && ! -e "$root$interpreter" ]]; then
  echo "local base: the JRE's dynamic loader $interpreter was not copied into $root" >&2
  exit 1
fi

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
nobody:x:65534:
nonroot:x:65532:
GROUP
cat > "$root/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS

echo "$modules" > "$out/modules.txt"
echo "$stamp" > "$out/stamp"
echo "local base built: $root ($(du -sh "$root" | cut -f1))"
