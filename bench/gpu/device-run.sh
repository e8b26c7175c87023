#!/usr/bin/env bash
# Run ON THE DEVICE from the repository root, in the call that carries publish/gpubench.tar.xz, after the CUDA kit parts
# were copied to $KIT (default /tmp/kit) by the earlier calls (see bench/gpu/README.md). Extra arguments go to
# run_gpu_bench.py (for example --skip-decoder, --seconds 5). Results land in $OUT.
set -uo pipefail
out="${OUT:-/tmp/lrr-gpubench-out}"
kit="${KIT:-/tmp/kit}"
app=/tmp/lrr-gpubench-app
mkdir -p "$out"
if [ ! -f /tmp/ortcuda/cuda/libonnxruntime_providers_cuda.so ]; then
    ls "$kit" || { echo "no kit parts in $kit"; exit 1; }
    bash "$kit/kit-1/reassemble.sh" || { echo "kit reassembly failed"; exit 1; }
fi
# shellcheck disable=SC1091
source /tmp/ortcuda/env.sh
export LD_LIBRARY_PATH="/tmp/ortcuda/cuda:${LD_LIBRARY_PATH:-}"
export LUCENERERANK_CUDA_EP_PATH=/tmp/ortcuda/cuda/libonnxruntime_providers_cuda.so
if [ ! -x "$app/app/lrr-gpubench" ] || [ ! -x "$app/app/LuceneRerank.Benchmarks" ]; then
    rm -rf "$app" && mkdir -p "$app"
    python3 -c "import lzma,sys; sys.stdout.buffer.write(lzma.decompress(open('publish/gpubench.tar.xz','rb').read()))" \
        | tar -xf - -C "$app" || { echo "unpacking publish/gpubench.tar.xz failed"; exit 1; }
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
probe=("$app/app/lrr-gpubench" --probe --provider cuda --model tests/LuceneRerank.Tests/Onnx/TestModels/tiny-linear.onnx)
route="ONNX Runtime 1.31.1 core + the kit's 1.29 CUDA provider as a plugin EP library"
if ! "${probe[@]}" | tee "$out/probe-1.31.txt"; then
    cp /tmp/ortcuda/ort129/libonnxruntime.so /tmp/ortcuda/ort129/Microsoft.ML.OnnxRuntime.dll "$app/app/"
    route="the kit's ONNX Runtime 1.29 pair (core + managed API) + its CUDA provider as a plugin EP library"
    "${probe[@]}" | tee "$out/probe-1.29.txt" || { echo "CUDA could not be opened by either route" | tee "$out/route.txt"; exit 1; }
fi
echo "route: $route" | tee "$out/route.txt"
python3 bench/gpu/run_gpu_bench.py --bench "$app/app/lrr-gpubench" --data "$app/data" --out "$out" "$@"
