//! Triangular systems: back-substitution Rθ = b, forward substitution Rᵀu = b, and the inverse of
//! an upper-triangular R.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{Error, Result};

/// Solve Rθ = b by back-substitution, θ_i = (b_i − Σ_{j>i} R_ij θ_j) / R_ii.
///
/// `r` is m×p upper triangular with m ≥ p. When m > p (a *rectangular* triangular system
/// [R; 0]θ = b) the last m − p equations read 0 = b_i; they cannot be satisfied and are the
/// least-squares residual, so only the first p rows are used. Errors when `r` is not upper
/// triangular, when shapes disagree, or when a diagonal entry is 0 (singular system).
pub fn back_substitute(r: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>> {
    const CONTEXT: &str = "linalg::back_substitute";
    let (m, p) = r.dim();
    if m < p {
        return Err(Error::shape(
            CONTEXT,
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
    check_upper_triangular(r, CONTEXT)?;
    Ok(solve_upper(r, b))
}

/// Solve Rᵀu = b for an upper-triangular p×p R (so Rᵀ is lower triangular) by forward
/// substitution, u_i = (b_i − Σ_{j<i} R_ji u_j) / R_ii. With [`back_substitute`] it solves
/// RᵀRx = b in two triangular steps.
///
/// Errors when `r` is not square and upper triangular, when `b` has the wrong length, or when a
/// diagonal entry is 0.
pub fn forward_substitute_transpose(r: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>> {
    const CONTEXT: &str = "linalg::forward_substitute_transpose";
    check_square(r, CONTEXT)?;
    if b.len() != r.nrows() {
        return Err(Error::shape(
            "linalg::forward_substitute_transpose (right-hand side)",
            r.nrows(),
            b.len(),
        ));
    }
    check_upper_triangular(r, CONTEXT)?;
    let p = r.nrows();
    let mut u = Array1::<f64>::zeros(p);
    for i in 0..p {
        let head = r.slice(s![..i, i]).dot(&u.slice(s![..i]));
        u[i] = (b[i] - head) / r[[i, i]];
    }
    Ok(u)
}

/// R⁻¹ for a p×p upper-triangular R, column by column: R x_j = e_j.
///
/// Errors when `r` is not square, has a non-zero entry below its diagonal, or has a zero on its
/// diagonal (then R is singular and has no inverse).
pub fn upper_triangular_inverse(r: ArrayView2<f64>) -> Result<Array2<f64>> {
    const CONTEXT: &str = "linalg::upper_triangular_inverse";
    check_square(r, CONTEXT)?;
    check_upper_triangular(r, CONTEXT)?;
    let p = r.nrows();
    let mut inv = Array2::<f64>::zeros((p, p));
    for j in 0..p {
        let mut e = Array1::<f64>::zeros(p);
        e[j] = 1.0;
        inv.column_mut(j).assign(&solve_upper(r, e.view()));
    }
    Ok(inv)
}

/// Back-substitution on the first p rows of an m×p R already checked by
/// [`check_upper_triangular`].
fn solve_upper(r: ArrayView2<f64>, b: ArrayView1<f64>) -> Array1<f64> {
    let p = r.ncols();
    let mut theta = Array1::<f64>::zeros(p);
    for i in (0..p).rev() {
        let tail = r.slice(s![i, i + 1..]).dot(&theta.slice(s![i + 1..]));
        theta[i] = (b[i] - tail) / r[[i, i]];
    }
    theta
}

/// Error unless `r` is square.
fn check_square(r: ArrayView2<f64>, context: &str) -> Result<()> {
    let (m, p) = r.dim();
    if m != p {
        return Err(Error::shape(context, "a square matrix", format!("{m}×{p}")));
    }
    Ok(())
}

/// Error unless `r` has zeros below its diagonal and no zero on it (among its first p rows).
fn check_upper_triangular(r: ArrayView2<f64>, context: &str) -> Result<()> {
    if let Some(((i, j), v)) = r.indexed_iter().find(|&((i, j), v)| i > j && *v != 0.0) {
        return Err(Error::invalid(
            &format!("R[{i},{j}]"),
            v,
            "R must be upper triangular (zeros below the diagonal)",
        )
        .within(context));
    }
    let p = r.ncols().min(r.nrows());
    if let Some(i) = (0..p).find(|&i| r[[i, i]] == 0.0) {
        return Err(Error::invalid(
            &format!("R[{i},{i}]"),
            0,
            "R has a zero on its diagonal, so it is singular (its columns are linearly \
             dependent): it has no inverse, and Rx = b has no unique solution",
        )
        .within(context));
    }
    Ok(())
}
