# Sourced by the run-*.sh scripts: sets BENCH_CP to a private copy of the project's own classes and
# jars, so that another build of the modules (which rewrites their target/ jars) cannot break a
# benchmark that is running. Third-party jars in ~/.m2 are used in place.
BENCH_SNAPSHOT="$(mktemp -d)"
trap 'rm -rf "$BENCH_SNAPSHOT"' EXIT
cp -r bench/target/classes "$BENCH_SNAPSHOT/bench-classes"
BENCH_CP="$BENCH_SNAPSHOT/bench-classes"
i=0
IFS=":" read -r -a entries < bench/target/classpath.txt || true
for entry in "${entries[@]}"; do
  if [[ "$entry" == "$PWD"/* || "$entry" == */io/plumbline/* ]]; then
    i=$((i + 1))
    cp "$entry" "$BENCH_SNAPSHOT/$i-$(basename "$entry")"
    entry="$BENCH_SNAPSHOT/$i-$(basename "$entry")"
  fi
  BENCH_CP="$BENCH_CP:$entry"
done
