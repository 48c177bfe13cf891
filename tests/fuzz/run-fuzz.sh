#!/usr/bin/env bash
# Coverage-guided fuzzing of the reader and writer with SharpFuzz 2.3.0 and AFL++.
#
#   tests/fuzz/run-fuzz.sh <minutes> [output-folder]      (default output: out/fuzz)
#
# Builds tests/fuzz (the harness; its oracle is tests/units/MutationTests.cs), instruments
# BatchTaskPS.Core.dll with the SharpFuzz.CommandLine tool, seeds a corpus from tests/data/golden
# (the input documents, never *.expected.json) and runs afl-fuzz for the given minutes. Crashes are
# inputs that broke an oracle rule (a foreign exception, an error without a position, a write that
# is not a fixed point); they are kept in <output>/crashes and replayed at the end with their rule
# and a shrunk form. Each one belongs as a regression test in tests/units/MutationTests.cs.
#
# Environment:
#   BATCHTASK_FUZZ_IGNORE  comma-separated oracle categories already reported (not counted as crashes),
#                          e.g. "ReadTask.BadLineNumber,Sequence.Record.BadLineNumber"
#   AFL_FLAGS              extra afl-fuzz options
#
# Needs: the .NET SDK; afl-fuzz (Debian package afl++, installed with apt-get when missing and root);
# the SharpFuzz.CommandLine 2.3.0 dotnet tool (installed from NuGet into .tools/sharpfuzz when missing).
set -euo pipefail

minutes="${1:-}"
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || [ "$minutes" -lt 1 ]; then
  echo "usage: $0 <minutes> [output-folder]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${2:-$root/out/fuzz}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '==> %s\n' "$*" >&2; }

# ------------------------------------------------------------------ tools
if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing afl++ (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends afl++ >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends afl++ >&2; }
  else
    echo "afl-fuzz is missing: install the Debian package afl++" >&2
    exit 1
  fi
fi

sharpfuzz="$root/.tools/sharpfuzz/sharpfuzz"
if [ ! -x "$sharpfuzz" ]; then
  log "installing the SharpFuzz.CommandLine 2.3.0 dotnet tool"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$root/.tools/sharpfuzz" >&2
fi

# ------------------------------------------------------------------ build and instrument
golden="$root/tests/data/golden"   # the repository's copy of the golden cases
[ -d "$golden" ] || { echo "no $golden" >&2; exit 1; }

bin="$out/bin"
log "building the harness into $bin"
rm -rf "$bin"
dotnet build "$here/BatchTaskPS.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet >&2
replay="$out/replay"
rm -rf "$replay"; cp -r "$bin" "$replay"   # a plain copy, to replay crashes outside afl-fuzz
log "instrumenting BatchTaskPS.Core.dll"
"$sharpfuzz" "$bin/BatchTaskPS.Core.dll" >&2

# ------------------------------------------------------------------ corpus
corpus="$out/corpus"
rm -rf "$corpus"; mkdir -p "$corpus"
for f in "$golden"/*/*.json; do
  case "$f" in *.expected.json) continue ;; esac
  name="$(basename "$(dirname "$f")")_$(basename "$f")"
  cp "$f" "$corpus/$name"
done
log "corpus: $(ls "$corpus" | wc -l) golden documents"

# ------------------------------------------------------------------ fuzz
findings="$out/findings"
seconds=$(( minutes * 60 ))
log "running afl-fuzz for $minutes minute(s); findings in $findings"
set +e
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_AUTORESUME=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 \
  afl-fuzz -i "$corpus" -o "$findings" -t 10000 -m none -V "$seconds" ${AFL_FLAGS:-} -- dotnet "$bin/BatchTaskPS.Fuzz.dll" >"$out/afl.log" 2>&1
rc=$?
set -e
tail -n 30 "$out/afl.log" >&2
if [ -f "$findings/default/fuzzer_stats" ]; then
  grep -E "^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)" "$findings/default/fuzzer_stats" >&2 || true
fi
if [ "$rc" -ne 0 ]; then
  echo "afl-fuzz exited with $rc (see $out/afl.log)" >&2
  exit "$rc"
fi

# ------------------------------------------------------------------ crashes
crashes="$out/crashes"
mkdir -p "$crashes"
found=0
for f in "$findings"/default/crashes/id:*; do
  [ -f "$f" ] || continue
  cp "$f" "$crashes/"
  found=$(( found + 1 ))
done
log "$found crash input(s) in $crashes"
if [ "$found" -gt 0 ]; then
  # Replayed without the ignore list, so that every rule each input breaks is printed.
  BATCHTASK_FUZZ_IGNORE="" dotnet "$replay/BatchTaskPS.Fuzz.dll" --replay "$crashes"/id:* >&2 || true
  exit 1
fi
