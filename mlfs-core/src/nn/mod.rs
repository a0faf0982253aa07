//! Multilayer perceptrons trained by backpropagation.
//!
//! Rows are examples. With A⁽⁰⁾ = X (n × n₀) and layer l mapping n_{l−1} units to n_l units by
//! W⁽ˡ⁾ (n_l × n_{l−1}) and b⁽ˡ⁾ (n_l), the forward pass is, for l = 1 … L,
//!
//! ```text
//!     Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ + 1 b⁽ˡ⁾ᵀ        (each row: z = W a + b)
//!     A⁽ˡ⁾ = f(Z⁽ˡ⁾)                       (f: the hidden activation; the output layer's own)
//! ```
//!
//! and the loss J = (1/n)[Σᵢ ℓ(yᵢ, zᵢ⁽ᴸ⁾) + (λ/2) Σ_l ‖W⁽ˡ⁾‖²] (biases not penalised). The
//! backward pass is the δ recurrence, Δ⁽ˡ⁾ = ∂J/∂Z⁽ˡ⁾:
//!
//! ```text
//!     Δ⁽ᴸ⁾ = (A⁽ᴸ⁾ − Y) / n                                  (fused output gradient)
//!     Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾)                      (l = L−1 … 1)
//!     ∂J/∂W⁽ˡ⁾ = Δ⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + (λ/n) W⁽ˡ⁾,    ∂J/∂b⁽ˡ⁾ = 1ᵀ Δ⁽ˡ⁾
//! ```
//!
//! With no hidden layers and a sigmoid output this is exactly logistic regression (Part 2).
//! A [`Network`] holds the architecture and the parameters, one flat vector
//! θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾] (each W row-major), read through [`Network::weights`] and
//! [`Network::biases`]; built by hand, it runs the forward pass and backpropagation. [`Mlp`] holds
//! the settings of a trained one (architecture, initial weights, λ, [`crate::optim::Training`]);
//! [`Mlp::fit`] hands J and ∇J to the same optimisers Part 2 uses ([`crate::optim`]) and returns
//! the fitted model, [`MlpFit`], whose [`MlpFit::network`] is the trained network.

pub mod activation;
mod architecture;
mod backprop;
mod fitted;
pub mod gradient_check;
mod gradients;
pub mod init;
mod mlp;
mod network;
mod predict;
mod train;

pub use activation::{softmax, Activation, Output};
pub use backprop::Forward;
pub use fitted::{MlpFit, MlpSummary};
pub use gradient_check::{check_gradients, gradient_check, rows_away_from_kinks};
pub use gradients::Gradients;
pub use init::Init;
pub use mlp::Mlp;
pub use network::Network;
