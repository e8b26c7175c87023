#!/usr/bin/python3
"""Independent reference for LuceneRerank's evaluator: trec_eval's conventions re-implemented in plain Python.

Written from trec_eval's documented behaviour, sharing no code with the C# evaluator:
  * a query's results are ordered by score descending, ties by docno descending (byte order); the rank column is ignored;
  * docs not in the qrels are non-relevant; relevant means grade >= the relevance level (-l, default 1);
  * ndcg_cut.k: gain = grade, discount log2(rank + 1), ideal from all positive grades in the qrels;
  * recip_rank (cut at k), recall.k, P.k (divided by k), map (over the whole ranking);
  * -c: average over every query in the qrels; queries absent from the run score 0; run-only queries are ignored.

Usage: trec_eval_reference.py QRELS RUN METRICS [RELEVANCE_LEVEL]
METRICS is a comma list like ndcg@10,mrr@10,recall@100,p@10,map. Prints "metric<TAB>qid<TAB>value" per query
(17 significant digits), then "metric<TAB>all<TAB>mean".
"""
import functools
import math
import sys


def read_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8") as f:
        rows = [line.split() for line in f if line.strip()]
    if rows and len(rows[0]) == 3:
        try:
            int(rows[0][2])
        except ValueError:
            rows = rows[1:]  # BEIR header
    for row in rows:
        qid, docno, grade = row[0], row[-2], int(row[-1])
        qrels.setdefault(qid, {})[docno] = grade
    return qrels


def read_run(path):
    run = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                run.setdefault(parts[0], []).append((parts[2], float(parts[4])))
    return run


def trec_order(a, b):
    if a[1] != b[1]:
        return -1 if a[1] > b[1] else 1
    da, db = a[0].encode("utf-8"), b[0].encode("utf-8")
    return (db > da) - (db < da)


def measure(name, cutoff, rels, judged, level):
    n_rel = sum(1 for g in judged.values() if g >= level)
    if name == "ndcg":
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(rels[:cutoff]) if g > 0)
        ideal_gains = sorted((g for g in judged.values() if g > 0), reverse=True)[:cutoff]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal_gains))
        return dcg / idcg if idcg > 0 else 0.0
    if name == "mrr":
        top = rels if cutoff is None else rels[:cutoff]
        for i, g in enumerate(top):
            if g >= level:
                return 1.0 / (i + 1)
        return 0.0
    if name == "recall":
        return sum(1 for g in rels[:cutoff] if g >= level) / n_rel if n_rel else 0.0
    if name == "p":
        return sum(1 for g in rels[:cutoff] if g >= level) / cutoff
    if name == "map":
        top = rels if cutoff is None else rels[:cutoff]
        hits, total = 0, 0.0
        for i, g in enumerate(top):
            if g >= level:
                hits += 1
                total += hits / (i + 1)
        return total / n_rel if n_rel else 0.0
    raise ValueError(name)


def main():
    qrels = read_qrels(sys.argv[1])
    run = read_run(sys.argv[2])
    metrics = []
    for text in sys.argv[3].split(","):
        name, _, k = text.partition("@")
        metrics.append((text, name, int(k) if k else None))
    level = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    sums = {text: 0.0 for text, _, _ in metrics}
    for qid in sorted(qrels):
        ranked = sorted(run.get(qid, []), key=functools.cmp_to_key(trec_order))
        rels = [qrels[qid].get(docno, 0) for docno, _ in ranked]
        for text, name, k in metrics:
            value = measure(name, k, rels, qrels[qid], level)
            sums[text] += value
            print(f"{text}\t{qid}\t{value:.17g}")
    for text, _, _ in metrics:
        print(f"{text}\tall\t{sums[text] / len(qrels):.17g}")


if __name__ == "__main__":
    main()
