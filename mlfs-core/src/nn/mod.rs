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
//! Training ([`Network::train`]) hands J and ∇J to the same optimisers Part 2 uses
//! ([`crate::optim`]); the parameters are one flat vector θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾]
//! (each W row-major), read through [`Network::weights`] and [`Network::biases`].

pub mod activation;
mod architecture;
mod backprop;
pub mod gradient_check;
mod gradients;
pub mod init;
mod network;
mod predict;
pub mod train;

pub use activation::{softmax, Activation, Output};
pub use backprop::Forward;
pub use gradient_check::{check_gradients, gradient_check, rows_away_from_kinks};
pub use gradients::Gradients;
pub use init::Init;
pub use network::Network;
pub use train::{Summary, Trained};
