#!/usr/bin/env python3
"""Writes the benchmark's text pairs (query<TAB>passage per line) from a BEIR folder, deterministically.

The first --top lines pair one test query with --top different passages (a top-100 rerank); the rest cycle through the
test queries and the corpus in file order. Only speed and score agreement are measured, so the pairs need not be
relevant, only real text of realistic length. Usage:
    make_pairs.py ../shared/data/scifact OUT.tsv [--rows 2048] [--top 100]
"""
import argparse
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("beir")
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=2048)
    parser.add_argument("--top", type=int, default=100)
    args = parser.parse_args()
    with open(os.path.join(args.beir, "queries.jsonl"), encoding="utf-8") as f:
        queries = {q["_id"]: q["text"] for q in map(json.loads, f)}
    with open(os.path.join(args.beir, "qrels", "test.tsv"), encoding="utf-8") as f:
        next(f)
        test_ids = sorted({line.split("\t")[0] for line in f}, key=lambda x: int(x) if x.isdigit() else x)
    passages = []
    with open(os.path.join(args.beir, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            passages.append(" ".join((doc.get("title", "") + " " + doc.get("text", "")).split()))
            if len(passages) == args.rows:
                break
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.rows):
            query = queries[test_ids[0]] if i < args.top else queries[test_ids[i % len(test_ids)]]
            out.write(f"{' '.join(query.split())}\t{passages[i % len(passages)]}\n")


if __name__ == "__main__":
    main()
