//! Householder QR, triangular solves and numerical rank — written with ndarray arithmetic only.
//!
//! For an n×p matrix A (n ≥ p) the QR decomposition is A = QR with Q orthogonal and R upper
//! triangular. We build Q as a product of p Householder reflections
//!
//! ```text
//!     H_k = I − 2 v_k v_kᵀ,   ‖v_k‖ = 1,        Qᵀ = H_{p−1} ⋯ H_1 H_0,        Qᵀ A = [R; 0]
//! ```
//!
//! and never form the n×n matrix Q: only the reflectors v_k are stored (the *compact* form) and
//! applied to vectors when Qᵀy is needed. An explicit thin Q (n×p) is available for teaching and
//! tests.
//!
//! Storage: the working copy is Aᵀ (p×n, row-major), so every column of A that a reflector
//! touches is one contiguous row — each step is a dot product and an axpy over contiguous memory.

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::error::{Error, Result};

/// A Householder reflection H = I − 2vvᵀ that maps x to α·e₁.
#[derive(Debug, Clone, PartialEq)]
pub struct Householder {
    /// The unit vector v (all zeros when x = 0, so that H = I).
    pub v: Array1<f64>,
    /// α = −sign(x₀)·‖x‖, the first entry of Hx.
    pub alpha: f64,
}

/// The Householder reflection taking `x` to α·e₁.
///
/// With u = x − α e₁ and v = u/‖u‖, H = I − 2vvᵀ gives Hx = α e₁. The sign of α is chosen
/// *opposite* to x₀ (α = −sign(x₀)‖x‖): then u₀ = x₀ + sign(x₀)‖x‖ adds two numbers of the same
/// sign and never cancels, which is what makes Householder QR backward stable.
pub fn householder(x: ArrayView1<f64>) -> Householder {
    let norm = x.dot(&x).sqrt();
    if x.is_empty() || norm == 0.0 {
        return Householder {
            v: Array1::zeros(x.len()),
            alpha: 0.0,
        };
    }
    let sign = if x[0] >= 0.0 { 1.0 } else { -1.0 };
    let alpha = -sign * norm;
    let mut u = x.to_owned();
    u[0] -= alpha; // u = x − α e₁ = x + sign(x₀)‖x‖ e₁
    let u_norm = u.dot(&u).sqrt();
    Householder {
        v: u / u_norm,
        alpha,
    }
}

/// Apply H = I − 2vvᵀ to `x` in place: x ← x − 2 (v·x) v.
fn reflect(v: ArrayView1<f64>, mut x: ndarray::ArrayViewMut1<f64>) {
    let w = v.dot(&x);
    if w != 0.0 {
        x.scaled_add(-2.0 * w, &v);
    }
}

/// The QR decomposition of an n×p matrix (n ≥ p) in compact form.
#[derive(Debug, Clone)]
pub struct Qr {
    n: usize,
    /// Reflector k acts on rows k..n; `reflectors[k]` has length n − k.
    reflectors: Vec<Array1<f64>>,
    /// The p×p upper-triangular factor.
    r: Array2<f64>,
}

/// Householder QR of an n×p matrix `a` (n ≥ p). Never forms an n×n Q.
pub fn qr(a: ArrayView2<f64>) -> Result<Qr> {
    qr_of_transpose(a.t().to_owned())
}

/// Householder QR of A given as its transpose Aᵀ (p×n, rows = columns of A). Consumes the
/// buffer, which is overwritten by the reflections; used by OLS to avoid a second copy.
pub fn qr_of_transpose(mut at: Array2<f64>) -> Result<Qr> {
    let (p, n) = at.dim();
    if n == 0 || p == 0 {
        return Err(Error::EmptyInput {
            context: "linalg::qr".into(),
        });
    }
    if n < p {
        return Err(Error::shape(
            "linalg::qr",
            format!("at least as many rows as columns ({p})"),
            format!("{n} rows"),
        ));
    }
    crate::check::finite_matrix(at.view(), "linalg::qr")?;
    let mut reflectors = Vec::with_capacity(p);
    let r = triangularize(at.view_mut(), |v| reflectors.push(v));
    Ok(Qr { n, reflectors, r })
}

/// Reduce A (given as Aᵀ, p×n, n ≥ p) to R by p Householder reflections, handing each reflector
/// v_k to `keep`. Returns the p×p R; `at` is overwritten.
fn triangularize(
    mut at: ndarray::ArrayViewMut2<f64>,
    mut keep: impl FnMut(Array1<f64>),
) -> Array2<f64> {
    let p = at.nrows();
    let mut r = Array2::<f64>::zeros((p, p));
    for k in 0..p {
        let h = householder(at.slice(s![k, k..]));
        // H_k acts on rows k.. of A, i.e. on entries k.. of every remaining column (rows of Aᵀ).
        for j in k + 1..p {
            reflect(h.v.view(), at.slice_mut(s![j, k..]));
        }
        r[[k, k]] = h.alpha;
        for j in k + 1..p {
            r[[k, j]] = at[[j, k]];
        }
        keep(h.v);
    }
    r
}

/// Rows per block in [`streaming_r`] (the last block may be shorter).
pub const STREAMING_BLOCK_ROWS: usize = 512;

/// R of the n×q matrix A whose rows are produced block by block — one pass over the data, each
/// block factored while it is in cache, by the blocked Householder QR of the stack [R; B].
///
/// `fill(i0, i1, buf)` writes rows i0..i1 of A, transposed, into `buf` (q × (i1 − i0)). Each new
/// block B of rows is stacked under the R of the rows before it and the stack is reduced to the
/// new R by orthogonal reflections (`factor_stacked`). Because every step is orthogonal, the
/// result is the R of A (up to the signs of its rows), as accurate as QR of A in one piece. The
/// reflectors are not kept (Q is not needed to solve least squares when y is appended as the
/// last column of A: see `linear`).
pub fn streaming_r(
    n: usize,
    q: usize,
    mut fill: impl FnMut(usize, usize, ndarray::ArrayViewMut2<f64>),
) -> Result<Array2<f64>> {
    // R starts at zero, so any n works; with n < q the trailing rows of R stay (numerically) zero.
    let mut r = Array2::<f64>::zeros((q, q));
    let mut t = Array2::<f64>::zeros((q, q));
    let mut bt = Array2::<f64>::zeros((q, n.min(STREAMING_BLOCK_ROWS)));
    for i0 in (0..n).step_by(STREAMING_BLOCK_ROWS) {
        let i1 = (i0 + STREAMING_BLOCK_ROWS).min(n);
        let mut block = bt.slice_mut(s![.., ..i1 - i0]);
        fill(i0, i1, block.view_mut());
        factor_stacked(r.view_mut(), block, t.view_mut(), false);
    }
    Ok(r)
}

/// Column ranges at most this wide are factored column by column in [`factor_stacked`]; wider
/// ones are split in two and joined by matrix products.
///
/// Measured on the project's 2-core machine (one-off timings, not a committed benchmark): with
/// ndarray's matrix product (matrixmultiply) the split pays from about 64 columns on (2·10⁴×128:
/// 36 ms split down to 32 columns, 44 ms unsplit); at 20 and 51 columns the half-width products
/// are too thin to beat the column-by-column loops (10⁶×20: 66 ms unsplit, 84 ms split to 16),
/// which read every column of a 512-row block from the cache.
const LEAF_COLUMNS: usize = 32;

/// Householder QR of the stack [R; B], R (w×w) upper triangular and B (m×w) dense, given as
/// `bt` = Bᵀ (w×m). On return `r` holds the new R, `bt` holds Uᵀ and, if `need_t`, `t` holds T:
///
/// ```text
///     H_k = I − τ_k v_k v_kᵀ,   v_k = [e_k; u_k],     Q = H_0 H_1 ⋯ H_{w−1} = I − V T Vᵀ,
///     V = [I; U],  T upper triangular (w×w),          Qᵀ [R; B] = [R_new; 0].
/// ```
///
/// The upper part of v_k is e_k because R is already triangular: a reflector only has to fold
/// B's column k into R_kk. This is the *compact WY* form (Schreiber & Van Loan): w reflections
/// become one product Qᵀ C = C − V Tᵀ (Vᵀ C), i.e. matrix multiplications. The columns are split
/// in halves 1 | 2 (Elmroth & Gustavson's recursive QR): factor half 1, apply its Q₁ᵀ to half 2
/// ([`apply_qt`]), factor half 2, and join
///
/// ```text
///     T = [T₁  −T₁ (U₁ᵀU₂) T₂]        (V₁ᵀV₂ = U₁ᵀU₂: the e_k parts of V₁ and V₂ do not overlap)
///         [0    T₂            ]
/// ```
fn factor_stacked(
    r: ArrayViewMut2<f64>,
    bt: ArrayViewMut2<f64>,
    t: ArrayViewMut2<f64>,
    need_t: bool,
) {
    let w = r.nrows();
    if w <= LEAF_COLUMNS {
        return factor_leaf(r, bt, t, need_t);
    }
    let h = w / 2;
    let (r_top, r_bottom) = r.split_at(Axis(0), h);
    let (r11, r12) = r_top.split_at(Axis(1), h);
    let r22 = r_bottom.split_at(Axis(1), h).1;
    let (mut ut1, mut bt2) = bt.split_at(Axis(0), h);
    let (t_top, t_bottom) = t.split_at(Axis(0), h);
    let (mut t11, t12) = t_top.split_at(Axis(1), h);
    let mut t22 = t_bottom.split_at(Axis(1), h).1;

    factor_stacked(r11, ut1.view_mut(), t11.view_mut(), true);
    apply_qt(ut1.view(), t11.view(), r12, bt2.view_mut());
    factor_stacked(r22, bt2.view_mut(), t22.view_mut(), need_t);
    if need_t {
        join_t(t11.view(), ut1.view(), bt2.view(), t22.view(), t12);
    }
}

/// Qᵀ C for Q = I − V T Vᵀ with V = [I; U] (given as Uᵀ), C = [C_R; C_B] (C_B given as C_Bᵀ):
///
/// ```text
///     W = Tᵀ (C_R + Uᵀ C_B),      C_R ← C_R − W,      C_B ← C_B − U W
/// ```
///
/// Two matrix products of the tall U against C_B carry all the O(m) work.
fn apply_qt(
    ut: ArrayView2<f64>,
    t: ArrayView2<f64>,
    mut c_r: ArrayViewMut2<f64>,
    mut c_bt: ArrayViewMut2<f64>,
) {
    // numpy: w = t.T @ (c_r + u.T @ c_b)
    let mut w = c_r.to_owned();
    general_mat_mul(1.0, &ut, &c_bt.t(), 1.0, &mut w);
    let w = t.t().dot(&w);
    c_r -= &w;
    // numpy: c_b -= u @ w, here in transposed form c_bᵀ −= wᵀ uᵀ
    general_mat_mul(-1.0, &w.t(), &ut, 1.0, &mut c_bt);
}

/// T₁₂ = −T₁ (U₁ᵀ U₂) T₂, the coupling block of the joined T (see [`factor_stacked`]).
fn join_t(
    t11: ArrayView2<f64>,
    ut1: ArrayView2<f64>,
    ut2: ArrayView2<f64>,
    t22: ArrayView2<f64>,
    mut t12: ArrayViewMut2<f64>,
) {
    let u1t_u2 = ut1.dot(&ut2.t());
    t12.assign(&(-t11.dot(&u1t_u2).dot(&t22)));
}

/// [`factor_stacked`] column by column, for a narrow stack: for each k, the reflector H_k that
/// folds B's column k into R_kk ([`fold_reflector`]), applied to the columns right of k, and
/// (if `need_t`) column k of T by the forward recurrence
///
/// ```text
///     T[..k, k] = −τ_k T[..k, ..k] (U[.., ..k]ᵀ u_k),     T_kk = τ_k.
/// ```
fn factor_leaf(
    mut r: ArrayViewMut2<f64>,
    mut bt: ArrayViewMut2<f64>,
    mut t: ArrayViewMut2<f64>,
    need_t: bool,
) {
    let w = r.nrows();
    for k in 0..w {
        let (mut head, mut tail) = bt.view_mut().split_at(Axis(0), k + 1);
        let mut u = head.row_mut(k);
        let tau = fold_reflector(&mut r[[k, k]], u.view_mut());
        if tau != 0.0 {
            // H_k C = C − τ v (vᵀ C) on each column c = [r_kj; b_j] right of k.
            for (j, mut b_j) in (k + 1..w).zip(tail.rows_mut()) {
                let s = tau * (r[[k, j]] + u.dot(&b_j));
                r[[k, j]] -= s;
                b_j.scaled_add(-s, &u);
            }
        }
        if need_t {
            let u = head.row(k);
            let ut_u = head.slice(s![..k, ..]).dot(&u);
            let col = t.slice(s![..k, ..k]).dot(&ut_u) * (-tau);
            t.slice_mut(s![..k, k]).assign(&col);
            t[[k, k]] = tau;
        }
    }
}

/// The reflector H = I − τ vvᵀ, v = [1; u], with H [α; b] = [β; 0]: overwrites `alpha` by β
/// and `b` by u, and returns τ (LAPACK's `dlarfg`).
///
/// β = −sign(α)·‖[α; b]‖ (the sign that avoids cancellation, as in [`householder`]),
/// u = b / (α − β), τ = (β − α)/β. When b = 0 there is nothing to fold: τ = 0 and H = I.
fn fold_reflector(alpha: &mut f64, mut b: ndarray::ArrayViewMut1<f64>) -> f64 {
    let b_norm2 = b.dot(&b);
    if b_norm2 == 0.0 {
        return 0.0;
    }
    let a = *alpha;
    let sign = if a >= 0.0 { 1.0 } else { -1.0 };
    let beta = -sign * a.hypot(b_norm2.sqrt());
    b *= 1.0 / (a - beta);
    *alpha = beta;
    (beta - a) / beta
}

impl Qr {
    /// The p×p upper-triangular factor R.
    pub fn r(&self) -> &Array2<f64> {
        &self.r
    }

    /// Number of rows n of the decomposed matrix.
    pub fn nrows(&self) -> usize {
        self.n
    }

    /// The stored reflectors v₀ … v_{p−1} (v_k has length n − k).
    pub fn reflectors(&self) -> &[Array1<f64>] {
        &self.reflectors
    }

    /// Qᵀy = H_{p−1} ⋯ H_0 y, applied reflector by reflector (O(np), no Q).
    pub fn qt_mul(&self, y: ArrayView1<f64>) -> Result<Array1<f64>> {
        self.check_len(y.len(), "Qr::qt_mul")?;
        let mut z = y.to_owned();
        for (k, v) in self.reflectors.iter().enumerate() {
            reflect(v.view(), z.slice_mut(s![k..]));
        }
        Ok(z)
    }

    /// Qz = H_0 ⋯ H_{p−1} z.
    pub fn q_mul(&self, z: ArrayView1<f64>) -> Result<Array1<f64>> {
        self.check_len(z.len(), "Qr::q_mul")?;
        let mut y = z.to_owned();
        for (k, v) in self.reflectors.iter().enumerate().rev() {
            reflect(v.view(), y.slice_mut(s![k..]));
        }
        Ok(y)
    }

    /// The thin Q: the first p columns of Q (n×p), for teaching and tests. A = thin_q · R.
    pub fn thin_q(&self) -> Array2<f64> {
        let p = self.reflectors.len();
        let mut q = Array2::<f64>::zeros((self.n, p));
        for j in 0..p {
            let mut e = Array1::<f64>::zeros(self.n);
            e[j] = 1.0;
            q.column_mut(j)
                .assign(&self.q_mul(e.view()).expect("length n by construction"));
        }
        q
    }

    /// Numerical rank: the number of |R_kk| above `tol · max_k |R_kk|`.
    pub fn rank(&self, tol: f64) -> usize {
        let max = max_abs_diagonal(self.r.view());
        self.r.diag().iter().filter(|d| d.abs() > tol * max).count()
    }

    /// The first column k whose |R_kk| ≤ `tol · max |R_jj|`: column k of A is (numerically) a
    /// linear combination of columns 0..k.
    pub fn first_dependent_column(&self, tol: f64) -> Option<usize> {
        let max = max_abs_diagonal(self.r.view());
        self.r.diag().iter().position(|d| d.abs() <= tol * max)
    }

    fn check_len(&self, len: usize, context: &str) -> Result<()> {
        if len != self.n {
            return Err(Error::shape(context, self.n, len));
        }
        Ok(())
    }
}

fn max_abs_diagonal(r: ArrayView2<f64>) -> f64 {
    r.diag().iter().fold(0.0_f64, |m, d| m.max(d.abs()))
}

/// The default rank tolerance for an n×p matrix: max(n, p)·ε, as numpy's `matrix_rank`.
pub fn default_rank_tol(n: usize, p: usize) -> f64 {
    n.max(p) as f64 * f64::EPSILON
}

/// Solve Rθ = b by back-substitution, θ_i = (b_i − Σ_{j>i} R_ij θ_j) / R_ii.
///
/// `r` is m×p upper triangular with m ≥ p. When m > p (a *rectangular* triangular system
/// [R; 0]θ = b) the last m − p equations read 0 = b_i; they cannot be satisfied and are the
/// least-squares residual, so only the first p rows are used. Errors when `r` is not upper
/// triangular, when shapes disagree, or when a diagonal entry is 0 (singular system).
pub fn back_substitute(r: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>> {
    let (m, p) = r.dim();
    if m < p {
        return Err(Error::shape(
            "linalg::back_substitute",
            format!("at least {p} rows"),
            format!("{m} rows"),
        ));
    }
    if b.len() != m {
        return Err(Error::shape(
            "linalg::back_substitute (right-hand side)",
            m,
            b.len(),
        ));
    }
    if let Some(((i, j), v)) = r.indexed_iter().find(|&((i, j), v)| i > j && *v != 0.0) {
        return Err(Error::invalid(
            "R",
            format!("R[{i},{j}] = {v}"),
            "back-substitution needs an upper-triangular matrix (zeros below the diagonal)",
        )
        .within("linalg::back_substitute"));
    }
    let mut theta = Array1::<f64>::zeros(p);
    for i in (0..p).rev() {
        let r_ii = r[[i, i]];
        if r_ii == 0.0 {
            return Err(Error::invalid(
                "R",
                format!("R[{i},{i}] = 0"),
                "the triangular system is singular",
            )
            .within("linalg::back_substitute"));
        }
        let tail = r.slice(s![i, i + 1..]).dot(&theta.slice(s![i + 1..]));
        theta[i] = (b[i] - tail) / r_ii;
    }
    Ok(theta)
}

/// R⁻¹ for a p×p upper-triangular R, column by column: R x_j = e_j.
pub fn upper_triangular_inverse(r: ArrayView2<f64>) -> Result<Array2<f64>> {
    let p = r.nrows();
    let mut inv = Array2::<f64>::zeros((p, p));
    for j in 0..p {
        let mut e = Array1::<f64>::zeros(p);
        e[j] = 1.0;
        let x_j = back_substitute(r, e.view())
            .map_err(|e| e.within("linalg::upper_triangular_inverse"))?;
        inv.column_mut(j).assign(&x_j);
    }
    Ok(inv)
}

/// Singular values of a small square matrix by one-sided Jacobi rotations (descending).
///
/// Used for the condition number σ_max/σ_min of R (equal to that of A, since Q is orthogonal).
/// Rotations orthogonalise pairs of columns until all are mutually orthogonal; the column
/// norms are then the singular values.
pub fn singular_values(a: ArrayView2<f64>) -> Array1<f64> {
    let mut u = a.to_owned();
    let p = u.ncols();
    for _sweep in 0..60 {
        let mut rotated = false;
        for i in 0..p {
            for j in i + 1..p {
                let (ci, cj) = (u.column(i), u.column(j));
                let (alpha, beta, gamma) = (ci.dot(&ci), cj.dot(&cj), ci.dot(&cj));
                if gamma.abs() <= 1e-15 * (alpha * beta).sqrt() || gamma == 0.0 {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let (old_i, old_j) = (u.column(i).to_owned(), u.column(j).to_owned());
                u.column_mut(i).assign(&(c * &old_i - s * &old_j));
                u.column_mut(j).assign(&(s * &old_i + c * &old_j));
            }
        }
        if !rotated {
            break;
        }
    }
    let mut sv: Vec<f64> = u.axis_iter(Axis(1)).map(|c| c.dot(&c).sqrt()).collect();
    sv.sort_by(|a, b| b.total_cmp(a));
    Array1::from(sv)
}
