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

/// σ(z) = 1 / (1 + e^(−z)) without overflow: for z < 0 it is computed as e^z / (1 + e^z), so
/// e^(−z) is never evaluated at a large positive argument.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// logit(p) = ln(p / (1 − p)), the inverse of σ: σ(logit(p)) = p for p in (0, 1).
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// ln(1 + e^z) without overflow or loss of precision: max(z, 0) + ln(1 + e^(−|z|)).
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// ℓ(y, z) = −y ln σ(z) − (1 − y) ln(1 − σ(z)) computed from the logit z.
///
/// Since −ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z), the loss is
/// y·softplus(−z) + (1 − y)·softplus(z): finite for every finite z, however close σ(z) is to 0
/// or 1, and accurate to the last digit even when it is tiny (ℓ(1, 40) ≈ e^(−40), where the
/// shorter form softplus(z) − y·z would cancel to 0).
pub fn log_loss_from_logit(y: f64, z: f64) -> f64 {
    y * softplus(-z) + (1.0 - y) * softplus(z)
}

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
