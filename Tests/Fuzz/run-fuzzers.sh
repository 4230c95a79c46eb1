#!/usr/bin/env bash
# Builds Herald's libFuzzer targets and runs each for a bounded time.
#
#   Tests/Fuzz/run-fuzzers.sh [SECONDS] [TARGET...]
#
# SECONDS is the budget per target (default 60); TARGETs default to all four:
#   FuzzMarkdown     front matter + YAML fields + Markdown rendering (cmark-gfm) + summary (libxml2)
#   FuzzYAMLLoaders  site.yml, contest/*.yml, results, page front matter through load/validate/resolve
#   FuzzVideoHeader  the MP4/MOV box reader
#   FuzzCSVImport    `herald import contestants` (encoding detection, CSV, append to YAML, read-back)
#
# Environment:
#   JOBS=2           fuzzers run at once (default 2, one per core of the project's machines)
#   CONFIG=release   swift build configuration (release: -O, still with bounds and overflow checks;
#                    debug builds faster and gives exact line numbers in stack traces)
#   MERGE=1          afterwards, merge what the run found into Tests/Fuzz/corpus/TARGET with
#                    libFuzzer's -set_cover_merge=1 (only inputs that add coverage); MERGE=0 leaves it alone
#   FUZZ_FLAGS=...   extra libFuzzer flags
#
# Work files (build, the run's own corpus, logs, crash artifacts) are under Tests/Fuzz/.build-fuzz,
# which .gitignore's `.build-*/` covers. Exits 1 when any target found a crash, timeout or OOM; the
# input is then in .build-fuzz/artifacts/TARGET/ and the log in .build-fuzz/logs/TARGET.log. Replay one
# with `.build-fuzz/release/TARGET ARTIFACT`; add it to Tests/HeraldCoreTests/FuzzRegressionTests.swift.
set -uo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET=${1:-60}
shift || true
ALL_TARGETS=(FuzzMarkdown FuzzYAMLLoaders FuzzVideoHeader FuzzCSVImport)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
JOBS=${JOBS:-2}
CONFIG=${CONFIG:-release}
MERGE=${MERGE:-1}
SWIFT=${SWIFT:-swift}
SCRATCH=.build-fuzz

# Coverage and ASan for every Swift and C module (Herald, Yams and its libyaml, CSV.swift, …), but
# libFuzzer's runtime only in the fuzzer executables (see Package.swift): `-sanitize=fuzzer` for the
# whole build would also give the root package's build-tool executable libFuzzer's `main`.
# (System libraries — cmark-gfm, libxml2 — are not instrumented; ASan still checks the memory they
# touch through its interceptors.)
echo "Building fuzzers ($CONFIG)…"
if ! "$SWIFT" build -c "$CONFIG" --scratch-path "$SCRATCH" \
      -Xswiftc -sanitize=address \
      -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
      -Xcc -fsanitize=fuzzer-no-link,address \
      > "$SCRATCH.build.log" 2>&1; then
  grep -v "Cannot export local symbol" "$SCRATCH.build.log" | tail -40
  echo "error: the fuzzers did not build (full log: Tests/Fuzz/$SCRATCH.build.log)" >&2
  exit 2
fi
mkdir -p "$SCRATCH" && mv -f "$SCRATCH.build.log" "$SCRATCH/build.log"
BIN="$SCRATCH/$CONFIG"

# Leaks are not what these targets look for, and Foundation's own caches would be reported at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

run_one() {
  local target=$1
  local work="$SCRATCH/corpus/$target" artifacts="$SCRATCH/artifacts/$target/" log="$SCRATCH/logs/$target.log"
  mkdir -p "$work" "$artifacts" "$SCRATCH/logs" "corpus/$target"
  local dict=()
  [ -f "dict/$target.dict" ] && dict=(-dict="dict/$target.dict")
  # The first corpus folder receives new inputs: the run's own, not the committed seeds.
  "$BIN/$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" ${FUZZ_FLAGS:-} \
    "$work" "corpus/$target" > "$log" 2>&1
  echo "$target exit $?" >> "$log"
}

pids=()
for target in "${TARGETS[@]}"; do
  if [ ! -x "$BIN/$target" ]; then echo "error: no fuzzer $target" >&2; exit 2; fi
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
  echo "Running $target for ${SECONDS_PER_TARGET}s…"
  run_one "$target" &
  pids+=($!)
done
wait "${pids[@]}"

found=0
printf '\n%-16s %12s %8s %7s %8s %8s  %s\n' target executions exec/s cov features corpus findings
for target in "${TARGETS[@]}"; do
  log="$SCRATCH/logs/$target.log"
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$last")
  findings=$(find "$SCRATCH/artifacts/$target" -type f -newer "$SCRATCH/build.log" 2>/dev/null | wc -l)
  summary=$(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error:|ALARM|==[0-9]+== ERROR: libFuzzer)' "$log" || true)
  [ "$findings" -gt 0 ] && found=1
  printf '%-16s %12s %8s %7s %8s %8s  %s\n' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
    "$([ "$findings" -gt 0 ] && echo "$findings artifact(s): $summary" || echo none)"
done

if [ "$MERGE" = 1 ]; then
  for target in "${TARGETS[@]}"; do
    # Adds to the committed corpus only the inputs of this run that reach new coverage (a smallest set of
    # them: -set_cover_merge is -merge=1 choosing by set cover, which keeps the committed corpus small).
    "$BIN/$target" -set_cover_merge=1 -rss_limit_mb=2048 -timeout=10 -max_len=65536 -detect_leaks=0 \
      "corpus/$target" "$SCRATCH/corpus/$target" > "$SCRATCH/logs/$target.merge.log" 2>&1 \
      || echo "warning: merging $target's corpus failed (see $SCRATCH/logs/$target.merge.log)" >&2
  done
  echo "Merged new coverage into Tests/Fuzz/corpus ($(du -sh corpus | cut -f1) in all)."
fi

if [ "$found" = 1 ]; then
  echo "Crashes, timeouts or OOMs were found: see Tests/Fuzz/$SCRATCH/artifacts and logs." >&2
  exit 1
fi
