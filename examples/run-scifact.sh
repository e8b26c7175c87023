#!/usr/bin/env bash
# Main job: builds the SciFact index (once) and runs BM25 over its 300 test queries, printing the metrics.
# Data: ../shared/data/scifact when present, else a copy pulled with `lrr-index datasets pull scifact`.
# Work files (index, runs, pulled data) go to work-data/ (ignored by git). Extra arguments go to lrr-search.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/work-data"
mkdir -p "$work"

echo "== building lrr-index and lrr-search (Release)"
dotnet build index-tools/LuceneRerank.IndexTools/LuceneRerank.IndexTools.csproj -c Release -o "$work/bin/lrr-index" -v quiet -nologo >"$work/build-index.log" 2>&1 \
    || { cat "$work/build-index.log"; exit 1; }
dotnet build examples/LuceneRerank.SearchConsole/LuceneRerank.SearchConsole.csproj -c Release -o "$work/bin/lrr-search" -v quiet -nologo >"$work/build-search.log" 2>&1 \
    || { cat "$work/build-search.log"; exit 1; }
lrr_index() { dotnet "$work/bin/lrr-index/lrr-index.dll" "$@"; }
lrr_search() { dotnet "$work/bin/lrr-search/lrr-search.dll" "$@"; }

shared="${LUCENERERANK_SHARED:-$root/../shared}"
data="$shared/data/scifact"
if [ ! -f "$data/corpus.jsonl" ]; then
    data="$work/datasets/scifact"
    if [ ! -f "$data/corpus.jsonl" ]; then
        echo "== $shared/data/scifact not found: pulling SciFact"
        lrr_index datasets pull scifact --to "$work/datasets"
    fi
fi
echo "== data: $data"

index="$work/indexes/scifact"
if [ -d "$index" ] && [ -n "$(ls -A "$index" 2>/dev/null)" ]; then
    echo "== index exists: $index (delete it to rebuild)"
else
    echo "== building the index"
    lrr_index build --corpus "$data/corpus.jsonl" --index "$index"
fi

echo "== BM25 (k1=0.9, b=0.4, contents) over the SciFact test queries"
lrr_search --index "$index" --queries "$data/queries.jsonl" --qrels "$data/qrels/test.tsv" \
    --run-out "$work/runs/scifact-bm25.txt" --hits 1000 "$@"
