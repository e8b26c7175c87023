#!/usr/bin/env bash
# Run HERE (the CPU machine), from anywhere: publishes lrr-gpubench self-contained for linux-x64 and packs it with the
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
/usr/bin/python3 bench/gpu/make_pairs.py "$shared/data/scifact" "$stage/data/pairs.tsv"
cp "$shared/models/bert-base-uncased-vocab/vocab.txt" "$stage/data/vocab.txt"
cp "$shared/models/qwen3-tokenizer/tokenizer.json" "$stage/data/qwen3-tokenizer.json"
tar -C "$stage" -cf - app data | xz -T0 -6 > publish/gpubench.tar.xz
rm -rf "$stage"
ls -la publish/gpubench.tar.xz
