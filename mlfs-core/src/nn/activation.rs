//! Activations of the hidden layers, and the output layers with their losses.
//!
//! Each activation's function and derivative sit side by side. The derivative is written in terms
//! of a = f(z), which the forward pass has already computed, so z need not be kept:
//!
//! ```text
//!     sigmoid   f(z) = 1 / (1 + e^(−z))          f′(z) = a (1 − a)
//!     tanh      f(z) = tanh z                     f′(z) = 1 − a²
//!     ReLU      f(z) = max(z, 0)                  f′(z) = 1 if a > 0 else 0   (a > 0 iff z > 0)
//! ```
//!
//! σ, e^x and ln(1 + x) come from the branch-free versions in [`crate::sigmoid`]
//! ([`sigmoid_poly`], …), so that a pass over a whole layer is vectorised; the training passes
//! run through `simd::vectorised`, which uses AVX2 where the processor has it.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis, Zip};

use crate::sigmoid::{exp_poly, ln_1p_poly, log_loss_from_logit_poly, sigmoid_poly};
use crate::simd::vectorised;

/// The non-linearity of every hidden layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
}

impl Activation {
    /// a = f(z), element by element.
    pub fn apply(&self, z: &Array2<f64>) -> Array2<f64> {
        let mut a = Array2::zeros(z.raw_dim());
        self.apply_into(z, &mut a);
        a
    }

    /// a ← f(z), element by element, into an existing buffer.
    pub fn apply_into(&self, z: &Array2<f64>, a: &mut Array2<f64>) {
        let zip = Zip::from(a).and(z);
        match self {
            Activation::Sigmoid => zip.for_each(|a, &z| *a = sigmoid_poly(z)),
            Activation::Tanh => zip.for_each(|a, &z| *a = z.tanh()),
            Activation::Relu => zip.for_each(|a, &z| *a = z.max(0.0)),
        }
    }

    /// Z ← f(Z + b) in place, for Z stored unit by example (n_l × n): row i is unit i over all
    /// examples and gets the bias bᵢ. One pass over long contiguous rows, which the compiler
    /// vectorises (σ by [`sigmoid_poly`]).
    pub(crate) fn apply_with_bias_in_place(&self, zt: &mut Array2<f64>, b: ArrayView1<f64>) {
        for (mut row, &b) in zt.outer_iter_mut().zip(&b) {
            match (self, row.as_slice_mut()) {
                (Activation::Sigmoid, Some(z)) => vectorised(|| sigmoid_with_bias(z, b)),
                (Activation::Sigmoid, None) => row.mapv_inplace(|z| sigmoid_poly(z + b)),
                (Activation::Tanh, _) => row.mapv_inplace(|z| (z + b).tanh()),
                (Activation::Relu, _) => row.mapv_inplace(|z| (z + b).max(0.0)),
            }
        }
    }

    /// d ← d ⊙ f′(z) in place: the step δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾) of backpropagation,
    /// without allocating f′(Z⁽ˡ⁾), by the formulas in the module documentation — all in terms
    /// of a = f(z) (ReLU's f′(z) = 1 exactly where a > 0), so z need not be kept. `d` and `a`
    /// have the same shape and layout.
    pub fn scale_by_derivative(&self, d: &mut Array2<f64>, a: &Array2<f64>) {
        let same_layout = d.shape() == a.shape() && d.strides() == a.strides();
        if let (Activation::Sigmoid, true) = (self, same_layout) {
            if let (Some(d), Some(a)) = (d.as_slice_memory_order_mut(), a.as_slice_memory_order()) {
                return vectorised(|| times_sigmoid_derivative(d, a));
            }
        }
        match self {
            Activation::Sigmoid => d.zip_mut_with(a, |d, &a| *d *= a * (1.0 - a)),
            Activation::Tanh => d.zip_mut_with(a, |d, &a| *d *= 1.0 - a * a),
            Activation::Relu => d.zip_mut_with(a, |d, &a| {
                if a <= 0.0 {
                    *d = 0.0
                }
            }),
        }
    }

    /// A short name for tables and legends.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
        }
    }
}

/// The output layer and its loss.
///
/// Both pair an output with the loss whose gradient with respect to the output layer's z is
/// simply (a − y)/n — the "fused" gradient, which never divides by a probability:
///
/// ```text
///     Sigmoid (binary):  a = σ(z), one unit;        ℓ = −y ln a − (1 − y) ln(1 − a)
///     Softmax (K classes): aₖ = e^{zₖ} / Σⱼ e^{zⱼ};  ℓ = −ln a_y = logsumexp(z) − z_y
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One sigmoid unit with the binary log-loss; labels 0/1.
    Sigmoid,
    /// K softmax units with the cross-entropy; labels 0, 1, …, K − 1.
    Softmax { classes: usize },
}

impl Output {
    /// Width of the output layer.
    pub fn width(&self) -> usize {
        match self {
            Output::Sigmoid => 1,
            Output::Softmax { classes } => *classes,
        }
    }

    /// The output activations a = σ(z) or softmax(z) (rows are examples).
    pub fn apply(&self, z: &Array2<f64>) -> Array2<f64> {
        match self {
            Output::Sigmoid => z.mapv(sigmoid_poly),
            Output::Softmax { .. } => softmax(z),
        }
    }

    /// a ← the output activations of z, into an existing buffer.
    pub fn apply_into(&self, z: &Array2<f64>, a: &mut Array2<f64>) {
        match self {
            Output::Sigmoid => Zip::from(a).and(z).for_each(|a, &z| *a = sigmoid_poly(z)),
            Output::Softmax { .. } => a.assign(&softmax(z)),
        }
    }

    /// Sum over rows of the loss ℓ(yᵢ, zᵢ), computed from z (stable for any finite z).
    pub fn total_loss(&self, z: &Array2<f64>, y: ArrayView2<f64>) -> f64 {
        match self {
            Output::Sigmoid => Zip::from(z)
                .and(&y)
                .map_collect(|&z, &y| log_loss_from_logit_poly(y, z))
                .sum(),
            Output::Softmax { .. } => z
                .outer_iter()
                .zip(y.outer_iter())
                .map(|(z, y)| {
                    let m = z.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let lse = m + z.mapv(|v| (v - m).exp()).sum().ln();
                    lse - z.dot(&y)
                })
                .sum(),
        }
    }

    /// The output layer of training, stored unit by example (K × n: row k is output unit k over
    /// all examples): from Z⁽ᴸ⁾ᵀ without its bias (`zt`), the bias b⁽ᴸ⁾ and the targets Yᵀ,
    /// write (A − Y)ᵀ = n·Δ⁽ᴸ⁾ᵀ into `delta` (training divides the gradient by n once, at the end)
    /// and return the summed loss Σᵢ ℓ(yᵢ, zᵢ).
    ///
    /// One pass for the binary case: e = e^(−|z|) gives both σ(z) and the loss term
    /// ln(1 + e) of [`log_loss_from_logit_poly`]. `zt` is overwritten with the per-example
    /// losses, which are then summed (a separate sum keeps the pass vectorisable).
    pub(crate) fn loss_and_delta(
        &self,
        zt: &mut Array2<f64>,
        b: ArrayView1<f64>,
        yt: ArrayView2<f64>,
        delta: &mut Array2<f64>,
    ) -> f64 {
        match self {
            Output::Sigmoid => {
                let b = b[0];
                let slices = (zt.as_slice_mut(), delta.as_slice_mut(), yt.as_slice());
                if let (Some(z), Some(d), Some(y)) = slices {
                    vectorised(|| sigmoid_loss_and_delta(z, d, y, b));
                } else {
                    Zip::from(&mut *zt).and(delta).and(yt).for_each(|z, d, &y| {
                        (*z, *d) = sigmoid_loss_and_delta_one(*z + b, y);
                    });
                }
                zt.sum()
            }
            Output::Softmax { .. } => {
                let mut total = 0.0;
                for j in 0..zt.ncols() {
                    let (mut z, mut d, y) = (zt.column_mut(j), delta.column_mut(j), yt.column(j));
                    z += &b;
                    let m = z.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    Zip::from(&mut d)
                        .and(&z)
                        .for_each(|d, &z| *d = exp_poly(z - m));
                    let s = d.sum();
                    // logsumexp(z) = m + ln s, with s ≥ 1
                    total += m + ln_1p_poly(s - 1.0) - z.dot(&y);
                    Zip::from(&mut d).and(&y).for_each(|d, &y| *d = *d / s - y);
                }
                total
            }
        }
    }
}

/// z ← σ(z + b) over a contiguous row of Zᵀ (a plain loop, so it vectorises).
#[inline(always)]
fn sigmoid_with_bias(z: &mut [f64], b: f64) {
    for z in z {
        *z = sigmoid_poly(*z + b);
    }
}

/// d ← d ⊙ a(1 − a), σ′ in terms of a = σ(z), over two buffers of one layout.
#[inline(always)]
fn times_sigmoid_derivative(d: &mut [f64], a: &[f64]) {
    for (d, &a) in d.iter_mut().zip(a) {
        *d *= a * (1.0 - a);
    }
}

/// (ℓ(y, z), σ(z) − y) from one e = e^(−|z|): the loss term ln(1 + e) of
/// [`log_loss_from_logit_poly`] and σ(z) = 1/(1 + e) or e/(1 + e).
#[inline(always)]
fn sigmoid_loss_and_delta_one(z: f64, y: f64) -> (f64, f64) {
    let e = exp_poly(-z.abs());
    let a = if z >= 0.0 { 1.0 } else { e } / (1.0 + e);
    let loss = y * (-z).max(0.0) + (1.0 - y) * z.max(0.0) + ln_1p_poly(e);
    (loss, a - y)
}

/// z ← ℓ(y, z + b) and d ← σ(z + b) − y over contiguous rows (a plain loop, so it vectorises).
#[inline(always)]
fn sigmoid_loss_and_delta(z: &mut [f64], d: &mut [f64], y: &[f64], b: f64) {
    for ((z, d), &y) in z.iter_mut().zip(d.iter_mut()).zip(y) {
        (*z, *d) = sigmoid_loss_and_delta_one(*z + b, y);
    }
}

/// Row-wise softmax, shifted by each row's maximum so that no exponential overflows.
pub fn softmax(z: &Array2<f64>) -> Array2<f64> {
    let mut a = z.clone();
    for mut row in a.axis_iter_mut(Axis(0)) {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - m).exp());
        let s = row.sum();
        row /= s;
    }
    a
}
