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

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Axis};

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
            context: "QR decomposition".into(),
        });
    }
    if n < p {
        return Err(Error::shape(
            "QR decomposition",
            format!("at least as many rows as columns ({p})"),
            format!("{n} rows"),
        ));
    }
    crate::data::check_finite_matrix(at.view(), "QR decomposition")?;
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

/// Rows per block in [`streaming_r`]: a block of Aᵀ (q × (q + 512)) stays in the L2 cache.
pub const STREAMING_BLOCK_ROWS: usize = 512;

/// R of the n×q matrix whose rows are produced block by block, by Householder QR applied to
/// [R_so_far; next block] — one pass over the data, each block touched while it is in cache.
///
/// `fill(i0, i1, buf)` writes rows i0..i1 of A, transposed, into `buf` (q × (i1 − i0)). Because
/// every step is an orthogonal transformation, the result is the R of A (up to the signs of its
/// rows), as accurate as QR of A in one piece. The reflectors are not kept (Q is not needed
/// to solve least squares when y is appended as the last column of A: see `linear`).
pub fn streaming_r(
    n: usize,
    q: usize,
    mut fill: impl FnMut(usize, usize, ndarray::ArrayViewMut2<f64>),
) -> Result<Array2<f64>> {
    // The stack always has at least q rows (R so far, initially zeros), so any n works; with
    // n < q the trailing rows of R stay zero.
    let mut r = Array2::<f64>::zeros((q, q));
    let mut buf = Array2::<f64>::zeros((q, q + n.min(STREAMING_BLOCK_ROWS)));
    for i0 in (0..n).step_by(STREAMING_BLOCK_ROWS) {
        let i1 = (i0 + STREAMING_BLOCK_ROWS).min(n);
        let mut stacked = buf.slice_mut(s![.., ..q + i1 - i0]);
        stacked.slice_mut(s![.., ..q]).assign(&r.t()); // rows 0..q of the stack: R so far
        fill(i0, i1, stacked.slice_mut(s![.., q..]));
        r = triangularize(stacked, |_| ());
    }
    Ok(r)
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
        self.check_len(y.len(), "Qᵀy")?;
        let mut z = y.to_owned();
        for (k, v) in self.reflectors.iter().enumerate() {
            reflect(v.view(), z.slice_mut(s![k..]));
        }
        Ok(z)
    }

    /// Qz = H_0 ⋯ H_{p−1} z.
    pub fn q_mul(&self, z: ArrayView1<f64>) -> Result<Array1<f64>> {
        self.check_len(z.len(), "Qz")?;
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
            "back-substitution",
            format!("at least {p} rows"),
            format!("{m} rows"),
        ));
    }
    if b.len() != m {
        return Err(Error::shape(
            "back-substitution right-hand side",
            m,
            b.len(),
        ));
    }
    if let Some(((i, j), v)) = r.indexed_iter().find(|&((i, j), v)| i > j && *v != 0.0) {
        return Err(Error::invalid(
            "R",
            format!("R[{i},{j}] = {v}"),
            "back-substitution needs an upper-triangular matrix (zeros below the diagonal)",
        ));
    }
    let mut theta = Array1::<f64>::zeros(p);
    for i in (0..p).rev() {
        let r_ii = r[[i, i]];
        if r_ii == 0.0 {
            return Err(Error::invalid(
                "R",
                format!("R[{i},{i}] = 0"),
                "the triangular system is singular",
            ));
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
        inv.column_mut(j).assign(&back_substitute(r, e.view())?);
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
