#!/usr/bin/env bash
# The one bootstrap script. Needs only the .NET SDK; installs PowerShell and Pester itself.
#
#   ./build.sh setup     install PowerShell 7.6.9 (dotnet tool), Pester 5.7.1 and the older Azure.Core of the
#                        load-context test (NuGet) under .tools/
#   ./build.sh build     build the module into ./bin (for Import-Module ./BatchTask.psd1) and out/BatchTask/<version>
#   ./build.sh test      setup + build + every xunit and Pester test; ends with "N passed, N failed"
#                        (", 1 skipped" follows when the drift check of tests/data has no shared folder to compare with)
#   ./build.sh generate  setup + build, then rewrite the generated files (checked in) and build again if one changed:
#                        the parameter files of New-/Update-BatchTask (src/BatchTaskPS.Module/Commands/*.Fields.g.cs)
#                        from their table in Commands/Support/TaskFieldParameters.cs, and the models' straight-line
#                        read/write (src/BatchTaskPS.Core/Serialization/Codecs/DirectCodecs.g.cs) from the property
#                        tables in src/BatchTaskPS.Core/Model/*.Serialization.cs. The build itself never runs a
#                        generator; Pester tests fail when a checked-in file differs from what its table renders.
#   ./build.sh example   setup + build + run examples/Invoke-SweepOnStandIn.ps1 (the sweep, then the local stand-in service)
#   ./build.sh bench     setup + build + BenchmarkDotNet and the PowerShell benchmarks, Measure-Service.ps1 last
#                        (Add-BatchTask against the stand-in; slow; not a test)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$root/.tools"
pwsh_version="7.6.9"
pester_version="5.7.1"
pwsh="$tools/pwsh/pwsh"
pester_psd1="$tools/nuget/pester/$pester_version/tools/Pester.psd1"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

log() { printf '==> %s\n' "$*" >&2; }

setup() {
  if [ ! -x "$pwsh" ] || ! "$pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$pwsh_version"; then
    log "installing PowerShell $pwsh_version as a dotnet tool"
    rm -rf "$tools/pwsh"
    dotnet tool install PowerShell --version "$pwsh_version" --tool-path "$tools/pwsh" >&2
  fi
  if [ ! -f "$pester_psd1" ]; then
    log "restoring Pester $pester_version from NuGet"
    dotnet restore "$root/tests/pester/pester.proj" --packages "$tools/nuget" >&2
  fi
  [ -f "$pester_psd1" ] || { echo "Pester $pester_version did not restore to $pester_psd1" >&2; exit 1; }
  # An Azure.Core older than the module's, for tests/pester/LoadContext.Tests.ps1 (never shipped).
  local older_core; older_core="$(sed -n 's:.*<OlderAzureCoreVersion>\(.*\)</OlderAzureCoreVersion>.*:\1:p' "$root/tests/pester/azure-core-older.proj")"
  if [ ! -f "$tools/nuget/azure.core/$older_core/lib/net6.0/Azure.Core.dll" ]; then
    log "restoring Azure.Core $older_core (older than the module's) from NuGet for the load-context test"
    dotnet restore "$root/tests/pester/azure-core-older.proj" --packages "$tools/nuget" >&2
  fi
  [ -f "$tools/nuget/azure.core/$older_core/lib/net6.0/Azure.Core.dll" ] || { echo "Azure.Core $older_core did not restore under $tools/nuget" >&2; exit 1; }
}

module_version() {
  sed -n "s/^[[:space:]]*ModuleVersion[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$root/BatchTask.psd1"
}

build() {
  local version; version="$(module_version)"
  [ -n "$version" ] || { echo "no ModuleVersion in BatchTask.psd1" >&2; exit 1; }
  log "building BatchTask $version"
  local publish="$root/out/publish"
  rm -rf "$publish"
  dotnet publish "$root/src/BatchTaskPS.Module/BatchTaskPS.Module.csproj" -c Release -o "$publish" -p:Version="$version" --nologo -v quiet >&2

  # ./bin serves Import-Module ./BatchTask.psd1 from the repository root.
  local bin="$root/bin"
  rm -rf "$bin"; mkdir -p "$bin/dependencies"
  cp "$publish/BatchTaskPS.Module.dll" "$publish/BatchTaskPS.Core.dll" "$bin/"
  [ -f "$publish/BatchTaskPS.Core.xml" ] && cp "$publish/BatchTaskPS.Core.xml" "$bin/"
  # What Windows PowerShell 5.1 needs beside us (PowerShell 7 has its own System.Text.Json).
  local deps="System.Text.Json System.Text.Encodings.Web System.Memory System.Buffers System.Numerics.Vectors System.Runtime.CompilerServices.Unsafe System.Threading.Tasks.Extensions Microsoft.Bcl.AsyncInterfaces System.ValueTuple"
  for d in $deps; do
    if [ -f "$publish/$d.dll" ]; then cp "$publish/$d.dll" "$bin/dependencies/"; fi
  done
  for d in System.Text.Json System.Memory System.Buffers System.Runtime.CompilerServices.Unsafe; do
    [ -f "$bin/dependencies/$d.dll" ] || { echo "build: expected dependency $d.dll is missing from the publish output" >&2; exit 1; }
  done
  # What the Azure assemblies need on Windows PowerShell 5.1 beside the above (PowerShell 7 has them in its runtime).
  local deps51="System.Diagnostics.DiagnosticSource System.Formats.Asn1 System.Security.Cryptography.ProtectedData System.IO.FileSystem.AccessControl System.Security.AccessControl System.Security.Principal.Windows System.Security.Cryptography.Cng"
  for d in $deps51; do
    [ -f "$publish/$d.dll" ] || { echo "build: expected dependency $d.dll is missing from the publish output" >&2; exit 1; }
    cp "$publish/$d.dll" "$bin/dependencies/"
  done
  # The service client and the Azure assemblies: bin/service, loaded into the module's own AssemblyLoadContext on
  # PowerShell 7 (so another Azure.Core in the session, such as Az.Accounts', does not clash), by AssemblyResolve on 5.1.
  mkdir -p "$bin/service"
  local service="BatchTaskPS.Service Azure.Core Azure.Identity System.ClientModel System.Memory.Data Microsoft.Identity.Client Microsoft.Identity.Client.Extensions.Msal Microsoft.IdentityModel.Abstractions Microsoft.Extensions.Logging.Abstractions Microsoft.Extensions.DependencyInjection.Abstractions"
  for d in $service; do
    [ -f "$publish/$d.dll" ] || { echo "build: expected service assembly $d.dll is missing from the publish output" >&2; exit 1; }
    cp "$publish/$d.dll" "$bin/service/"
  done
  [ -f "$publish/BatchTaskPS.Service.xml" ] && cp "$publish/BatchTaskPS.Service.xml" "$bin/service/"
  # Nothing of the service may sit beside the module's dll, where PowerShell 7 would load it into the shared context.
  for d in $service; do
    [ ! -f "$bin/$d.dll" ] || { echo "build: $d.dll must not be in bin/" >&2; exit 1; }
  done
  if [ -d "$publish/en-US" ]; then cp -r "$publish/en-US" "$bin/"; fi
  # ReadyToRun images of the core for PowerShell 7.6 (.NET 10), one folder per platform PowerShell 7 ships for
  # (bin/<rid>; the cmdlets' module initializer loads the one for its platform, else the portable core above is used).
  # The same IL as bin/, compiled ahead of time, so that a fresh process does not start in tier-0 JIT code (issue 16).
  # The cmdlets themselves stay portable: they are the manifest's root module, one path for every PowerShell.
  # The runtime packs come from NuGet.
  local rids="linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64"
  for rid in $rids; do
    local r2r="$root/out/r2r/$rid"
    rm -rf "$r2r"
    dotnet publish "$root/src/BatchTaskPS.ReadyToRun/BatchTaskPS.ReadyToRun.csproj" -c Release -p:BatchTaskRid="$rid" -p:Version="$version" -o "$r2r" --nologo -v quiet >&2
    mkdir -p "$bin/$rid"
    for d in BatchTaskPS.Core; do
      [ -f "$r2r/$d.dll" ] || { echo "build: $d.dll is missing from the ReadyToRun publish for $rid" >&2; exit 1; }
      # An image is larger than its IL (the native code is added to it): equal sizes mean no ReadyToRun compile ran.
      [ "$(stat -c %s "$r2r/$d.dll")" -gt "$(stat -c %s "$bin/$d.dll")" ] || { echo "build: $rid/$d.dll is not a ReadyToRun image" >&2; exit 1; }
      cp "$r2r/$d.dll" "$bin/$rid/"
    done
    for d in $service; do
      [ ! -f "$bin/$rid/$d.dll" ] || { echo "build: $d.dll must not be in bin/$rid/" >&2; exit 1; }
    done
  done
  # Help (module/en-US: cmdlet MAML and about_ topics) beside the dll, for Import-Module ./BatchTask.psd1.
  if [ -d "$root/module/en-US" ]; then mkdir -p "$bin/en-US"; cp -r "$root/module/en-US/." "$bin/en-US/"; fi
  # PowerShell finds cmdlet help and about_ topics only in <folder of BatchTask.psd1>/<culture>: a build
  # output beside the root manifest (ignored by git, like bin/), so Get-Help works after Import-Module ./BatchTask.psd1.
  if [ -d "$root/module/en-US" ]; then rm -rf "$root/en-US"; cp -r "$root/module/en-US" "$root/en-US"; fi

  # The stand-in for the Batch service that the Pester tests, help examples and benchmark start (not part of the module).
  dotnet build "$root/tests/standin/BatchTaskPS.StandIn.csproj" -c Release --nologo -v quiet >&2

  # The publishable module folder: the same layout under out/BatchTask/<version>.
  local dest="$root/out/BatchTask/$version"
  rm -rf "$root/out/BatchTask"; mkdir -p "$dest"
  cp "$root/BatchTask.psd1" "$dest/"
  cp -r "$bin" "$dest/bin"
  cp -r "$root/module" "$dest/module"
  # PowerShell looks for about_ topics (and cmdlet MAML) in <ModuleBase>/<culture>.
  if [ -d "$root/module/en-US" ]; then cp -r "$root/module/en-US" "$dest/en-US"; fi
}

run_units() {
  local results="$root/out/test-results"
  rm -rf "$results"; mkdir -p "$results"
  log "running xunit tests"
  set +e
  BATCHTASK_TEST_RESULTS="$results" dotnet test "$root/tests/units/BatchTaskPS.Tests.csproj" -c Release --nologo \
    --logger "trx;LogFileName=units.trx" --results-directory "$results" >"$results/units.log" 2>&1
  local rc=$?
  set -e
  grep -E "error|Failed |Passed!|Failed!|Total tests|golden" "$results/units.log" | grep -v "^\s*$" | tail -n 40 >&2 || true
  local trx; trx="$(find "$results" -name 'units.trx' | head -n 1)"
  if [ -z "$trx" ]; then
    cat "$results/units.log" >&2
    echo "0 1 0"; return
  fi
  local counters; counters="$(grep -o '<Counters [^>]*>' "$trx")"
  local passed failed total
  passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  total="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  # The one test allowed to be skipped is the drift check, and only where no shared folder stands
  # beside the clone (it has nothing to compare with): it is reported as skipped, not passed.
  # Anything else that ran but did not pass (skipped, not executed, errors) counts as failed.
  local skipped; skipped="$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" |
    grep -c 'testName="BatchTaskPS.Tests.TestDataTests.CopiesAreByteIdenticalToTheSharedFolderBesideTheClone"' || true)"
  if [ "$skipped" -gt 0 ]; then
    log "drift check not applicable: no shared folder beside the clone (reported as skipped)"
  fi
  local notpassed=$(( total - passed - skipped ))
  [ "$notpassed" -gt "$failed" ] && failed=$notpassed
  [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  if [ -f "$results/golden-summary.txt" ]; then cat "$results/golden-summary.txt" >&2; fi
  echo "$passed $failed $skipped"
}

run_pester() {
  local results="$root/out/test-results"
  mkdir -p "$results"
  log "running Pester tests in a fresh pwsh against the built module"
  set +e
  "$pwsh" -NoProfile -NonInteractive -File "$root/tests/pester/Invoke-PesterTests.ps1" \
    -PesterPath "$pester_psd1" -ModulePath "$root/out/BatchTask/$(module_version)/BatchTask.psd1" \
    -CountsPath "$results/pester-counts.txt" >&2
  set -e
  if [ -f "$results/pester-counts.txt" ]; then cat "$results/pester-counts.txt"; else echo "0 1"; fi
}

cmd="${1:-test}"
case "$cmd" in
  setup) setup ;;
  build) build ;;
  test)
    setup
    build
    read -r up uf us <<<"$(run_units)"
    read -r pp pf <<<"$(run_pester)"
    echo "xunit: $up passed, $uf failed, $us skipped" >&2
    echo "pester: $pp passed, $pf failed" >&2
    passed=$(( up + pp )); failed=$(( uf + pf ))
    if [ "$us" -gt 0 ]; then
      echo "$passed passed, $failed failed, $us skipped"
    else
      echo "$passed passed, $failed failed"
    fi
    [ "$failed" -eq 0 ]
    ;;
  generate)
    setup
    build
    manifest="$root/out/BatchTask/$(module_version)/BatchTask.psd1"
    written="$("$pwsh" -NoProfile -NonInteractive -File "$root/tests/tools/Write-GeneratedParameters.ps1" -ModulePath "$manifest")"
    written="$written$("$pwsh" -NoProfile -NonInteractive -File "$root/tests/tools/Write-GeneratedCodecs.ps1" -ModulePath "$manifest")"
    if [ -n "$written" ]; then
      printf '%s\n' "$written" >&2
      build
    else
      log "the generated files are up to date"
    fi
    ;;
  example)
    setup
    build
    "$pwsh" -NoProfile -NonInteractive -File "$root/examples/Invoke-SweepOnStandIn.ps1"
    ;;
  bench)
    setup
    build
    dotnet run -c Release --project "$root/tests/benchmarks/BatchTaskPS.Benchmarks.csproj" -- --filter '*'
    dotnet run -c Release --project "$root/tests/benchmarks/BatchTaskPS.Benchmarks.csproj" -- --streaming
    "$pwsh" -NoProfile -NonInteractive -File "$root/tests/benchmarks/Measure-Cmdlets.ps1" -ModulePath "$root/BatchTask.psd1"
    "$pwsh" -NoProfile -NonInteractive -File "$root/tests/benchmarks/Measure-Startup.ps1" -ModulePath "$root/out/BatchTask/$(module_version)/BatchTask.psd1"
    # The same on a copy of this PowerShell with its own assemblies precompiled, as its platform-specific packages ship it.
    "$pwsh" -NoProfile -NonInteractive -File "$root/tests/benchmarks/New-PrecompiledPowerShell.ps1"
    "$pwsh" -NoProfile -NonInteractive -File "$root/tests/benchmarks/Measure-Startup.ps1" -ModulePath "$root/out/BatchTask/$(module_version)/BatchTask.psd1" -PowerShellPath "$root/out/pwsh-precompiled/pwsh.dll"
    "$pwsh" -NoProfile -NonInteractive -File "$root/tests/benchmarks/Measure-Service.ps1" -ModulePath "$root/out/BatchTask/$(module_version)/BatchTask.psd1"
    ;;
  *) echo "usage: $0 [setup|build|test|generate|example|bench]" >&2; exit 2 ;;
esac
