//! Triangular systems: back-substitution Rθ = b and the inverse of an upper-triangular R.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{Error, Result};

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
