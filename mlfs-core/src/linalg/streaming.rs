//! The streaming, blocked Householder QR that `Ols::fit` runs on [1 | X | y]: one pass over the
//! rows, each block of 512 folded into the R so far by reflections in compact-WY form.

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Axis};

use super::householder::fold_reflector;
use crate::error::Result;

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
    mut fill: impl FnMut(usize, usize, ArrayViewMut2<f64>),
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
/// The split pays only when its half-width products are wide enough to beat the column-by-column
/// loops, which read every column of a 512-row block from the cache: with ndarray's matrix
/// product (matrixmultiply), from about 64 columns on, so ranges of up to 32 columns are not
/// split.
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
