//! The logistic function, the log-loss and its derivatives, written to be numerically stable.
//!
//! With a design matrix X₁ = [1 | X] (n×(p+1)) and θ = [b, w], the model is
//!
//! ```text
//!     p(y = 1 | x) = σ(z),   z = x₁·θ,   σ(z) = 1 / (1 + e^(−z)),   logit(p) = ln(p / (1 − p)) = z
//! ```
//!
//! and the mean negative log-likelihood of labels y ∈ {0, 1}, plus an optional L2 penalty on w
//! (never on the intercept b), is
//!
//! ```text
//!     J(θ) = (1/n) [ Σᵢ ℓ(yᵢ, zᵢ) + (λ/2) ‖w‖² ],      ℓ(y, z) = −y ln σ(z) − (1 − y) ln(1 − σ(z))
//!     ∇J(θ) = (1/n) [ X₁ᵀ(σ(z) − y) + λ w₀ ],            w₀ = [0, w]
//!     ∇²J(θ) = (1/n) [ X₁ᵀ W X₁ + λ I₀ ],                W = diag(σ(zᵢ)(1 − σ(zᵢ))),  I₀ = diag(0, 1, …, 1)
//! ```

use ndarray::{Array1, ArrayView1, ArrayView2, Zip};

pub use crate::sigmoid::{log_loss_from_logit, logit, sigmoid, softplus};

/// The design with a column of ones prepended: X₁ = [1 | X].
pub fn with_intercept(x: ArrayView2<f64>) -> ndarray::Array2<f64> {
    let (n, p) = x.dim();
    let mut x1 = ndarray::Array2::<f64>::ones((n, p + 1));
    x1.slice_mut(ndarray::s![.., 1..]).assign(&x);
    x1
}

/// J(θ) for the design X₁ (intercept column included) and penalty λ.
pub fn objective(x1: ArrayView2<f64>, y: ArrayView1<f64>, theta: ArrayView1<f64>, l2: f64) -> f64 {
    let z = x1.dot(&theta);
    let data: f64 = Zip::from(&z)
        .and(&y)
        .fold(0.0, |s, &z, &y| s + log_loss_from_logit(y, z));
    (data + 0.5 * l2 * penalty_norm2(theta)) / y.len() as f64
}

/// ∇J(θ) = (1/n)[X₁ᵀ(σ(X₁θ) − y) + λw₀].
pub fn gradient(
    x1: ArrayView2<f64>,
    y: ArrayView1<f64>,
    theta: ArrayView1<f64>,
    l2: f64,
) -> Array1<f64> {
    let residual = x1.dot(&theta).mapv(sigmoid) - y; // ŷ − y
    let mut g = x1.t().dot(&residual);
    if l2 != 0.0 {
        g.slice_mut(ndarray::s![1..])
            .scaled_add(l2, &theta.slice(ndarray::s![1..]));
    }
    g / y.len() as f64
}

/// ‖w‖², the penalised part of θ (everything but the intercept θ₀).
pub fn penalty_norm2(theta: ArrayView1<f64>) -> f64 {
    theta.iter().skip(1).map(|w| w * w).sum()
}
