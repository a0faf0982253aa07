//! The blocked loops of a pass: the per-row terms (ℓᵢ, rᵢ = pᵢ − yᵢ, wᵢ = pᵢ(1 − pᵢ)), the
//! weighted block W_b·X_b, the products X_bᵀ[W_b X_b | r_b] that accumulate [H | g] (upper part
//! only), and g += X_bᵀr for a gradient-only pass.

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};

use crate::sigmoid::loss_and_probability_poly;

/// Per-row terms of a block: the loss ℓᵢ, the residual rᵢ = pᵢ − yᵢ and the weight
/// wᵢ = pᵢ(1 − pᵢ), from one exponential each by the vectorisable
/// [`loss_and_probability_poly`].
pub(super) struct RowTerms {
    pub(super) loss: Vec<f64>,
    pub(super) r: Vec<f64>,
    pub(super) w: Vec<f64>,
}

impl RowTerms {
    pub(super) fn new(rows: usize) -> Self {
        RowTerms {
            loss: vec![0.0; rows],
            r: vec![0.0; rows],
            w: vec![0.0; rows],
        }
    }

    /// Fill the first z.len() terms from the logits and labels of a block; returns Σ ℓᵢ.
    pub(super) fn fill(&mut self, z: ArrayView1<f64>, y: ArrayView1<f64>) -> f64 {
        let m = z.len();
        let (loss, r, w) = (&mut self.loss[..m], &mut self.r[..m], &mut self.w[..m]);
        if let (Some(z), Some(y)) = (z.as_slice(), y.as_slice()) {
            // Slices, so that the loop vectorises (the sum comes after, in a separate loop).
            for ((((&z, &y), l), r), w) in z.iter().zip(y).zip(&mut *loss).zip(r).zip(w) {
                (*l, *r, *w) = row_terms(y, z);
            }
        } else {
            for ((((&z, &y), l), r), w) in z.iter().zip(y).zip(&mut *loss).zip(r).zip(w) {
                (*l, *r, *w) = row_terms(y, z);
            }
        }
        lane_sum(loss)
    }
}

/// Σ vᵢ in eight interleaved partial sums, so that the additions vectorise (a single running
/// sum waits for each addition before the next).
pub(super) fn lane_sum(v: &[f64]) -> f64 {
    let mut lanes = [0.0; 8];
    let chunks = v.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// (ℓ, p − y, p(1 − p)) of one row.
#[inline(always)]
pub(super) fn row_terms(y: f64, z: f64) -> (f64, f64, f64) {
    let (loss, p) = loss_and_probability_poly(y, z);
    (loss, p - y, p * (1.0 - p))
}

/// g += X_bᵀ r, one row at a time (g += rᵢ xᵢ): X_b is read once, in its storage order.
pub(super) fn add_gradient(xb: ArrayView2<f64>, r: &[f64], g: &mut [f64]) {
    let q = xb.ncols();
    match xb.as_slice() {
        Some(xs) if q > 0 => {
            for (row, &ri) in xs.chunks_exact(q).zip(r) {
                for (gj, &xj) in g.iter_mut().zip(row) {
                    *gj += ri * xj;
                }
            }
        }
        _ => {
            for (row, &ri) in xb.rows().into_iter().zip(r) {
                for (gj, &xj) in g.iter_mut().zip(row) {
                    *gj += ri * xj;
                }
            }
        }
    }
}

/// D_b = [W_b X_b | r_b]: each row of X_b times its weight wᵢ, and the residual rᵢ — or, if D_b
/// has one column more (the column of ones implicit), [W_b X_b | w_b | r_b].
pub(super) fn weigh_rows(xb: ArrayView2<f64>, w: &[f64], r: &[f64], mut d: ArrayViewMut2<f64>) {
    let (k, width) = (xb.ncols(), d.ncols());
    if let (Some(xs), Some(ds)) = (xb.as_slice(), d.as_slice_mut()) {
        if k > 0 {
            let rows = xs.chunks_exact(k).zip(ds.chunks_exact_mut(width));
            for ((x, dr), (&wi, &ri)) in rows.zip(w.iter().zip(r)) {
                for (dj, &xj) in dr.iter_mut().zip(x) {
                    *dj = wi * xj;
                }
                dr[k] = wi; // overwritten by rᵢ below when there is no column for w
                dr[width - 1] = ri;
            }
            return;
        }
    }
    // numpy: d[:, :k] = w[:, None] * x_b; d[:, k] = w (if width = k + 2); d[:, -1] = r
    let (m, w, r) = (xb.nrows(), ArrayView1::from(w), ArrayView1::from(r));
    let mut wx = d.slice_mut(s![..m, ..k]);
    wx.assign(&xb);
    wx *= &w.insert_axis(Axis(1));
    d.slice_mut(s![..m, k]).assign(&w);
    d.slice_mut(s![..m, width - 1]).assign(&r);
}

/// hg += X_bᵀ D on and above the diagonal of its first k = X_b.ncols() columns (and all of the
/// columns after them: g, and the intercept's column Xᵀw when the ones are implicit):
/// with X_b = [X₁ X₂] split at the middle column c,
///
/// ```text
///     [H₁₁ H₁₂ g₁] += X₁ᵀ D,        [H₂₂ g₂] += X₂ᵀ D[.., c..]
/// ```
///
/// which skips H₂₁ = H₁₂ᵀ: a quarter of the products.
pub(super) fn add_upper_products(xb: ArrayView2<f64>, d: ArrayView2<f64>, hg: &mut Array2<f64>) {
    let c = xb.ncols() / 2;
    if c < SPLIT_MIN_COLUMNS {
        // Too narrow for two products to beat one: the whole of [H | g].
        return general_mat_mul(1.0, &xb.t(), &d, 1.0, hg);
    }
    let (mut top, mut bottom) = hg.view_mut().split_at(Axis(0), c);
    general_mat_mul(1.0, &xb.slice(s![.., ..c]).t(), &d, 1.0, &mut top);
    general_mat_mul(
        1.0,
        &xb.slice(s![.., c..]).t(),
        &d.slice(s![.., c..]),
        1.0,
        &mut bottom.slice_mut(s![.., c..]),
    );
}

/// Half-widths below this form all of H in one product (the split's second call costs more
/// than the quarter it saves).
pub(super) const SPLIT_MIN_COLUMNS: usize = 8;

/// The symmetric matrix whose upper block-triangle (as filled by [`add_upper_products`]) is
/// given: H₂₁ = H₁₂ᵀ.
pub(super) fn symmetric_from_upper(upper: ArrayView2<f64>) -> Array2<f64> {
    let q = upper.nrows();
    let c = q / 2;
    let mut h = upper.to_owned();
    let h12 = h.slice(s![..c, c..]).t().to_owned();
    h.slice_mut(s![c.., ..c]).assign(&h12);
    h
}
