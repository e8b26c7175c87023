#!/usr/bin/env python3
"""LuceneRerank device benchmark: ours (ONNX Runtime through LuceneRerank's OnnxSessionFactory, CUDA) versus the
PyTorch peer, with the same random weights and the same inputs.

What it does, in one device session (see bench/gpu/README.md for the procedure):
  1. builds random-weight models of the real architectures with the machine's own `transformers`:
     - cross-encoder: BertForSequenceClassification with the cross-encoder/ms-marco-MiniLM-L-6-v2 config
       (6 layers, hidden 384, 12 heads, intermediate 1536, vocab 30522, 1 label), saved with save_pretrained;
     - decoder: a Qwen3-0.6B-shaped Qwen3ForCausalLM (28 layers, hidden 1024, 16 heads, 8 KV heads, head dim 128,
       intermediate 3072, vocab 151936, tied embeddings), wrapped to return the last position's logits [batch, vocab]
       (the pointwise yes/no reranker reads only those);
  2. tokenises the same pairs for both sides (BERT WordPiece from vocab.txt; Qwen3 byte-level BPE from tokenizer.json
     with the Qwen3-Reranker prompt), padded to --length (256) tokens, and writes them as int64 files;
  3. exports each model to ONNX (torch.onnx.export, fp32 and fp16);
  4. runs ours: `lrr-gpubench --provider cuda` (self-contained .NET publish) on every exported model, and for the
     cross-encoder also the full pipeline from text (`LuceneRerank.Benchmarks --pairs`: CrossEncoderReranker's
     tokenisation, batching and scoring) on the save_pretrained folder with the exported ONNX file in onnx/;
  5. runs the peer on the same token ids: plain forward in PyTorch (fp32 and fp16), and for the cross-encoder also
     sentence_transformers.CrossEncoder.predict on the text pairs (fp32 and fp16);
  6. prints pairs/s and top-100@length latency for each, ours / peer, and the score agreement (max |ours - peer|).

Results: $OUT/results.json and $OUT/table.txt; the table is printed last.

The module imports torch/transformers lazily, so `--help`, `--dry-run` and the token writer work on machines without
them. `--dry-run` checks the executables, the data folder and the arguments, prints the commands the run would use, and
(with `--dry-run-model DIR`, a model folder with onnx/model.onnx and tokenizer.json) runs the full-pipeline row of ours
through the same code as the device run, with --provider (cpu on a CPU machine).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

MINILM_L6 = dict(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                 intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2, num_labels=1)
QWEN3_06B = dict(vocab_size=151936, hidden_size=1024, intermediate_size=3072, num_hidden_layers=28,
                 num_attention_heads=16, num_key_value_heads=8, head_dim=128, max_position_embeddings=40960,
                 rope_theta=1000000.0, rms_norm_eps=1e-6, tie_word_embeddings=True)
QWEN3_YES, QWEN3_NO = 9693, 2152  # ids of "yes" / "no" in the Qwen3 vocabulary (../shared/README.md)
QWEN3_PAD = 151643  # <|endoftext|>
RERANKER_PREFIX = ("<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the "
                   "Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n")
RERANKER_SUFFIX = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
RERANKER_INSTRUCT = "Given a web search query, retrieve relevant passages that answer the query"
TOLERANCE = {"fp32": 1e-3, "fp16": 5e-2}


def log(*parts):
    print("[bench]", *parts, flush=True)


def write_tokens(directory, inputs):
    """Writes {name: int64 array [N, L]} as meta.json + one raw little-endian int64 file per input."""
    os.makedirs(directory, exist_ok=True)
    first = next(iter(inputs.values()))
    meta = {"count": int(first.shape[0]), "length": int(first.shape[1]), "inputs": {}}
    for name, array in inputs.items():
        assert array.shape == first.shape, (name, array.shape, first.shape)
        np.ascontiguousarray(array, dtype="<i8").tofile(os.path.join(directory, name + ".bin"))
        meta["inputs"][name] = name + ".bin"
    with open(os.path.join(directory, "meta.json"), "w") as f:
        json.dump(meta, f)


def read_pairs(path, rows):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            query, _, passage = line.rstrip("\n").partition("\t")
            pairs.append((query, passage))
            if len(pairs) == rows:
                break
    if len(pairs) < rows:
        raise SystemExit(f"{path}: {len(pairs)} pairs, --rows asks for {rows}")
    return pairs


# ----------------------------------------------------------------------------------------------------------- timing
def time_calls(call, seconds, warmup, sync):
    for _ in range(warmup):
        call()
    sync()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 5:
        t = time.perf_counter()
        call()
        sync()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times


def throughput(run_batch, rows, batch, seconds, sync):
    run_batch(0, min(batch, rows))
    sync()
    done, start, at = 0, time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        n = min(batch, rows - at)
        run_batch(at, n)
        done += n
        at = 0 if at + n >= rows else at + n
    sync()
    return done / (time.perf_counter() - start)


# ------------------------------------------------------------------------------------------------------------- ours
def run_ours(args, model_path, tokens_dir, name, extra):
    scores_path = os.path.join(args.work, name + ".ours.scores")
    json_path = os.path.join(args.work, name + ".ours.json")
    command = [args.bench, "--model", model_path, "--tokens", tokens_dir, "--provider", args.provider,
               "--top", str(args.top), "--seconds", str(args.seconds), "--scores-out", scores_path,
               "--json-out", json_path] + extra
    log("ours:", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        log(f"ours FAILED ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return None, None
    with open(json_path) as f:
        result = json.load(f)
    scores = np.loadtxt(scores_path, dtype=np.float64)
    log("ours:", json.dumps(result))
    return result, scores


def write_pairs(path, pairs):
    with open(path, "w", encoding="utf-8") as f:
        for query, passage in pairs:
            f.write(f"{query}\t{passage}\n")


def pipeline_command(args, model_dir, pairs_path, name, fp16):
    scores_path = os.path.join(args.work, name + ".pipeline.scores")
    json_path = os.path.join(args.work, name + ".pipeline.json")
    command = [args.pipeline_bench, "--model", model_dir, "--provider", args.provider, "--pairs", pairs_path,
               "--max-length", str(args.length), "--top", str(args.top), "--seconds", str(args.seconds),
               "--concurrency", str(args.pipeline_concurrency), "--scores-out", scores_path, "--json-out", json_path]
    if fp16:
        command.append("--fp16")
    return command, scores_path, json_path


def run_pipeline(args, model_dir, pairs_path, name, fp16):
    """Ours from text: LuceneRerank.Benchmarks --pairs (CrossEncoderReranker: tokenisation, length-sorted token-budget
    batches, dynamic padding, Run, scores), the contract in bench/gpu/README.md. Scores come back in input order."""
    command, scores_path, json_path = pipeline_command(args, model_dir, pairs_path, name, fp16)
    log("ours (pipeline):", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        log(f"ours (pipeline) FAILED ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return None, None
    with open(json_path) as f:
        result = json.load(f)
    scores = np.loadtxt(scores_path, dtype=np.float64, ndmin=1)
    log("ours (pipeline):", json.dumps({k: v for k, v in result.items() if k != "notes"}))
    return result, scores


# ----------------------------------------------------------------------------------------------- cross-encoder side
def cross_encoder(args, results):
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    device = args.torch_device
    pairs = read_pairs(os.path.join(args.data, "pairs.tsv"), args.rows)
    folder = os.path.join(args.work, "minilm-l6")
    torch.manual_seed(0)
    config = BertConfig(**MINILM_L6)
    # Raw logits from sentence-transformers too (older versions read the first key, newer the second).
    config.sbert_ce_default_activation_function = "torch.nn.modules.linear.Identity"
    config.sentence_transformers = {"activation_fn": "torch.nn.modules.linear.Identity"}
    model = BertForSequenceClassification(config).eval()
    tokenizer = BertTokenizerFast(vocab_file=os.path.join(args.data, "vocab.txt"), do_lower_case=True,
                                  model_max_length=512)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)

    encoded = tokenizer([q for q, _ in pairs], [p for _, p in pairs], truncation="only_second",
                        max_length=args.length, padding="max_length", return_tensors="np")
    inputs = {k: encoded[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
    tokens_dir = os.path.join(args.work, "tokens-minilm")
    write_tokens(tokens_dir, inputs)
    log(f"cross-encoder: {args.rows} pairs x {args.length} tokens written to {tokens_dir}")
    pairs_path = os.path.join(args.work, "pairs-minilm.tsv")  # the same pairs, as text, for the full pipeline
    write_pairs(pairs_path, pairs)

    for dtype in args.dtypes:
        torch_dtype = torch.float16 if dtype == "fp16" else torch.float32
        m = BertForSequenceClassification.from_pretrained(folder, torch_dtype=torch_dtype).to(device).eval()
        onnx_path = os.path.join(args.work, f"minilm-l6-{dtype}.onnx")
        sample = {k: torch.from_numpy(v[:2, :16]).to(device) for k, v in inputs.items()}
        export(torch, m, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), onnx_path,
               ["input_ids", "attention_mask", "token_type_ids"], lambda out: out.logits, hf_model=m)

        ours, ours_scores = run_ours(args, onnx_path, tokens_dir, f"minilm-l6-{dtype}", [])
        # The folder as a Hugging Face ONNX download has it: onnx/model.onnx, onnx/model_fp16.onnx, tokenizer.json.
        os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
        shutil.copyfile(onnx_path, os.path.join(folder, "onnx", "model_fp16.onnx" if dtype == "fp16" else "model.onnx"))
        pipeline, pipeline_scores = run_pipeline(args, folder, pairs_path, f"minilm-l6-{dtype}", dtype == "fp16")

        tensors = {k: torch.from_numpy(v).to(device) for k, v in inputs.items()}

        def forward(start, n):
            with torch.inference_mode():
                return m(**{k: t[start:start + n] for k, t in tensors.items()}).logits[:, 0]

        peer_scores = torch.cat([forward(s, min(args.ce_batch, args.rows - s)).float().cpu()
                                 for s in range(0, args.rows, args.ce_batch)]).numpy()
        sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
        lat = time_calls(lambda: forward(0, args.top), args.seconds, 5, sync)
        pps = throughput(forward, args.rows, args.ce_batch, args.seconds, sync)
        peer = {"topLatencyMsMedian": statistics.median(lat), "pairsPerSecond": pps, "batch": args.ce_batch}
        log(f"peer forward {dtype}:", json.dumps(peer))

        st = sentence_transformers_peer(args, folder, pairs, dtype, sync)
        results.append(summarise("MiniLM-L6 cross-encoder", dtype, ours, ours_scores, peer, peer_scores, st))
        # Text in, scores out on both sides: our CrossEncoderReranker vs sentence-transformers (else the plain forward).
        text_peer = {k: v for k, v in st.items() if k != "scores"} if st is not None else peer
        row = summarise("MiniLM-L6 CE from text", dtype, pipeline, pipeline_scores, text_peer, peer_scores, None)
        row["peerKind"] = "sentence-transformers" if st is not None else "PyTorch forward"
        results.append(row)


def sentence_transformers_peer(args, folder, pairs, dtype, sync):
    try:
        from sentence_transformers import CrossEncoder
    except ImportError as e:
        log("sentence-transformers not available:", e)
        return None
    ce = CrossEncoder(folder, max_length=args.length, device=args.torch_device)
    if dtype == "fp16":
        ce.model.half()
    text = [list(p) for p in pairs]
    scores = np.asarray(ce.predict(text, batch_size=args.ce_batch, show_progress_bar=False), dtype=np.float64)
    lat = time_calls(lambda: ce.predict(text[:args.top], batch_size=args.top, show_progress_bar=False),
                     args.seconds, 3, sync)
    start = time.perf_counter()
    ce.predict(text, batch_size=args.ce_batch, show_progress_bar=False)
    sync()
    pps = len(text) / (time.perf_counter() - start)
    st = {"topLatencyMsMedian": statistics.median(lat), "pairsPerSecond": pps, "scores": scores}
    log(f"sentence-transformers {dtype}: top{args.top} {st['topLatencyMsMedian']:.2f} ms, {pps:.0f} pairs/s")
    return st


# ----------------------------------------------------------------------------------------------------- decoder side
def decoder(args, results):
    import torch
    from transformers import PreTrainedTokenizerFast, Qwen3Config, Qwen3ForCausalLM

    device = args.torch_device
    pairs = read_pairs(os.path.join(args.data, "pairs.tsv"), args.decoder_rows)
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=os.path.join(args.data, "qwen3-tokenizer.json"))
    prefix = tokenizer(RERANKER_PREFIX, add_special_tokens=False)["input_ids"]
    suffix = tokenizer(RERANKER_SUFFIX, add_special_tokens=False)["input_ids"]
    ids = np.full((len(pairs), args.length), QWEN3_PAD, dtype=np.int64)
    mask = np.zeros((len(pairs), args.length), dtype=np.int64)
    for i, (query, passage) in enumerate(pairs):
        head = prefix + tokenizer(f"<Instruct>: {RERANKER_INSTRUCT}\n<Query>: {query}\n<Document>: ",
                                  add_special_tokens=False)["input_ids"]
        room = args.length - len(head) - len(suffix)
        body = head + tokenizer(passage, add_special_tokens=False)["input_ids"][:max(room, 0)] + suffix
        body = body[-args.length:]
        ids[i, args.length - len(body):] = body  # left padding: the last position is the answer position
        mask[i, args.length - len(body):] = 1
    tokens_dir = os.path.join(args.work, "tokens-qwen3")
    write_tokens(tokens_dir, {"input_ids": ids, "attention_mask": mask})
    log(f"decoder: {len(pairs)} prompts x {args.length} tokens written to {tokens_dir}")

    torch.manual_seed(0)
    config = Qwen3Config(**QWEN3_06B)
    base = Qwen3ForCausalLM(config).eval()

    class LastLogits(torch.nn.Module):
        def __init__(self, lm):
            super().__init__()
            self.lm = lm

        def forward(self, input_ids, attention_mask):
            hidden = self.lm.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state
            return self.lm.lm_head(hidden[:, -1, :])

    for dtype in args.dtypes:
        torch_dtype = torch.float16 if dtype == "fp16" else torch.float32
        wrapper = LastLogits(base.to(torch_dtype)).to(device).eval()
        folder = os.path.join(args.work, f"qwen3-0.6b-{dtype}")
        os.makedirs(folder, exist_ok=True)
        onnx_path = os.path.join(folder, "model.onnx")
        sample = (torch.from_numpy(ids[:2, -32:]).to(device), torch.from_numpy(mask[:2, -32:]).to(device))
        export(torch, wrapper, sample, onnx_path, ["input_ids", "attention_mask"], lambda out: out, hf_model=base)

        ours, ours_scores = run_ours(args, onnx_path, tokens_dir, f"qwen3-{dtype}",
                                     ["--yes-no", f"{QWEN3_YES},{QWEN3_NO}", "--batch", str(args.decoder_batch)])
        t_ids, t_mask = torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)

        def forward(start, n):
            with torch.inference_mode():
                logits = wrapper(t_ids[start:start + n], t_mask[start:start + n]).float()
                pair = torch.stack([logits[:, QWEN3_YES], logits[:, QWEN3_NO]], dim=1)
                return torch.log_softmax(pair, dim=1)[:, 0]

        peer_scores = torch.cat([forward(s, min(args.decoder_batch, len(pairs) - s)).cpu()
                                 for s in range(0, len(pairs), args.decoder_batch)]).numpy()
        sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
        lat = time_calls(lambda: forward(0, min(args.top, len(pairs))), args.seconds, 3, sync)
        pps = throughput(forward, len(pairs), args.decoder_batch, args.seconds, sync)
        peer = {"topLatencyMsMedian": statistics.median(lat), "pairsPerSecond": pps, "batch": args.decoder_batch}
        log(f"peer forward qwen3 {dtype}:", json.dumps(peer))
        results.append(summarise("Qwen3-0.6B pointwise", dtype, ours, ours_scores, peer, peer_scores, None))
        base = base.float().cpu()  # the next dtype starts from the fp32 weights again
        del wrapper
        if device == "cuda":
            torch.cuda.empty_cache()


# ------------------------------------------------------------------------------------------------------ helpers
def set_attention(model, implementation):
    """Eager attention traces cleanly for the TorchScript exporter; the peer runs with the fast default (sdpa)."""
    try:
        model.set_attn_implementation(implementation)
    except (AttributeError, ValueError, ImportError):
        model.config._attn_implementation = implementation


def export(torch, module, sample, path, input_names, pick, hf_model=None):
    class Picked(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *xs):
            return pick(self.inner(*xs))

    axes = {name: {0: "batch", 1: "sequence"} for name in input_names}
    axes["logits"] = {0: "batch"}
    kwargs = dict(input_names=input_names, output_names=["logits"], dynamic_axes=axes, opset_version=17,
                  do_constant_folding=True)
    start = time.perf_counter()
    if hf_model is not None:
        set_attention(hf_model, "eager")
    with torch.no_grad():
        try:
            torch.onnx.export(Picked(module), sample, path, dynamo=False, **kwargs)
        except TypeError:  # torch without the dynamo switch: the TorchScript exporter is the only one
            torch.onnx.export(Picked(module), sample, path, **kwargs)
    if hf_model is not None:
        set_attention(hf_model, "sdpa")
    log(f"exported {path} in {time.perf_counter() - start:.1f} s")


def summarise(model, dtype, ours, ours_scores, peer, peer_scores, st):
    row = {"model": model, "dtype": dtype, "peer": peer}
    if ours is None:
        row["ours"] = None
        return row
    row["ours"] = ours
    row["ratioPairsPerSecond"] = ours["pairsPerSecond"] / peer["pairsPerSecond"]
    row["ratioTopLatency"] = ours["topLatencyMsMedian"] / peer["topLatencyMsMedian"]
    diff = float(np.max(np.abs(ours_scores - peer_scores)))
    row["maxAbsDiff"] = diff
    row["tolerance"] = TOLERANCE[dtype]
    row["agree"] = diff <= TOLERANCE[dtype]
    if st is not None:
        row["sentenceTransformers"] = {k: v for k, v in st.items() if k != "scores"}
        row["maxAbsDiffSentenceTransformers"] = float(np.max(np.abs(ours_scores - st["scores"])))
    return row


def table(results, args):
    lines = [f"device: {args.device_name}; length {args.length}; top-{args.top}; ours = lrr-gpubench "
             f"(LuceneRerank OnnxSessionFactory, provider {args.provider}); peer = PyTorch forward on the same token ids",
             f"{'model':<26}{'dtype':<6}{'ours p/s':>10}{'peer p/s':>10}{'ours/peer':>10}"
             f"{'ours top ms':>12}{'peer top ms':>12}{'ST p/s':>9}{'ST top ms':>10}{'max|d|':>10}  agree"]
    for r in results:
        st = r.get("sentenceTransformers") or {}
        if r["ours"] is None:
            lines.append(f"{r['model']:<26}{r['dtype']:<6}{'FAILED':>10}{r['peer']['pairsPerSecond']:>10.0f}")
            continue
        lines.append(
            f"{r['model']:<26}{r['dtype']:<6}{r['ours']['pairsPerSecond']:>10.0f}{r['peer']['pairsPerSecond']:>10.0f}"
            f"{r['ratioPairsPerSecond']:>10.2f}{r['ours']['topLatencyMsMedian']:>12.2f}"
            f"{r['peer']['topLatencyMsMedian']:>12.2f}{st.get('pairsPerSecond', float('nan')):>9.0f}"
            f"{st.get('topLatencyMsMedian', float('nan')):>10.2f}{r['maxAbsDiff']:>10.2e}  "
            f"{'yes' if r['agree'] else 'NO'} (tol {r['tolerance']:g})")
    if any(r["model"].endswith("from text") for r in results):
        lines.append(f"'from text' rows: ours = LuceneRerank.Benchmarks --pairs (CrossEncoderReranker: tokenisation + batching"
                     f" + Run), p/s = top-{args.top} reranks with {args.pipeline_concurrency} in flight; peer = "
                     f"sentence-transformers CrossEncoder.predict (p/s: all rows, batch {args.ce_batch})")
    return "\n".join(lines)


def dry_run(args):
    """Everything that needs no torch: the inputs exist and parse, the commands are well formed, and (with
    --dry-run-model) ours' from-text row runs and its outputs are read back the way the device run reads them."""
    problems = []
    for path in (args.bench, args.pipeline_bench):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            problems.append(f"not an executable: {path}")
    for name in ("vocab.txt", "qwen3-tokenizer.json", "pairs.tsv"):
        if not os.path.isfile(os.path.join(args.data, name)):
            problems.append(f"missing {os.path.join(args.data, name)}")
    for d in args.dtypes:
        if d not in TOLERANCE:
            problems.append(f"unknown dtype {d!r} (known: {', '.join(TOLERANCE)})")
    if args.top > args.rows:
        problems.append(f"--top {args.top} exceeds --rows {args.rows}")
    if problems:
        for p in problems:
            log("dry run:", p)
        return 1
    pairs = read_pairs(os.path.join(args.data, "pairs.tsv"), args.rows)
    head_queries = {q for q, _ in pairs[:args.top]}
    log(f"dry run: {len(pairs)} pairs read; the first {args.top} share {len(head_queries)} query(ies) (a top-{args.top} rerank)")
    pairs_path = os.path.join(args.work, "pairs-minilm.tsv")
    write_pairs(pairs_path, pairs)
    folder = args.dry_run_model or os.path.join(args.work, "minilm-l6")
    for dtype in args.dtypes:
        log(f"dry run, {dtype}: would run", " ".join(pipeline_command(args, folder, pairs_path, f"minilm-l6-{dtype}",
                                                                       dtype == "fp16")[0]))
    if args.dry_run_model is None:
        return 0
    results = []
    for dtype in args.dtypes:
        fp16 = dtype == "fp16"
        if fp16 and not os.path.isfile(os.path.join(folder, "onnx", "model_fp16.onnx")):
            log(f"dry run: no onnx/model_fp16.onnx in {folder}; {dtype} skipped")
            continue
        result, scores = run_pipeline(args, folder, pairs_path, f"dry-{dtype}", fp16)
        if result is None:
            return 1
        if len(scores) != len(pairs) or not np.all(np.isfinite(scores)):
            log(f"dry run: {len(scores)} scores for {len(pairs)} pairs, finite: {bool(np.all(np.isfinite(scores)))}")
            return 1
        for key in ("topLatencyMsMedian", "pairsPerSecond", "activeProvider"):
            if key not in result:
                log(f"dry run: {key} missing from the JSON")
                return 1
        results.append((dtype, result, scores))
    if len(results) == 2:
        diff = float(np.max(np.abs(results[0][2] - results[1][2])))
        log(f"dry run: max |{results[0][0]} - {results[1][0]}| over {len(pairs)} scores = {diff:.3g}")
    for dtype, result, _ in results:
        log(f"dry run: ours from text, {dtype}, {result['activeProvider']}: top-{result['top']} "
            f"{result['topLatencyMsMedian']:.1f} ms median, {result['pairsPerSecond']:.1f} pairs/s "
            f"({result['concurrency']} in flight)")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", required=True, help="path of the published lrr-gpubench executable")
    parser.add_argument("--data", required=True, help="folder with vocab.txt, qwen3-tokenizer.json, pairs.tsv")
    parser.add_argument("--out", default=os.environ.get("OUT", "bench-out"), help="results folder (default $OUT)")
    parser.add_argument("--work", default="/tmp/lrr-gpubench-work", help="models and token files")
    parser.add_argument("--provider", default="cuda", choices=["cuda", "cpu"], help="our execution provider")
    parser.add_argument("--length", type=int, default=256)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--rows", type=int, default=2048, help="cross-encoder pairs (throughput set)")
    parser.add_argument("--ce-batch", type=int, default=256, help="pairs per call for throughput (both sides)")
    parser.add_argument("--decoder-rows", type=int, default=512)
    parser.add_argument("--decoder-batch", type=int, default=64)
    parser.add_argument("--dtypes", default="fp32,fp16")
    parser.add_argument("--seconds", type=float, default=8.0, help="time per measurement")
    parser.add_argument("--skip-decoder", action="store_true")
    parser.add_argument("--skip-cross-encoder", action="store_true")
    parser.add_argument("--pipeline-bench", help="path of the published LuceneRerank.Benchmarks executable "
                        "(default: beside --bench)")
    parser.add_argument("--pipeline-concurrency", type=int, default=4,
                        help="top-K reranks in flight for ours' from-text throughput (default 4)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check executables, data and arguments and print the commands; no torch needed")
    parser.add_argument("--dry-run-model", help="with --dry-run: a model folder to run ours' from-text row on")
    args = parser.parse_args()
    args.dtypes = args.dtypes.split(",")
    if args.pipeline_bench is None:
        args.pipeline_bench = os.path.join(os.path.dirname(os.path.abspath(args.bench)), "LuceneRerank.Benchmarks")
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    if args.dry_run:
        return dry_run(args)

    import torch
    args.torch_device = "cuda" if torch.cuda.is_available() else "cpu"
    args.device_name = torch.cuda.get_device_name(0) if args.torch_device == "cuda" else "cpu"
    if args.torch_device == "cpu" and "fp16" in args.dtypes:
        log("no CUDA: fp16 skipped")
        args.dtypes = [d for d in args.dtypes if d != "fp16"]
    log(f"torch {torch.__version__} on {args.device_name}")

    results = []
    for stage, skip in ((cross_encoder, args.skip_cross_encoder), (decoder, args.skip_decoder)):
        if skip:
            continue
        try:
            stage(args, results)
        except Exception as e:  # keep what finished; say what failed
            log(f"{stage.__name__} FAILED: {type(e).__name__}: {e}")
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(results, f, indent=2, default=float)

    text = table(results, args)
    with open(os.path.join(args.out, "table.txt"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
