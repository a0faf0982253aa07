//! Householder QR in compact form: A = QR with Q kept as its reflectors v₀ … v_{p−1}, never as
//! an n×n matrix. The working copy is Aᵀ (p×n, row-major), so every column of A that a reflector
//! touches is one contiguous row — each step is a dot product and an axpy over contiguous memory.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2};

use super::householder::{householder, reflect};
use super::rank;
use crate::error::{Error, Result};

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
fn triangularize(mut at: ArrayViewMut2<f64>, mut keep: impl FnMut(Array1<f64>)) -> Array2<f64> {
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

    /// Numerical rank: the number of columns k with |R_kk| > `tol`·‖a_k‖ (see [`super::rank`]).
    pub fn rank(&self, tol: f64) -> usize {
        rank::rank(self.r.view(), tol)
    }

    /// The first column k with |R_kk| ≤ `tol`·‖a_k‖: column k of A is (numerically) a linear
    /// combination of columns 0..k (see [`super::rank`]).
    pub fn first_dependent_column(&self, tol: f64) -> Option<usize> {
        rank::first_dependent_column(self.r.view(), tol)
    }

    fn check_len(&self, len: usize, context: &str) -> Result<()> {
        if len != self.n {
            return Err(Error::shape(context, self.n, len));
        }
        Ok(())
    }
}
