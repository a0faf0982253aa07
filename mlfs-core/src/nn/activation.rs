//! Activations of the hidden layers, and the output layers with their losses.
//!
//! Each activation's function and derivative sit side by side. The derivative is written in terms
//! of z = W·a + b and, where cheaper, of a = f(z), which the forward pass has already computed:
//!
//! ```text
//!     sigmoid   f(z) = 1 / (1 + e^(−z))          f′(z) = a (1 − a)
//!     tanh      f(z) = tanh z                     f′(z) = 1 − a²
//!     ReLU      f(z) = max(z, 0)                  f′(z) = 1 if z > 0 else 0
//! ```

use ndarray::{Array2, Axis, Zip};

use crate::logistic::loss::{log_loss_from_logit, sigmoid};

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
        match self {
            Activation::Sigmoid => z.mapv(sigmoid),
            Activation::Tanh => z.mapv(f64::tanh),
            Activation::Relu => z.mapv(|z| z.max(0.0)),
        }
    }

    /// f′(z), element by element, from z and a = f(z).
    pub fn derivative(&self, z: &Array2<f64>, a: &Array2<f64>) -> Array2<f64> {
        match self {
            Activation::Sigmoid => a.mapv(|a| a * (1.0 - a)),
            Activation::Tanh => a.mapv(|a| 1.0 - a * a),
            Activation::Relu => z.mapv(|z| if z > 0.0 { 1.0 } else { 0.0 }),
        }
    }

    /// d ← d ⊙ f′(z) in place: the step δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾) of backpropagation,
    /// without allocating f′(Z⁽ˡ⁾). Same formulas as [`Activation::derivative`].
    pub fn scale_by_derivative(&self, d: &mut Array2<f64>, z: &Array2<f64>, a: &Array2<f64>) {
        match self {
            Activation::Sigmoid => d.zip_mut_with(a, |d, &a| *d *= a * (1.0 - a)),
            Activation::Tanh => d.zip_mut_with(a, |d, &a| *d *= 1.0 - a * a),
            Activation::Relu => d.zip_mut_with(z, |d, &z| {
                if z <= 0.0 {
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
            Output::Sigmoid => z.mapv(sigmoid),
            Output::Softmax { .. } => softmax(z),
        }
    }

    /// Sum over rows of the loss ℓ(yᵢ, zᵢ), computed from z (stable for any finite z).
    pub fn total_loss(&self, z: &Array2<f64>, y: &Array2<f64>) -> f64 {
        match self {
            Output::Sigmoid => Zip::from(z)
                .and(y)
                .fold(0.0, |s, &z, &y| s + log_loss_from_logit(y, z)),
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
