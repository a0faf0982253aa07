//! Singular values of a small matrix (for the condition number σ_max/σ_min of R).

use ndarray::{Array1, ArrayView2, Axis};

use super::norm::{norm2, power_of_two_below};

/// Singular values of a small square matrix by one-sided Jacobi rotations (descending).
///
/// Used for the condition number σ_max/σ_min of R (equal to that of A, since Q is orthogonal).
/// Rotations orthogonalise pairs of columns until all are mutually orthogonal; the column
/// norms are then the singular values. The matrix is first scaled by a power of two so that its
/// largest entry is of order one (exact, and undone at the end), so entries near 10^±300 neither
/// overflow nor underflow in the dot products.
pub fn singular_values(a: ArrayView2<f64>) -> Array1<f64> {
    let max = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let (up, down) = if max > 0.0 && max.is_finite() {
        power_of_two_below(max)
    } else {
        (1.0, 1.0)
    };
    let mut u = a.mapv(|v| v * down);
    let p = u.ncols();
    for _sweep in 0..60 {
        let mut rotated = false;
        for i in 0..p {
            for j in i + 1..p {
                let (ci, cj) = (u.column(i), u.column(j));
                let (alpha, beta, gamma) = (ci.dot(&ci), cj.dot(&cj), ci.dot(&cj));
                if gamma.abs() <= 1e-15 * alpha.sqrt() * beta.sqrt() || gamma == 0.0 {
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
    let mut sv: Vec<f64> = u.axis_iter(Axis(1)).map(|c| norm2(c) * up).collect();
    sv.sort_by(|a, b| b.total_cmp(a));
    Array1::from(sv)
}
