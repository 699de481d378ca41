#!/usr/bin/env python3
"""Peer comparison: Python `implicit` (ALS and item-kNN CosineRecommender) on the
same train/test files as `pushbench evaluate --write-split DIR`, with the same
metric definitions (src/eval/metrics.rs), printed next to pushbench's figures.

    pushbench evaluate --events E --items I --write-split /tmp/split
    python3 bench/peer_implicit.py --train /tmp/split/train.csv --test /tmp/split/test.csv \
        --pushbench target/debug/pushbench

Model equivalence: pushbench's ALS confidence is c = 1 + alpha * ln(1 + weight);
implicit uses the matrix value as confidence, so it is given exactly that value
(implicit's own alpha stays 1). Item-kNN on both sides uses ln(1 + weight).
Training pairs are excluded from the ranking on both sides; test pairs that are
also training pairs are dropped on both sides.
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp


def read_pairs(path, weighted):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = [h.strip().lower() for h in next(r)]
        wcol = header.index("weight") if weighted and "weight" in header else None
        for line in r:
            if not line or all(not x for x in line):
                continue
            w = float(line[wcol]) if wcol is not None else 1.0
            rows.append((line[0].strip(), line[1].strip(), w))
    return rows


def metrics_at_k(recs, relevant, k):
    """Same definitions as src/eval/metrics.rs: precision = hits/K, recall =
    hits/|rel|, per-user F1, NDCG with IDCG over min(|rel|, K), AP over
    min(|rel|, K), hit = any hit."""
    ranks = [r + 1 for r, i in enumerate(recs[:k]) if i in relevant]
    h = len(ranks)
    p = h / k
    rc = h / len(relevant)
    f1 = 2 * p * rc / (p + rc) if h else 0.0
    dcg = sum(1 / math.log2(r + 1) for r in ranks)
    idcg = sum(1 / math.log2(r + 1) for r in range(1, min(len(relevant), k) + 1))
    ap = sum((n + 1) / r for n, r in enumerate(ranks)) / min(len(relevant), k)
    return p, rc, f1, dcg / idcg, ap, 1.0 if h else 0.0


def evaluate(model, user_items, test, k, n_items):
    users = np.array(sorted(u for u in test if user_items[u].nnz > 0), dtype=np.int32)
    ids, _ = model.recommend(users, user_items[users], N=k, filter_already_liked_items=True)
    sums = np.zeros(6)
    covered = set()
    for u, row in zip(users, ids):
        recs = [int(i) for i in row if i >= 0]
        covered.update(recs)
        sums += metrics_at_k(recs, test[u], k)
    m = sums / len(users)
    names = ["precision", "recall", "f1", "ndcg", "map", "hit_rate"]
    out = {n: float(v) for n, v in zip(names, m)}
    out["coverage"] = len(covered) / n_items
    out["users"] = len(users)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--factors", type=int, default=64)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--alpha", type=float, default=None,
                    help="ALS alpha (default: pushbench's rule, items / mean items per user / 50 in [1, 40])")
    ap.add_argument("--reg", type=float, default=20.0, help="ALS regularisation (pushbench default)")
    ap.add_argument("--neighbours", type=int, default=100)
    ap.add_argument("--pushbench", help="pushbench binary: also run its evaluate on the same files")
    ap.add_argument("--events", help="events file for pushbench (ids and catalogue); optional")
    ap.add_argument("--items", help="items file for pushbench; optional")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    a = ap.parse_args()

    import implicit
    from implicit.als import AlternatingLeastSquares
    from implicit.nearest_neighbours import CosineRecommender

    train = read_pairs(a.train, weighted=True)
    test_rows = read_pairs(a.test, weighted=False)
    uid, iid = {}, {}
    for u, i, _ in train + test_rows:
        uid.setdefault(u, len(uid))
        iid.setdefault(i, len(iid))
    n_users, n_items = len(uid), len(iid)
    acc = {}
    for u, i, w in train:
        key = (uid[u], iid[i])
        acc[key] = acc.get(key, 0.0) + w
    if a.alpha is None:
        users_with = len({k[0] for k in acc})
        items_with = len({k[1] for k in acc})
        a.alpha = min(max(items_with / (len(acc) / users_with) / 50.0, 1.0), 40.0)
    r = np.fromiter((k[0] for k in acc), dtype=np.int32, count=len(acc))
    c = np.fromiter((k[1] for k in acc), dtype=np.int32, count=len(acc))
    w = np.fromiter(acc.values(), dtype=np.float64, count=len(acc))
    conf = sp.csr_matrix(((1.0 + a.alpha * np.log1p(w)).astype(np.float32), (r, c)), shape=(n_users, n_items))
    knnv = sp.csr_matrix((np.log1p(w).astype(np.float32), (r, c)), shape=(n_users, n_items))
    test = {}
    for u, i, _ in test_rows:
        ui, ii = uid[u], iid[i]
        if (ui, ii) not in acc:
            test.setdefault(ui, set()).add(ii)

    results = []
    als = AlternatingLeastSquares(
        factors=a.factors, regularization=a.reg, alpha=1.0, iterations=a.iterations,
        use_cg=True, calculate_training_loss=False, random_state=42, dtype=np.float32,
    )
    t = time.perf_counter()
    als.fit(conf, show_progress=False)
    fit = time.perf_counter() - t
    results.append(("implicit als", fit, evaluate(als, conf, test, a.k, n_items)))

    knn = CosineRecommender(K=a.neighbours)
    t = time.perf_counter()
    knn.fit(knnv, show_progress=False)
    fit = time.perf_counter() - t
    results.append(("implicit item_knn", fit, evaluate(knn, knnv, test, a.k, n_items)))

    ours = None
    if a.pushbench:
        cmd = [a.pushbench, "evaluate", "--train", a.train, "--test", a.test, "--k", str(a.k),
               "--factors", str(a.factors), "--iterations", str(a.iterations),
               "--als-alpha", str(a.alpha), "--als-reg", str(a.reg),
               "--knn-neighbours", str(a.neighbours), "--format", "json"]
        if a.events:
            cmd += ["--events", a.events] + (["--items", a.items] if a.items else [])
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"pushbench failed: {p.stderr.strip()}")
        ours = json.loads(p.stdout)

    cols = ["precision", "recall", "f1", "ndcg", "map", "hit_rate", "coverage"]
    if a.json:
        print(json.dumps({
            "implicit_version": implicit.__version__,
            "users": n_users, "items": n_items, "train_pairs": len(acc),
            "peer": [{"name": n, "fit_seconds": f, **m} for n, f, m in results],
            "pushbench": ours,
        }, indent=2))
        return
    print(f"implicit {implicit.__version__}, {n_users} users, {n_items} items, {len(acc)} training pairs, "
          f"K={a.k}, ALS {a.factors} factors x {a.iterations} iterations, alpha {a.alpha:.3f}, reg {a.reg}, "
          f"threads={os.cpu_count()}")
    print(f"{'method':<22}" + "".join(f"{c[:7]:>9}" for c in cols) + f"{'fit s':>9}")
    rows = [(n, f, m) for n, f, m in results]
    if ours:
        rows += [("pushbench " + m["name"], m["fit_seconds"], m) for m in ours["methods"]]
    for n, f, m in rows:
        print(f"{n:<22}" + "".join(f"{m[c]:>9.4f}" for c in cols) + f"{f:>9.3f}")


if __name__ == "__main__":
    main()
