"""Build `src/ficlens/stages/clusters.tsv`: word clusters from unlabelled novel text.

Words are described by the words around them (one and two to the left and right) in the
LitBank novels' full texts (`../shared/data/litbank/original`), weighted by positive PMI,
reduced to 100 dimensions (truncated SVD) and grouped with k-means twice: 64 coarse clusters and
512 fine ones. No labels are read. The first 4,000 tokens of each novel are skipped: LitBank's
annotated excerpts are the novels' openings, and the benchmark scores on them.

    pip install -e '.[train]'
    .venv/bin/python scripts/build_word_clusters.py
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "litbank" / "original"
OUT = ROOT / "src" / "ficlens" / "stages" / "clusters.tsv"
SKIP = 4000
VOCABULARY = 40_000
CONTEXTS = 2_000
MIN_COUNT = 5
SIZES = (64, 512)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    from ficlens.stages.entities.tokens import tokens

    docs = []
    for path in sorted(args.data.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("’", "'")
        docs.append([text[a:b] for a, b in tokens(text)][SKIP:])
    counts = Counter(w for d in docs for w in d)
    vocab = [w for w, c in counts.most_common(VOCABULARY) if c >= MIN_COUNT]
    contexts = list(dict.fromkeys(w.lower() for w, _ in counts.most_common(CONTEXTS * 2)))[:CONTEXTS]
    row_of = {w: i for i, w in enumerate(vocab)}
    col_of = {w: i for i, w in enumerate(contexts)}
    rows: list[int] = []
    cols: list[int] = []
    for d in docs:
        r = [row_of.get(w, -1) for w in d]
        c = [col_of.get(w.lower(), -1) for w in d]
        for i, row in enumerate(r):
            if row < 0:
                continue
            for block, offset in enumerate((-1, 1, -2, 2)):
                j = i + offset
                if 0 <= j < len(d) and c[j] >= 0:
                    rows.append(row)
                    cols.append(block * CONTEXTS + c[j])
    shape = (len(vocab), 4 * CONTEXTS)
    m = sparse.coo_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape).tocsr().tocoo()
    row_sums = np.asarray(m.sum(1)).ravel()
    col_p = np.asarray(m.sum(0)).ravel() ** 0.75
    col_p /= col_p.sum()
    pmi = np.log(m.data / (row_sums[m.row] * col_p[m.col]) + 1e-12)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=shape)
    vectors = TruncatedSVD(100, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [MiniBatchKMeans(k, random_state=0, n_init=3, batch_size=4096).fit(vectors).labels_ for k in SIZES]
    with args.out.open("w", encoding="utf-8") as out:
        out.write(f"# word, then its cluster among {SIZES[0]} and among {SIZES[1]}: scripts/build_word_clusters.py\n")
        for i, word in enumerate(vocab):
            out.write(f"{word}\t{labels[0][i]}\t{labels[1][i]}\n")
    print(f"{len(vocab)} words -> {args.out}")


if __name__ == "__main__":
    main()
