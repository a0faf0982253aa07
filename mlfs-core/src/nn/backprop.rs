//! The forward pass, the loss and the δ recurrence over a flat θ, into buffers that training
//! reuses from one step to the next (no allocation per iteration on a full batch).
//!
//! [`forward`] and [`loss`] fill a [`Forward`] in the notation's layout, rows = examples, for
//! prediction and evaluation. Training's [`Workspace`] keeps every matrix *transposed*, unit by
//! example: A⁽ˡ⁾ᵀ and Δ⁽ˡ⁾ᵀ are n_l × n, so row i is unit i over all n examples. The algebra is the
//! same; what changes is the memory order, for two reasons:
//!
//! - every element-wise pass (bias, activation, derivative, output loss) runs along long
//!   contiguous rows with one bias per row, which the compiler turns into SIMD code;
//! - each matrix product gets the operand layouts that `matrixmultiply` packs fastest: the left
//!   factor with contiguous columns, the right factor with contiguous rows. Read as an n × n_l
//!   matrix, a unit-by-example buffer *is* A⁽ˡ⁾ with contiguous columns (its `.t()` view), so
//!
//! ```text
//!     Z⁽ˡ⁾      = A⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ            left factor A⁽ˡ⁻¹⁾: contiguous columns
//!     Δ⁽ˡ⁻¹⁾    = Δ⁽ˡ⁾ W⁽ˡ⁾ (⊙ f′)         left factor Δ⁽ˡ⁾: contiguous columns
//!     ∂J/∂W⁽ˡ⁾ᵀ = A⁽ˡ⁻¹⁾ᵀ Δ⁽ˡ⁾              (l ≥ 2; its transpose is written into the gradient)
//!     ∂J/∂W⁽¹⁾  = Δ⁽¹⁾ᵀ X                  right factor X: a row-major copy of the input
//! ```
//!
//! The workspace keeps X twice (Xᵀ for the first product, X for the last): the input is
//! constant, and it is the largest operand of both of the largest products. A product with a
//! dimension of 1 — the three of a binary network's output unit — is a matrix–vector product;
//! it is written with ndarray's `dot` and `scaled_add` on contiguous rows, since
//! `general_mat_mul` would compute most of each of its register tiles for nothing. So is a
//! weight gradient with few entries ([`few_dot_products`]): each entry is a dot product of two
//! contiguous rows.
//!
//! The Δ buffers hold nΔ⁽ˡ⁾ (the output layer's is simply A⁽ᴸ⁾ − Y), and the gradient is divided
//! by n once at the end, as scikit-learn does: one division per parameter instead of one per
//! example.

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2};

use super::architecture::Architecture;
use crate::simd::vectorised;

/// Everything the forward pass computes, indexed as in the notation: `a[l]` = A⁽ˡ⁾ for
/// l = 0 … L (A⁽⁰⁾ = X) and `z[l]` = Z⁽ˡ⁾ for l = 1 … L (`z[0]` is an empty placeholder).
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    pub z: Vec<Array2<f64>>,
    pub a: Vec<Array2<f64>>,
}

impl Forward {
    /// Buffers for the forward pass of `x` through a network of this architecture.
    pub(crate) fn for_input(x: Array2<f64>, arch: &Architecture) -> Self {
        let n = x.nrows();
        let mut z = vec![Array2::zeros((0, 0))];
        let mut a = vec![x];
        for l in 1..=arch.depth() {
            z.push(Array2::zeros((n, arch.widths[l])));
            a.push(Array2::zeros((n, arch.widths[l])));
        }
        Forward { z, a }
    }
}

/// Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ᵀ + 1b⁽ˡ⁾ᵀ and A⁽ˡ⁾ = f(Z⁽ˡ⁾) for l = 1 … L, with A⁽⁰⁾ = `f.a[0]`.
pub(crate) fn forward(arch: &Architecture, theta: ArrayView1<f64>, f: &mut Forward) {
    let depth = arch.depth();
    for l in 1..=depth {
        let (w, b) = (arch.w(theta, l), arch.b(theta, l));
        let z = &mut f.z[l];
        let dim = z.dim();
        z.assign(&b.broadcast(dim).expect("b has n_l entries"));
        general_mat_mul(1.0, &f.a[l - 1], &w.t(), 1.0, z); // Z = A Wᵀ + 1bᵀ
        let after = &mut f.a[l..];
        if l == depth {
            arch.output.apply_into(&f.z[l], &mut after[0]);
        } else {
            arch.hidden.apply_into(&f.z[l], &mut after[0]);
        }
    }
}

/// J = (1/n) Σᵢ ℓ(yᵢ, zᵢ⁽ᴸ⁾) + (λ/n)/2 · Σ_l ‖W⁽ˡ⁾‖², with `l2_over_n` = λ/n.
pub(crate) fn loss(
    arch: &Architecture,
    theta: ArrayView1<f64>,
    f: &Forward,
    targets: ArrayView2<f64>,
    l2_over_n: f64,
) -> f64 {
    let n = targets.nrows() as f64;
    let data = arch.output.total_loss(&f.z[arch.depth()], targets);
    data / n + half_penalty(arch, theta, l2_over_n)
}

/// (λ/n)/2 · Σ_l ‖W⁽ˡ⁾‖², and no pass over the weights at all when λ = 0.
fn half_penalty(arch: &Architecture, theta: ArrayView1<f64>, l2_over_n: f64) -> f64 {
    if l2_over_n == 0.0 {
        return 0.0;
    }
    let sum: f64 = (1..=arch.depth())
        .map(|l| arch.w(theta, l).iter().map(|v| v * v).sum::<f64>())
        .sum();
    0.5 * l2_over_n * sum
}

/// z ← z + w·a over contiguous rows (ndarray's `scaled_add`, as a plain loop that vectorises).
#[inline(always)]
fn add_scaled(z: &mut [f64], w: f64, a: &[f64]) {
    for (z, &a) in z.iter_mut().zip(a) {
        *z += w * a;
    }
}

/// d ← w·g over contiguous rows (a plain loop that vectorises).
#[inline(always)]
fn scaled_copy(d: &mut [f64], w: f64, g: &[f64]) {
    for (d, &g) in d.iter_mut().zip(g) {
        *d = w * g;
    }
}

/// True when a weight gradient of `rows` × `cols` entries is cheaper as that many dot products of
/// contiguous rows (ndarray's `dot`) than as one `general_mat_mul`, which first copies all
/// rows + cols operand rows of n into its packed panels. A dot product costs about three such
/// row copies (measured here: a 3 × 8 gradient over 4000 rows takes 13 µs as dot products and
/// 25 µs as a product; an 8 × 20 one, 95 µs and 56 µs).
fn few_dot_products(rows: usize, cols: usize) -> bool {
    rows * cols <= 3 * (rows + cols)
}

/// Training's buffers for one input matrix, unit by example (see the module documentation).
pub(crate) struct Workspace {
    /// X (n × n₀), rows = examples: the right factor of ∂J/∂W⁽¹⁾ = Δ⁽¹⁾ᵀX.
    x: Array2<f64>,
    /// `at[0]` = Xᵀ (n₀ × n); `at[l]` = Z⁽ˡ⁾ᵀ − b⁽ˡ⁾ after the product, A⁽ˡ⁾ᵀ once activated
    /// (n_l × n). The output layer's buffer ends up holding the per-example losses.
    at: Vec<Array2<f64>>,
    /// `dt[l]` = nΔ⁽ˡ⁾ᵀ (n_l × n), l = 1 … L (`dt[0]` is empty).
    dt: Vec<Array2<f64>>,
}

impl Workspace {
    pub(crate) fn new(x: Array2<f64>, arch: &Architecture) -> Self {
        let n = x.nrows();
        let x = if x.is_standard_layout() {
            x
        } else {
            x.as_standard_layout().into_owned()
        };
        let mut at = vec![x.t().as_standard_layout().into_owned()];
        let mut dt = vec![Array2::zeros((0, 0))];
        for &width in &arch.widths[1..] {
            at.push(Array2::zeros((width, n)));
            dt.push(Array2::zeros((width, n)));
        }
        Workspace { x, at, dt }
    }

    /// Rows of the input X.
    pub(crate) fn nrows(&self) -> usize {
        self.x.nrows()
    }

    /// J(θ) on this workspace's input and ∇J(θ) written into `grad` (layout of θ): the forward
    /// pass, then the δ recurrence of the module documentation of [`crate::nn`].
    pub(crate) fn loss_and_gradient(
        &mut self,
        arch: &Architecture,
        theta: ArrayView1<f64>,
        targets: ArrayView2<f64>,
        l2_over_n: f64,
        mut grad: ArrayViewMut1<f64>,
    ) -> f64 {
        let depth = arch.depth();
        let n = self.nrows() as f64;
        for l in 1..=depth {
            self.linear(arch, theta, l);
            if l < depth {
                // A⁽ˡ⁾ = f(Z⁽ˡ⁾ + 1b⁽ˡ⁾ᵀ), in place
                let b = arch.b(theta, l);
                arch.hidden.apply_with_bias_in_place(&mut self.at[l], b);
            }
        }
        // Σᵢ ℓᵢ and nΔ⁽ᴸ⁾ = A⁽ᴸ⁾ − Y, both from Z⁽ᴸ⁾
        let b = arch.b(theta, depth);
        let data =
            arch.output
                .loss_and_delta(&mut self.at[depth], b, targets.t(), &mut self.dt[depth]);
        for l in (1..=depth).rev() {
            let (w0, b0, b1) = arch.offsets(l);
            let shape = (arch.widths[l], arch.widths[l - 1]);
            let gw = grad.slice_mut(s![w0..b0]);
            let gw = gw.into_shape_with_order(shape).expect("contiguous layout");
            self.weight_gradient(arch, theta, l, l2_over_n * n, gw);
            // n·∂J/∂b⁽ˡ⁾ = 1ᵀ(nΔ⁽ˡ⁾): the row sums of nΔ⁽ˡ⁾ᵀ
            let gb = grad.slice_mut(s![b0..b1]);
            for (g, row) in gb.into_iter().zip(self.dt[l].outer_iter()) {
                *g = row.sum();
            }
            if l > 1 {
                self.delta_below(arch, theta, l);
            }
        }
        grad.mapv_inplace(|g| g / n);
        data / n + half_penalty(arch, theta, l2_over_n)
    }

    /// Z⁽ˡ⁾ − 1b⁽ˡ⁾ᵀ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ᵀ, written into the unit-by-example buffer `at[l]`.
    fn linear(&mut self, arch: &Architecture, theta: ArrayView1<f64>, l: usize) {
        let (below, above) = self.at.split_at_mut(l);
        let w = arch.w(theta, l);
        if w.nrows() == 1 {
            // one unit (a binary output): the matrix–vector product z = Σₖ wₖ aₖ over the rows
            // aₖ of A⁽ˡ⁻¹⁾ᵀ
            let mut z = above[0].row_mut(0);
            z.fill(0.0);
            for (a, &w) in below[l - 1].outer_iter().zip(w.row(0)) {
                match (z.as_slice_mut(), a.as_slice()) {
                    (Some(z), Some(a)) => vectorised(|| add_scaled(z, w, a)),
                    _ => z.scaled_add(w, &a),
                }
            }
        } else {
            let a = below[l - 1].t(); // A⁽ˡ⁻¹⁾, n × n_{l−1}, contiguous columns
            let mut z = above[0].view_mut().reversed_axes(); // n × n_l
            general_mat_mul(1.0, &a, &w.t(), 0.0, &mut z);
        }
    }

    /// n·∂J/∂W⁽ˡ⁾ = (nΔ⁽ˡ⁾)ᵀA⁽ˡ⁻¹⁾ + λW⁽ˡ⁾ into `gw`; the penalty term only when λ > 0.
    fn weight_gradient(
        &self,
        arch: &Architecture,
        theta: ArrayView1<f64>,
        l: usize,
        l2: f64,
        mut gw: ArrayViewMut2<f64>,
    ) {
        let beta = if l2 > 0.0 {
            gw.assign(&arch.w(theta, l));
            l2
        } else {
            0.0
        };
        let (delta_t, a_t) = (&self.dt[l], &self.at[l - 1]); // n_l × n and n_{l−1} × n
        if few_dot_products(delta_t.nrows(), a_t.nrows()) {
            // entry (i, k) is the dot product of row i of Δ⁽ˡ⁾ᵀ and row k of A⁽ˡ⁻¹⁾ᵀ
            for (mut g, delta) in gw.outer_iter_mut().zip(delta_t.outer_iter()) {
                for (g, a) in g.iter_mut().zip(a_t.outer_iter()) {
                    *g = beta * *g + delta.dot(&a);
                }
            }
        } else if l == 1 {
            general_mat_mul(1.0, delta_t, &self.x, beta, &mut gw); // Δ⁽¹⁾ᵀ X
        } else {
            // (∂J/∂W⁽ˡ⁾)ᵀ = A⁽ˡ⁻¹⁾ᵀ Δ⁽ˡ⁾
            let mut gw_t = gw.reversed_axes();
            general_mat_mul(1.0, a_t, &delta_t.t(), beta, &mut gw_t);
        }
    }

    /// Δ⁽ˡ⁻¹⁾ = (Δ⁽ˡ⁾W⁽ˡ⁾) ⊙ f′(Z⁽ˡ⁻¹⁾), into `dt[l − 1]`.
    fn delta_below(&mut self, arch: &Architecture, theta: ArrayView1<f64>, l: usize) {
        let (below, above) = self.dt.split_at_mut(l);
        let (lower, upper) = (&mut below[l - 1], &above[0]);
        let w = arch.w(theta, l);
        if upper.nrows() == 1 {
            // one unit: the outer product Δ⁽ˡ⁾w, row k of Δ⁽ˡ⁻¹⁾ᵀ is wₖ Δ⁽ˡ⁾ᵀ
            let g = upper.row(0);
            for (mut d, &w) in lower.outer_iter_mut().zip(w.row(0)) {
                match (d.as_slice_mut(), g.as_slice()) {
                    (Some(d), Some(g)) => vectorised(|| scaled_copy(d, w, g)),
                    _ => d.zip_mut_with(&g, |d, &g| *d = w * g),
                }
            }
        } else {
            let mut d = lower.view_mut().reversed_axes(); // n × n_{l−1}
            general_mat_mul(1.0, &upper.t(), &w, 0.0, &mut d);
        }
        arch.hidden.scale_by_derivative(lower, &self.at[l - 1]);
    }

    /// Copy the rows `rows` of `x` into the input (resizing the buffers if needed).
    pub(crate) fn gather(&mut self, x: ArrayView2<f64>, rows: &[usize], arch: &Architecture) {
        if self.nrows() != rows.len() {
            *self = Workspace::new(Array2::zeros((rows.len(), x.ncols())), arch);
        }
        for (j, &i) in rows.iter().enumerate() {
            self.x.row_mut(j).assign(&x.row(i));
            self.at[0].column_mut(j).assign(&x.row(i));
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{array, Array1};

    use super::*;
    use crate::nn::{Activation, Init, Network, Output};

    fn data() -> (Array2<f64>, Array2<f64>) {
        let x = Array2::from_shape_fn((7, 3), |(i, j)| ((i * 5 + j * 3) % 7) as f64 / 3.0 - 1.0);
        let y = array![0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0].insert_axis(ndarray::Axis(1));
        (x, y)
    }

    /// The workspace's loss equals the row-layout forward pass and loss, for every activation
    /// and with the penalty, and a gathered batch gives what a fresh workspace on those rows gives.
    #[test]
    fn workspace_agrees_with_the_row_layout_and_with_itself_after_gather() {
        let (x, y) = data();
        for hidden in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            let net = Network::new(3, &[4, 2], hidden, Output::Sigmoid, Init::Glorot, 1).unwrap();
            let (arch, theta) = (net.arch(), net.params().view());
            let mut f = Forward::for_input(x.clone(), arch);
            forward(arch, theta, &mut f);
            let want = loss(arch, theta, &f, y.view(), 0.3);
            let mut ws = Workspace::new(x.clone(), arch);
            let mut g = Array1::zeros(net.n_params());
            let got = ws.loss_and_gradient(arch, theta, y.view(), 0.3, g.view_mut());
            assert!((got - want).abs() < 1e-14, "{hidden:?}: {got} vs {want}");

            let rows = [4, 0, 6];
            ws.gather(x.view(), &rows, arch);
            let mut g_batch = Array1::zeros(net.n_params());
            let yb = y.select(ndarray::Axis(0), &rows);
            let j_batch = ws.loss_and_gradient(arch, theta, yb.view(), 0.3, g_batch.view_mut());
            let mut fresh = Workspace::new(x.select(ndarray::Axis(0), &rows), arch);
            let mut g_fresh = Array1::zeros(net.n_params());
            let j_fresh = fresh.loss_and_gradient(arch, theta, yb.view(), 0.3, g_fresh.view_mut());
            assert_eq!(j_batch, j_fresh);
            assert_eq!(g_batch, g_fresh);
        }
    }
}
