#!/usr/bin/env bash
# Proof of equivalence for remote reranking: the SciFact test batch (300 queries, BM25 top WINDOW reranked) run three
# ways with the same cross-encoder and compared run file against run file:
#   1. in process:            lrr-search --model MODEL
#   2. Cohere-style route:    lrr-search --reranker http --protocol cohere --endpoint http://127.0.0.1:PORT/v1/rerank
#   3. TEI route:             lrr-search --reranker http --protocol tei    --endpoint http://127.0.0.1:PORT/rerank
# where lrr-serve --model MODEL serves the same folder on 127.0.0.1 (dynamic batching on). Passes when every query's
# ranking is identical and every score is within 1e-5 of the in-process one; prints the largest difference.
#
#   examples/run-remote-equivalence.sh                     # the small RANDOM test cross-encoder (generated)
#   MODEL_DIR=/path/to/ms-marco-MiniLM-L-6-v2 WINDOW=100 examples/run-remote-equivalence.sh
#
# Needs what examples/run-scifact.sh needs (../shared/data/scifact, Debian's python3 with numpy and onnx for the random
# model). Work files go to work-data/ (ignored by git); the server is stopped when the script ends.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/work-data"
mkdir -p "$work/runs" "$work/bin"
window="${WINDOW:-100}"
shared="${LUCENERERANK_SHARED:-$root/../shared}"
data="$shared/data/scifact"
[ -f "$data/corpus.jsonl" ] || { echo "error: SciFact not found at $data" >&2; exit 1; }

echo "== building lrr-index, lrr-search and lrr-serve (Release)"
for project in index-tools/LuceneRerank.IndexTools/LuceneRerank.IndexTools.csproj:lrr-index \
               examples/LuceneRerank.SearchConsole/LuceneRerank.SearchConsole.csproj:lrr-search \
               src/LuceneRerank.Serve/LuceneRerank.Serve.csproj:lrr-serve; do
    dotnet build "${project%%:*}" -c Release -o "$work/bin/${project##*:}" -v quiet -nologo >"$work/build-${project##*:}.log" 2>&1 \
        || { cat "$work/build-${project##*:}.log"; exit 1; }
done

model="${MODEL_DIR:-}"
if [ -z "$model" ]; then
    echo "== no MODEL_DIR: generating the small RANDOM test cross-encoder"
    LUCENERERANK_SHARED="$shared" bash tests/TestModels/generate-test-models.sh
    model="$root/tests/TestModels/generated/xenova-layout-1-label"
fi
echo "== model: $model"

index="$work/indexes/scifact"
if [ -d "$index" ] && [ -n "$(ls -A "$index" 2>/dev/null)" ]; then
    echo "== index exists: $index"
else
    echo "== building the index"
    dotnet "$work/bin/lrr-index/lrr-index.dll" build --corpus "$data/corpus.jsonl" --index "$index"
fi

log="$work/runs/equivalence-serve.log"
dotnet "$work/bin/lrr-serve/lrr-serve.dll" --model "$model" --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 600); do
    url="$(grep -o 'listening on http://[0-9.:]*' "$log" | head -1 | sed 's/listening on //')" || true
    if [ -n "$url" ] && curl -fsS "$url/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
done
curl -fsS "$url/ready" >/dev/null || { echo "error: lrr-serve not ready"; cat "$log"; exit 1; }
echo "== lrr-serve ready at $url"

search() { dotnet "$work/bin/lrr-search/lrr-search.dll" --index "$index" --queries "$data/queries.jsonl" --qrels "$data/qrels/test.tsv" \
    --hits 1000 --window "$window" "$@"; }
echo "== in process";   time search --model "$model" --run-out "$work/runs/eq-local.txt" >"$work/runs/eq-local.log"
echo "== Cohere route"; time search --reranker http --protocol cohere --endpoint "$url/v1/rerank" --run-out "$work/runs/eq-cohere.txt" >"$work/runs/eq-cohere.log"
echo "== TEI route";    time search --reranker http --protocol tei --endpoint "$url/rerank" --run-out "$work/runs/eq-tei.txt" >"$work/runs/eq-tei.log"

/usr/bin/python3 - "$work/runs/eq-local.txt" "$work/runs/eq-cohere.txt" "$work/runs/eq-tei.txt" <<'PY'
import sys
def read(path):
    runs = {}
    for line in open(path):
        q, _, doc, rank, score, _ = line.split()
        runs.setdefault(q, []).append((int(rank), doc, float(score)))
    return {q: sorted(v) for q, v in runs.items()}
local = read(sys.argv[1])
ok = True
for path in sys.argv[2:]:
    other = read(path)
    same_order = other.keys() == local.keys() and all([d for _, d, _ in other[q]] == [d for _, d, _ in local[q]] for q in local)
    diff = max(abs(a[2] - b[2]) for q in local for a, b in zip(local[q], other.get(q, [])))
    pairs = sum(len(v) for v in local.values())
    print(f"{path.split('/')[-1]}: {len(local)} queries, {pairs} ranked hits, same order: {same_order}, largest score difference: {diff:.3g}")
    ok = ok and same_order and diff <= 1e-5
print("EQUIVALENT" if ok else "NOT EQUIVALENT")
sys.exit(0 if ok else 1)
PY
