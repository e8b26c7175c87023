#!/usr/bin/env bash
# Run HERE (the CPU machine), from anywhere: publishes lrr-gpubench and LuceneRerank.Benchmarks (the from-text
# pipeline row) self-contained for linux-x64 into one folder and packs them with the
# benchmark's inputs (SciFact text pairs, the BERT vocab.txt, the Qwen3 tokenizer.json) into publish/gpubench.tar.xz
# (git-ignored; carry it to the device). Needs ../shared (or $LUCENERERANK_SHARED).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shared="${LUCENERERANK_SHARED:-$root/../shared}"
cd "$root"
stage=publish/gpubench-pack
rm -rf "$stage" && mkdir -p "$stage/app" "$stage/data"
dotnet publish bench/gpu/LuceneRerank.GpuBench/LuceneRerank.GpuBench.csproj -c Release -r linux-x64 --self-contained \
    -p:DebugType=none -o "$stage/app" -v q -nologo
# The full-pipeline row (CrossEncoderReranker from text): same runtime and ONNX Runtime files, one more entry point.
dotnet publish bench/LuceneRerank.Benchmarks/LuceneRerank.Benchmarks.csproj -c Release -r linux-x64 --self-contained \
    -p:DebugType=none -o "$stage/app" -v q -nologo
/usr/bin/python3 bench/gpu/make_pairs.py "$shared/data/scifact" "$stage/data/pairs.tsv"
cp "$shared/models/bert-base-uncased-vocab/vocab.txt" "$stage/data/vocab.txt"
cp "$shared/models/qwen3-tokenizer/tokenizer.json" "$stage/data/qwen3-tokenizer.json"
# Both entry points start here, and the script's own dry run checks the inputs before anything is packed.
"$stage/app/lrr-gpubench" --help > /dev/null
"$stage/app/LuceneRerank.Benchmarks" --help > /dev/null
/usr/bin/python3 bench/gpu/run_gpu_bench.py --dry-run --bench "$stage/app/lrr-gpubench" --data "$stage/data" \
    --out "$stage/dry-out" --work "$stage/dry-work" > /dev/null
rm -rf "$stage/dry-out" "$stage/dry-work"
tar -C "$stage" -cf - app data | xz -T0 -6 > publish/gpubench.tar.xz
rm -rf "$stage"
ls -la publish/gpubench.tar.xz
