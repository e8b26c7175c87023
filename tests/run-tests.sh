#!/usr/bin/env bash
# Runs every test of the solution and ends with the line "N passed, N failed".
# Installs what the tests need first (Debian's python3-numpy/onnx/sentencepiece for the test-model generators and
# numpy references, npm packages for independent tokenizer references), so it works on a fresh machine.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash tests/install-test-deps.sh || { echo "installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
dotnet test LuceneRerank.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1  # the build or a test host failed before any test could report
fi
echo "$passed passed, $failed failed"
exit "$status"
