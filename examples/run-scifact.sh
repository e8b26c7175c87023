#!/usr/bin/env bash
# Main job: SciFact end to end. Builds the index (once), runs BM25 over the 300 test queries, reranks BM25's top 100
# with a cross-encoder, and prints the metrics of both runs.
#
#   examples/run-scifact.sh                       # reranks with the small RANDOM test cross-encoder (pipeline check only)
#   MODEL_DIR=/path/to/ms-marco-MiniLM-L-6-v2 examples/run-scifact.sh
#   examples/run-scifact.sh --model /path/to/ms-marco-MiniLM-L-6-v2 [more lrr-search options for the rerank run]
#
# With the real model (Xenova/ms-marco-MiniLM-L-6-v2, or `lrr-index models pull ms-marco-MiniLM-L-6-v2 --to DIR`) this is
# the command that reproduces BEIR's BM25 top-100 + MiniLM-L-6 figure (nDCG@10 0.688). WINDOW (default 100) sets the
# rerank depth. Without a model the script generates the random test cross-encoder (tests/TestModels/
# generate-test-models.sh: Debian's python3 with numpy and onnx, installed by tests/install-test-deps.sh); its nDCG is
# meaningless. Data: ../shared/data/scifact when present, else pulled with `lrr-index datasets pull scifact`. Work files
# (index, runs, pulled data, builds) go to work-data/ (ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/work-data"
mkdir -p "$work/runs"

model="${MODEL_DIR:-}"
window="${WINDOW:-100}"
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --window) window="$2"; shift 2 ;;
        *) extra+=("$1"); shift ;;
    esac
done

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

random_model=false
if [ -z "$model" ]; then
    random_model=true
    echo "== no MODEL_DIR / --model: generating the small RANDOM test cross-encoder"
    bash tests/install-test-deps.sh
    [ -f "$shared/models/bert-base-uncased-vocab/vocab.txt" ] || {
        echo "error: the random test model needs the BERT vocabulary at $shared/models/bert-base-uncased-vocab/vocab.txt;" >&2
        echo "       set MODEL_DIR to a real cross-encoder instead" >&2
        exit 1
    }
    LUCENERERANK_SHARED="$shared" bash tests/TestModels/generate-test-models.sh
    model="$root/tests/TestModels/generated/xenova-layout-1-label"
fi
[ -d "$model" ] || { echo "error: model directory not found: $model" >&2; exit 1; }
echo "== model: $model"

index="$work/indexes/scifact"
if [ -d "$index" ] && [ -n "$(ls -A "$index" 2>/dev/null)" ]; then
    echo "== index exists: $index (delete it to rebuild)"
else
    echo "== building the index"
    lrr_index build --corpus "$data/corpus.jsonl" --index "$index"
fi

queries=(--queries "$data/queries.jsonl" --qrels "$data/qrels/test.tsv" --hits 1000)
echo
echo "== BM25 (k1=0.9, b=0.4, contents) over the SciFact test queries"
lrr_search --index "$index" "${queries[@]}" --run-out "$work/runs/scifact-bm25.txt" --tag lrr-bm25 | tee "$work/runs/scifact-bm25.log"

tag=lrr-rerank
$random_model && tag=lrr-random
echo
echo "== BM25 top $window reranked by $(basename "$model")"
lrr_search --index "$index" "${queries[@]}" --run-out "$work/runs/scifact-$tag.txt" --tag "$tag" \
    --model "$model" --window "$window" ${extra[@]+"${extra[@]}"} | tee "$work/runs/scifact-$tag.log"

metric() { awk -F'\t' -v m="$1" '$1 == m { print $2 }' "$2"; }
echo
echo "== summary (SciFact test, 300 queries)"
printf '%-40s %10s %10s\n' run nDCG@10 recall@100
printf '%-40s %10s %10s\n' "BM25" "$(metric ndcg@10 "$work/runs/scifact-bm25.log")" "$(metric recall@100 "$work/runs/scifact-bm25.log")"
printf '%-40s %10s %10s\n' "BM25 + $(basename "$model") @$window" "$(metric ndcg@10 "$work/runs/scifact-$tag.log")" "$(metric recall@100 "$work/runs/scifact-$tag.log")"
if $random_model; then
    echo
    echo "NOTE: the reranker above is the RANDOM-weight test cross-encoder: its nDCG is meaningless (the run only shows"
    echo "      that BM25 -> rerank -> metrics works end to end). For the real figure (BEIR: nDCG@10 0.688 for BM25 top-100"
    echo "      reranked by ms-marco-MiniLM-L-6-v2), run: MODEL_DIR=/path/to/Xenova-ms-marco-MiniLM-L-6-v2 examples/run-scifact.sh"
fi
