#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK. Safe to run again: it only installs what is missing.
set -euo pipefail
need=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c "import onnx" 2>/dev/null || need+=(python3-onnx)
/usr/bin/python3 -c "import sentencepiece" 2>/dev/null || need+=(python3-sentencepiece)
if [ "${#need[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
