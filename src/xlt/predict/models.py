"""Models of score(run, eval language): three baselines and xlt's transfer model.

Every model is fitted on arrays over one `Space` (counts per run over its languages, and rows
(run, eval language, score)) and predicts rows over any space that contains the languages it was
fitted on, so languages never seen in the table (as training or evaluation language) are predicted
from their features.

xlt's model (`TransferModel`) is additive over training languages with saturating returns:

    score(r, l) = a_l + sum_L T[L, l] * g(n_rL),      g(n) = log1p(n / c)
    a_l     = beta . f(l) + delta_l                   f: resource level, exposure
    T[L, l] = w . phi(L, l) + R[L, l]                  phi: same language, URIEL similarities, script, family

beta and w are shared by all languages (what carries over to new ones); delta and R are per-language
residuals with a ridge penalty lambda, i.e. a Gaussian prior. Given (c, lambda) the model is linear, so
it is fitted exactly; the parameters that touch one evaluation language only (delta_l, R[:, l]) form
one block per language, so the normal equations are solved through a Schur complement on the few
shared parameters: cost grows with the number of languages, not with their square. (c, lambda) are
chosen on a small grid by 5-fold cross-validation over runs inside `fit`, on the training runs only.
Uncertainty is the Laplace (here exact Gaussian) posterior given (c, lambda), with the noise variance
taken from the inner cross-validation; parameters no run informs keep their prior.

Each evaluation language l of the table is then predicted as b_l * model + (1 - b_l) * mean_l, with
b_l in {0, 1/4, ..., 1} chosen per language by the same inner folds (from statistics alone): one lambda
for every language overfits those whose score no mixture moves (most of SumEval's UDPOS languages),
while a language that the mixture moves keeps the model (b_l = 1). Both are linear in g, so the
transfer matrix that `transfer` returns (and `recommend` searches) carries them.

A language never evaluated in the table has no delta_l or R[:, l] of its own, and its shared part alone
can be worse than the table's mean (real tables: SumEval's surprise languages). So its local block is
borrowed from the evaluation languages it resembles, and the result shrunk toward the global mean m:

    theta_l = s * sum_j softmax_j(sim(l, j) / h) theta_j          (j: the table's evaluation languages)
    score   = alpha * (shared + theta_l . [1, g(n)]) + (1 - alpha) * m

with (h, s, alpha) chosen by leave-one-language-out over the table's evaluation languages (the whole fit
redone without each, from the same per-language statistics). A one-standard-error rule keeps the
global mean (alpha = 0) unless the best choice beats it by more than the spread of the per-language
differences: with a dozen languages, a small gain in leave-one-out error is noise (SumEval's XNLI).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlt.predict.features import Space, lang_features, pair_features, row_features


@dataclass(frozen=True)
class Data:
    """Rows (run, eval language, score) over a space; counts (runs x space languages)."""

    space: Space
    counts: np.ndarray
    run: np.ndarray
    lang: np.ndarray
    y: np.ndarray | None = None

    def take(self, mask) -> Data:
        return Data(self.space, self.counts, self.run[mask], self.lang[mask], None if self.y is None else self.y[mask])


class GlobalMean:
    name = "global_mean"

    def fit(self, d: Data):
        self.mean = float(np.mean(d.y))
        return self

    def predict(self, d: Data) -> np.ndarray:
        return np.full(len(d.run), self.mean)


class LangMean:
    """Mean score per evaluation language; the global mean for a language not in the training rows."""

    name = "lang_mean"

    def fit(self, d: Data):
        self.mean = float(np.mean(d.y))
        codes = np.array(d.space.codes)[d.lang]
        self.by_lang = {c: float(d.y[codes == c].mean()) for c in np.unique(codes)}
        return self

    def predict(self, d: Data) -> np.ndarray:
        return np.array([self.by_lang.get(c, self.mean) for c in np.array(d.space.codes)[d.lang]])


class GBM:
    """LITMUS-style gradient boosting (LightGBM) on per-(run, eval language) features."""

    name = "gbm"

    def __init__(self, n_estimators: int = 150, learning_rate: float = 0.1, num_leaves: int = 31, seed: int = 0, **extra):
        self.params = dict(
            n_estimators=n_estimators,
            learning_rate=learning_rate,
            num_leaves=num_leaves,
            min_child_samples=10,
            subsample=0.8,
            subsample_freq=1,
            colsample_bytree=0.8,
            max_bin=63,
            random_state=seed,
            n_jobs=1,  # threads fight over the few cores of a shared machine; 1 is fastest here
            force_row_wise=True,  # row-wise histograms: faster here, and no trial of both layouts per fit
            verbose=-1,
        )
        self.params.update(extra)

    @staticmethod
    def train_codes_of(d: Data) -> tuple[str, ...]:
        """The training languages of the fitting rows: each becomes a count column."""
        return tuple(d.space.codes[j] for j in np.flatnonzero(d.counts[np.unique(d.run)].sum(0) > 0))

    @staticmethod
    def features(d: Data, train_codes) -> np.ndarray:
        cols = [d.space.codes.index(c) for c in train_codes]
        x, _ = row_features(d.counts, d.run, d.lang, d.space, cols)
        return x

    def fit(self, d: Data, x: np.ndarray | None = None):
        """`x`: the rows' features for this model's training languages where the caller has them
        (cross-validation computes them once for every fold that trains on the same languages)."""
        import lightgbm

        self.train_codes = self.train_codes_of(d)
        x = self.features(d, self.train_codes) if x is None else x
        self.model = lightgbm.LGBMRegressor(**self.params).fit(x, d.y)
        return self

    def predict(self, d: Data, x: np.ndarray | None = None) -> np.ndarray:
        return self.model.predict(self.features(d, self.train_codes) if x is None else x)


def saturate(n: np.ndarray, c: float) -> np.ndarray:
    return np.log1p(np.asarray(n, dtype=float) / c)


def _pair_sum(g: np.ndarray, lang: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Per row: sum_L g(n_L) phi(L, l), one matrix product per evaluation language."""
    out = np.empty((len(lang), phi.shape[-1]))
    for l in np.unique(lang):
        rows = lang == l
        out[rows] = g[rows] @ phi[:, l, :]
    return out


@dataclass(frozen=True)
class _Rows:
    """The fitting rows sorted by (inner fold, evaluation language), so the rows of one block are a
    contiguous slice of `w` = [1, g(n_L) for L in train | f(l), sum_L g(n_L) phi(L, l) | y]. The
    columns that do not depend on c are filled once; `fill` writes the others for each c."""

    w: np.ndarray  # (N, D + 1)
    run: np.ndarray  # (N,)
    lang: np.ndarray  # (N,)
    bounds: np.ndarray  # (folds * langs + 1,) start of each block

    @classmethod
    def sorted(cls, d: Data, folds: np.ndarray, n_folds: int, dl: int, feats: np.ndarray, p: int) -> _Rows:
        n_lang = len(feats)
        key = folds * n_lang + d.lang
        order = np.argsort(key, kind="stable")
        lang = d.lang[order]
        q = feats.shape[1]
        w = np.empty((len(order), dl + q + p + 1))
        w[:, 0] = 1.0
        w[:, dl : dl + q] = feats[lang]
        w[:, -1] = d.y[order]
        return cls(w, d.run[order], lang, np.searchsorted(key[order], np.arange(n_folds * n_lang + 1)))

    def fill(self, g: np.ndarray, train_idx: np.ndarray, phi: np.ndarray) -> None:
        n, p = phi.shape[1], phi.shape[2]
        self.w[:, 1 : 1 + len(train_idx)] = g[:, train_idx][self.run]
        # sum_L g(n_rL) phi(L, l) for every (run, language) in one product, then picked per row:
        # runs are far fewer than rows (each run is scored on every evaluation language).
        self.w[:, -1 - p : -1] = (g @ phi.reshape(len(phi), n * p)).reshape(len(g), n, p)[self.run, self.lang]

    def stats(self, n_folds: int) -> np.ndarray:
        """[W y]'[W y] per (fold, evaluation language): (folds, langs, D + 1, D + 1). Its last
        column holds W'y and y'y, so a held-out block's squared error needs no rows."""
        w, dim = self.w, self.w.shape[1]
        out = np.zeros((len(self.bounds) - 1, dim, dim))
        for b, (lo, hi) in enumerate(zip(self.bounds[:-1], self.bounds[1:])):
            if hi > lo:
                # W'[W y] and y'y; not block.T @ block, which numpy hands to a multi-threaded syrk
                # that is many times slower on a busy machine. out[b, -1, :-1] stays unused (zero).
                out[b, :-1] = w[lo:hi, :-1].T @ w[lo:hi]
                out[b, -1, -1] = w[lo:hi, -1] @ w[lo:hi, -1]
        return out.reshape(n_folds, -1, dim, dim)


@dataclass
class _Stats:
    """Sufficient statistics per evaluation language: W'W and W'y with W = [local, global]."""

    ww: np.ndarray  # (n_lang, D, D)
    wy: np.ndarray  # (n_lang, D)


def _as_stats(a: np.ndarray) -> _Stats:
    return _Stats(a[..., :-1, :-1], a[..., :-1, -1])


def _shared_solve(zz: np.ndarray, rhs: np.ndarray, lams: np.ndarray) -> np.ndarray:
    """(zz + lam I)^-1 rhs for every lam: (K, ..., dl, m) from zz (..., dl, dl) and rhs (..., dl, m).

    Languages scored on the same runs have the same Z'Z (when every run is scored on every
    language, one per fold), so each distinct matrix is factorised once, for all the right-hand
    sides that share it, instead of once per language."""
    dl, m = rhs.shape[-2:]
    eye = lams[:, None, None] * np.eye(dl)
    a, b = zz.reshape(-1, dl, dl), rhs.reshape(-1, dl, m)
    groups: dict[bytes, list[int]] = {}
    for i, block in enumerate(a):
        groups.setdefault(block.tobytes(), []).append(i)
    if 4 * len(groups) > len(a):  # little sharing: one batched solve
        return np.linalg.solve(a[None] + eye[:, None], b[None]).reshape(len(lams), *rhs.shape)
    out = np.empty((len(lams), *b.shape))
    for rows in groups.values():
        x = np.linalg.solve(a[rows[0]] + eye, np.swapaxes(b[rows], 0, 1).reshape(dl, -1))  # (K, dl, n*m)
        out[:, rows] = np.swapaxes(x.reshape(len(lams), dl, len(rows), m), 1, 2)
    return out.reshape(len(lams), *rhs.shape)


def _cv_sse(train: np.ndarray, held: np.ndarray, dl: int, lams, eps: float = 1e-6) -> np.ndarray:
    """Held-out squared error summed over folds, for each lambda, from statistics alone.

    `train` and `held` are (folds, langs, D + 1, D + 1) as `_Rows.stats` gives them. The solution is
    `_solve`'s, for every fold and lambda at once, with shared linear solves (`_shared_solve`) in
    place of an inverse per language (and no eigendecomposition: multi-threaded OpenBLAS makes small
    batched `eigh` ~100x slower on a busy machine).
    """
    st, hs = _as_stats(train), _as_stats(held)
    zz, zx, xx = st.ww[..., :dl, :dl], st.ww[..., :dl, dl:], st.ww[..., dl:, dl:]
    vz, vx = st.wy[..., :dl], st.wy[..., dl:]
    zx_t = np.swapaxes(zx, -1, -2)
    ku = _shared_solve(zz, np.concatenate([zx, vz[..., None]], -1), np.asarray(lams, dtype=float))  # A^-1 [Z'X, Z'y]
    k, u = ku[..., :-1], ku[..., -1:]  # (K, F, L, dl, dg), (K, F, L, dl, 1)
    s = (xx - zx_t @ k).sum(2) + eps * np.eye(xx.shape[-1])  # (K, F, dg, dg)
    t = (vx[..., None] - zx_t @ u).sum(2)  # (K, F, dg, 1)
    theta_g = np.linalg.pinv(s, hermitian=True) @ t  # (K, F, dg, 1)
    theta_l = (u - k @ theta_g[:, :, None])[..., 0]  # (K, F, L, dl)
    theta = np.concatenate([theta_l, np.broadcast_to(theta_g[:, :, None, :, 0], (*theta_l.shape[:3], theta_g.shape[2]))], -1)
    # sum over held-out rows of (y - W theta)^2 = y'y - 2 theta'W'y + theta'W'W theta
    quad = (theta * (hs.ww @ theta[..., None])[..., 0]).sum((1, 2, 3))
    return held[..., -1, -1].sum() - 2 * (theta * hs.wy).sum((1, 2, 3)) + quad


@dataclass
class _Solution:
    theta_g: np.ndarray  # (dg,)
    theta_l: np.ndarray  # (n_lang, dl)
    a_inv: np.ndarray  # (n_lang, dl, dl)
    k: np.ndarray  # (n_lang, dl, dg): A_ll^-1 A_lg
    p: np.ndarray  # (dg, dg): Schur complement inverse


def _solve(st: _Stats, dl: int, lam: float, eps: float = 1e-6) -> _Solution:
    ww, wy = st.ww, st.wy
    zz, zx, xx = ww[:, :dl, :dl], ww[:, :dl, dl:], ww[:, dl:, dl:]
    vz, vx = wy[:, :dl], wy[:, dl:]
    a = zz + lam * np.eye(dl)
    a_inv = np.linalg.inv(a)
    k = a_inv @ zx  # (n_lang, dl, dg)
    s = (xx - np.transpose(zx, (0, 2, 1)) @ k).sum(0) + eps * np.eye(xx.shape[-1])
    t = (vx - np.einsum("ldg,ld->lg", zx, np.einsum("lde,le->ld", a_inv, vz))).sum(0)
    p = np.linalg.pinv(s, hermitian=True)
    theta_g = p @ t
    theta_l = np.einsum("lde,le->ld", a_inv, vz - zx @ theta_g)
    return _Solution(theta_g, theta_l, a_inv, k, p)


@dataclass(frozen=True)
class Borrow:
    """How a language never evaluated in the table is predicted (see the module docstring)."""

    h: float  # softmax temperature over similarities (inf: the plain mean of the seen languages)
    s: float  # share of the borrowed local block
    alpha: float  # weight of the model against the global mean
    loo_sse: float  # leave-one-language-out squared error of this choice
    loo_sse_mean: float  # ... and of the global mean, for comparison


BORROW_H = (0.03, 0.1, 0.3, np.inf)
BORROW_S = (0.0, 0.5, 1.0)
BORROW_ALPHA = (0.0, 0.25, 0.5, 0.75, 1.0)


def _language_similarity(sp: Space) -> np.ndarray:
    """(n, n) mean URIEL similarity over the kinds: which seen languages a new one borrows from."""
    return sp.sims.mean(axis=0)


def borrowed(sim: np.ndarray, theta: np.ndarray, h: float, s: float) -> np.ndarray:
    """s * softmax(sim / h) @ theta per row of `sim` (new languages x seen languages)."""
    if not np.isfinite(h):
        w = np.full(sim.shape, 1.0 / sim.shape[1])
    else:
        z = (sim - sim.max(axis=1, keepdims=True)) / h
        w = np.exp(z)
        w /= w.sum(axis=1, keepdims=True)
    return s * (w @ theta)


def _leave_language_out(stats: np.ndarray, dl: int, lam: float, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """The fit without each evaluation language in turn, from per-language statistics: the shared
    parameters theta_g^(-j) (langs, dg) and every language's local block given them (j, l, dl). Each
    language adds one term to the Schur complement system of `_solve`; leaving it out subtracts it."""
    ww, wy = stats[:, :-1, :-1], stats[:, :-1, -1]
    zz, zx, xx = ww[:, :dl, :dl], ww[:, :dl, dl:], ww[:, dl:, dl:]
    vz, vx = wy[:, :dl], wy[:, dl:]
    a_inv = np.linalg.inv(zz + lam * np.eye(dl))
    k = a_inv @ zx  # (L, dl, dg)
    u = np.einsum("lde,le->ld", a_inv, vz)
    zx_t = np.swapaxes(zx, -1, -2)
    s_l = xx - zx_t @ k
    t_l = vx - np.einsum("lgd,ld->lg", zx_t, u)
    eye = eps * np.eye(xx.shape[-1])
    theta_g = (np.linalg.pinv(s_l.sum(0) - s_l + eye, hermitian=True) @ (t_l.sum(0) - t_l)[..., None])[..., 0]
    theta_l = u[None] - np.einsum("ldg,jg->jld", k, theta_g)
    return theta_g, theta_l


def choose_borrow(stats: np.ndarray, dl: int, lam: float, sim: np.ndarray, mean: float) -> Borrow:
    """(h, s, alpha) minimising the squared error on each seen language's rows when that language is
    left out of the fit and its local block borrowed from the others, from statistics alone: `stats`
    is [W y]'[W y] per seen language (W's first column is the constant 1)."""
    n_lang = len(stats)
    ww, wy = stats[:, :-1, :-1], stats[:, :-1, -1]
    yy, n, sum_y = stats[:, -1, -1], ww[:, 0, 0], wy[:, 0]
    mean_sse = float((yy - 2 * mean * sum_y + mean**2 * n).sum())
    if n_lang < 3:  # nothing to leave out: the shared part alone, as before
        return Borrow(np.inf, 0.0, 1.0, np.nan, mean_sse)
    theta_g, theta_l = _leave_language_out(stats, dl, lam)
    mean_per_lang = yy - 2 * mean * sum_y + mean**2 * n
    best, best_per_lang = None, None
    off = ~np.eye(n_lang, dtype=bool)
    for h in BORROW_H:
        for s in BORROW_S:
            loc = np.stack([borrowed(sim[j : j + 1, off[j]], theta_l[j, off[j]], h, s)[0] for j in range(n_lang)])
            theta = np.concatenate([loc, theta_g], axis=1)
            yp = np.einsum("ld,ld->l", theta, wy)  # sum y * p
            pp = np.einsum("ld,lde,le->l", theta, ww, theta)  # sum p^2
            sp_ = np.einsum("ld,ld->l", theta, ww[:, 0, :])  # sum p
            for a in BORROW_ALPHA:
                sse = yy - 2 * a * yp - 2 * (1 - a) * mean * sum_y + a * a * pp + 2 * a * (1 - a) * mean * sp_ + (1 - a) ** 2 * mean**2 * n
                if best is None or sse.sum() < best.loo_sse - 1e-12:
                    best, best_per_lang = Borrow(float(h), float(s), float(a), float(sse.sum()), mean_sse), sse
    # One-standard-error rule: the model must beat the global mean by more than the spread of the
    # per-language differences says chance could; else a new language gets the mean (alpha = 0).
    gain = mean_per_lang - best_per_lang
    if gain.sum() <= gain.std(ddof=1) * np.sqrt(n_lang):
        return Borrow(np.inf, 0.0, 0.0, mean_sse, mean_sse)
    return best


OWN_MEAN_SHARE = (0.0, 0.25, 0.5, 0.75, 1.0)


def _own_mean_shares(parts: np.ndarray, dl: int, lam: float, mean: float, grid=OWN_MEAN_SHARE) -> np.ndarray:
    """Per evaluation language, the weight b of the model against the language's own mean score
    (b * model + (1 - b) * mean_l) with the least held-out squared error over the inner folds, from
    statistics alone. A language whose score no mixture moves is better predicted by its mean than
    by a transfer fitted on a few runs (real tables: most of SumEval's UDPOS languages); one that
    the mixture moves keeps the model."""
    n_folds, n_lang = parts.shape[:2]
    total = parts.sum(0)
    sse = np.zeros((len(grid), n_lang))
    for f in range(n_folds):
        train, held = total - parts[f], parts[f]
        sol = _solve(_as_stats(train), dl, lam)
        theta = np.concatenate([sol.theta_l, np.broadcast_to(sol.theta_g, (n_lang, len(sol.theta_g)))], axis=1)
        hw, hy = held[:, :-1, :-1], held[:, :-1, -1]
        yp, pp = np.einsum("ld,ld->l", theta, hy), np.einsum("ld,lde,le->l", theta, hw, theta)
        sp_, n, sum_y, yy = np.einsum("ld,ld->l", theta, hw[:, 0, :]), hw[:, 0, 0], hy[:, 0], held[:, -1, -1]
        m = np.divide(train[:, 0, -1], train[:, 0, 0], out=np.full(n_lang, mean), where=train[:, 0, 0] > 0)
        for i, b in enumerate(grid):
            sse[i] += yy - 2 * b * yp - 2 * (1 - b) * m * sum_y + b * b * pp + 2 * b * (1 - b) * m * sp_ + (1 - b) ** 2 * m * m * n
    return np.array(grid, dtype=float)[np.argmin(sse, axis=0)]


def mixture_folds(counts: np.ndarray, run: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Fold id per row, k folds over mixtures: runs with the same counts (seed replicates) share a
    fold, so a replicate never predicts its twin. k >= the number of mixtures: one fold each."""
    used = np.unique(run)
    _, group = np.unique(counts[used], axis=0, return_inverse=True)
    group = group.ravel()
    n_groups = group.max() + 1
    perm = np.random.default_rng(seed).permutation(n_groups)
    fold_of_group = np.empty(n_groups, dtype=int)
    fold_of_group[perm] = np.arange(n_groups) % max(1, min(k, n_groups))
    return fold_of_group[group][np.searchsorted(used, run)]


@dataclass
class TransferModel:
    """xlt's model (see the module docstring)."""

    name = "xlt"
    c_grid: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0, 3.0)  # times the median nonzero count
    lam_grid: tuple[float, ...] = (0.3, 3.0, 30.0, 300.0)
    inner_folds: int = 5
    seed: int = 0

    def fit(self, d: Data):
        # Single-threaded BLAS: the products and solves here are small and batched, and OpenBLAS's
        # threads cost several times what they save on a machine other jobs share (2-3x the fit).
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"):
            return self._fit(d)

    def _fit(self, d: Data):
        sp = d.space
        self.codes = sp.codes
        used = np.unique(d.run)
        self.train_idx = np.flatnonzero(d.counts[used].sum(0) > 0)
        self.train_codes = [sp.codes[j] for j in self.train_idx]
        phi, feats = pair_features(sp), lang_features(sp)
        dl = 1 + len(self.train_idx)
        nonzero = d.counts[used][d.counts[used] > 0]
        scale = float(np.median(nonzero)) if nonzero.size else 1.0
        folds = mixture_folds(d.counts, d.run, self.inner_folds, self.seed)
        fold_ids = np.unique(folds)
        rows = _Rows.sorted(d, folds, len(fold_ids), dl, feats, phi.shape[-1])
        best = (np.inf, None, None, None)
        for c in (m * scale for m in self.c_grid):
            rows.fill(saturate(d.counts, c), self.train_idx, phi)
            parts = rows.stats(len(fold_ids))
            total = parts.sum(0)
            for lam, sse in zip(self.lam_grid, _cv_sse(total - parts, parts, dl, self.lam_grid)):
                if sse < best[0]:
                    best = (sse, c, lam, parts)
        sse, self.c, self.lam, parts = best
        total = parts.sum(0)
        self.sigma2 = sse / len(d.y) if len(fold_ids) > 1 else 1.0
        self.sol = _solve(_as_stats(total), dl, self.lam)
        # Parameters by language code, to predict over any space.
        self.beta = self.sol.theta_g[: feats.shape[1]]
        self.w = self.sol.theta_g[feats.shape[1] :]
        self.delta = {code: self.sol.theta_l[i, 0] for i, code in enumerate(sp.codes)}
        self.resid = {
            (L, code): self.sol.theta_l[i, 1 + j]
            for i, code in enumerate(sp.codes)
            for j, L in enumerate(self.train_codes)
        }
        self.seen_eval = {sp.codes[i] for i in np.unique(d.lang)}
        self.mean = float(np.mean(d.y))
        seen = np.unique(d.lang)
        self.theta_seen = {sp.codes[i]: self.sol.theta_l[i] for i in seen}
        n_rows = total[:, 0, 0]
        own = np.divide(total[:, 0, -1], n_rows, out=np.full(len(n_rows), self.mean), where=n_rows > 0)
        shrink = _own_mean_shares(parts, dl, self.lam, self.mean) if len(fold_ids) > 1 else np.ones(len(n_rows))
        self.own_mean = {sp.codes[i]: (float(shrink[i]), float(own[i])) for i in seen if shrink[i] < 1.0}
        self.borrow = choose_borrow(total[seen], dl, self.lam, _language_similarity(sp)[np.ix_(seen, seen)], self.mean)
        return self

    # --- prediction over any space -----------------------------------------------------------------

    def transfer(self, sp: Space) -> tuple[np.ndarray, np.ndarray]:
        """(base a_l over sp, transfer matrix T[L, l] over sp x sp) at the posterior mean."""
        base = lang_features(sp) @ self.beta + np.array([self.delta.get(c, 0.0) for c in sp.codes])
        t = pair_features(sp) @ self.w
        for (L, l), r in self.resid.items():
            if L in sp.codes and l in sp.codes:
                t[sp.codes.index(L), sp.codes.index(l)] += r
        for code, (share, own) in self.own_mean.items():
            if code in sp.codes:
                i = sp.codes.index(code)
                base[i] = share * base[i] + (1 - share) * own
                t[:, i] *= share
        new = [i for i, c in enumerate(sp.codes) if c not in self.seen_eval]
        if new and self.theta_seen:
            b = self.borrow
            seen = list(self.theta_seen)
            theta = borrowed(_language_similarity(sp)[np.ix_(new, sp.index(seen))], np.array([self.theta_seen[c] for c in seen]), b.h, b.s)
            rows = [sp.codes.index(L) if L in sp.codes else -1 for L in self.train_codes]
            for k, i in enumerate(new):
                base[i] = b.alpha * (base[i] + theta[k, 0]) + (1 - b.alpha) * self.mean
                t[:, i] *= b.alpha
                for j, r in enumerate(rows):
                    if r >= 0:
                        t[r, i] += b.alpha * theta[k, 1 + j]
        return base, t

    def predict(self, d: Data) -> np.ndarray:
        base, t = self.transfer(d.space)
        gain = saturate(d.counts, self.c) @ t  # (R, n): every run's gain on every language
        return base[d.lang] + gain[d.run, d.lang]

    def predict_cov(self, d: Data) -> tuple[np.ndarray, np.ndarray]:
        """Predicted mean scores and their posterior covariance (rows x rows) for a few rows."""
        sp = d.space
        mean = self.predict(d)
        g = saturate(d.counts, self.c)[d.run]  # (N, n)
        phi, feats = pair_features(sp), lang_features(sp)
        glob = np.column_stack([feats[d.lang], _pair_sum(g, d.lang, phi)])
        fit_pos = {c: i for i, c in enumerate(self.codes)}
        train_cols = [sp.codes.index(c) for c in self.train_codes]
        new_train = np.array([c not in self.train_codes for c in sp.codes])
        n = len(d.run)
        u = np.empty((n, glob.shape[1]))
        cov = np.zeros((n, n))
        for i in range(n):
            code = sp.codes[d.lang[i]]
            local = np.concatenate([[1.0], g[i, train_cols]])
            prior_only = (g[i, new_train] ** 2).sum()  # residuals of training languages never fitted
            if code in self.seen_eval:
                j = fit_pos[code]
                u[i] = glob[i] - self.sol.k[j].T @ local
                cov[i, i] += local @ self.sol.a_inv[j] @ local
            else:  # delta_l and R[:, l] keep their prior N(0, sigma2 / lambda)
                u[i] = glob[i]
                prior_only += local @ local
            cov[i, i] += prior_only / self.lam
        for i in range(n):  # rows of one seen language share their local block
            for k in range(i + 1, n):
                code = sp.codes[d.lang[i]]
                if d.lang[i] == d.lang[k] and code in self.seen_eval:
                    li = np.concatenate([[1.0], g[i, train_cols]])
                    lk = np.concatenate([[1.0], g[k, train_cols]])
                    cov[i, k] = cov[k, i] = li @ self.sol.a_inv[fit_pos[code]] @ lk
        cov += u @ self.sol.p @ u.T
        # A language leaning on its own mean (share b) or a new one shrunk toward the global mean
        # (alpha) carries that share of the model's uncertainty; the means' own is left out (small).
        share = np.array([self.own_mean[c][0] if c in self.own_mean else (1.0 if c in self.seen_eval else self.borrow.alpha) for c in np.array(sp.codes)[d.lang]])
        return mean, self.sigma2 * cov * np.outer(share, share)


MODELS = {"xlt": TransferModel, "global_mean": GlobalMean, "lang_mean": LangMean, "gbm": GBM}
