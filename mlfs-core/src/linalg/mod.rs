//! Householder QR, triangular solves and numerical rank — written with ndarray arithmetic only.
//!
//! For an n×p matrix A (n ≥ p) the QR decomposition is A = QR with Q orthogonal and R upper
//! triangular. We build Q as a product of p Householder reflections
//!
//! ```text
//!     H_k = I − 2 v_k v_kᵀ,   ‖v_k‖ = 1,        Qᵀ = H_{p−1} ⋯ H_1 H_0,        Qᵀ A = [R; 0]
//! ```
//!
//! and never form the n×n matrix Q: only the reflectors v_k are stored (the *compact* form) and
//! applied to vectors when Qᵀy is needed. An explicit thin Q (n×p) is available for teaching and
//! tests.
//!
//! One concept per module:
//!
//! | module | what |
//! |---|---|
//! | [`norm`] | ‖x‖₂ without overflow or underflow (LAPACK's scaled `dnrm2`) |
//! | `householder` | the reflection that maps x to α·e₁, and the one that folds a column into R |
//! | `qr` | Householder QR in compact form, Qᵀy, Qz, the thin Q |
//! | `streaming` | the blocked, one-pass QR of a matrix produced block by block (`Ols::fit`) |
//! | [`rank`] | numerical rank, judged per column and independent of its units |
//! | `triangular` | back-substitution and the inverse of R |
//! | `singular` | singular values of a small matrix (the condition number of R) |
//!
//! Every 2-norm in the factorisations is [`norm2`], so a design scaled by 10^±300 factors as
//! well as one of order one.

mod householder;
pub mod norm;
mod qr;
pub mod rank;
mod singular;
mod streaming;
mod triangular;

pub use householder::{householder, Householder};
pub use norm::norm2;
pub use qr::{qr, qr_of_transpose, Qr};
pub use rank::default_rank_tol;
pub use singular::singular_values;
pub use streaming::{streaming_r, STREAMING_BLOCK_ROWS};
pub use triangular::{back_substitute, forward_substitute_transpose, upper_triangular_inverse};
