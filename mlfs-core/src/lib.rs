//! # mlfs-core — Machine Learning From Scratch
//!
//! The tested implementations behind the *mlfs* notebooks, which follow Oran Looney's blog
//! posts *ML From Scratch* (Parts 0–3). The ground rule, from the posts: inside an algorithm we
//! use only ndarray arithmetic and matrix multiplication. Tests compare the results with
//! statsmodels, scikit-learn and numpy through committed fixture files.
//!
//! The crate re-exports the libraries the notebooks use (`ndarray`, `ndarray_rand`, `rand`,
//! `plotters`), so that a notebook needs a single `:dep mlfs-core = { path = "../mlfs-core" }`
//! line and always sees the versions pinned in the workspace.
//!
//! ## Features
//!
//! - `polars` (off by default): `data::read_csv` into a polars `DataFrame` for looking at a
//!   table, and `mlfs_core::polars`. The models never need it ([`data::load_csv`] reads the
//!   files itself); it is optional because every dependency slows every notebook cell the
//!   kernel compiles. Turn it on with `features = ["polars"]` in the `:dep` line.
//!
//! ## One surface for every fitted model
//!
//! Settings (hyper-parameters) are built first and stay apart from the fitted model that `fit`
//! returns. Each setting lives in one place: the L2 penalty λ on the model, every setting of a
//! first-order run (rule, step size, batches, epochs, tolerance, early stopping, seed) in
//! [`optim::Training`], Newton's in [`logistic::Solver::Newton`]. The three fitted models answer
//! the same questions with the same names, types and ownership (n rows in, K classes;
//! `tests/surface.rs` holds every model to this table):
//!
//! | question | [`linear::OlsFit`] | [`logistic::LogisticFit`] | [`nn::MlpFit`] |
//! |---|---|---|---|
//! | settings | [`linear::Ols`] | [`logistic::LogisticRegression`] | [`nn::Mlp`] |
//! | `fit` | `fit(&x, &y)` | `fit(&x, &y, validation)` | `fit(&x, &y, validation)` |
//! | λ | — | `LogisticRegression::l2` | `Mlp::l2` |
//! | solver | Householder QR | [`logistic::Solver`]: a `Training`, or Newton | a [`optim::Training`] |
//! | `predict(x)` → `Result<Array1>` (n) | ŷ = Xθ̂ | labels, P(y = 1) ≥ ½ | labels (≥ ½, or the most probable class) |
//! | `predict_proba(x)` → `Result<Array2>` (n × K) | — | [1 − p, p] | [1 − p, p], or the softmax |
//! | `decision_function(x)` → `Result<Array1>` (n) | — | logit z | logit z (binary networks; else an error) |
//! | `n_iter()` → `usize` | 1 | iterations / epochs | epochs |
//! | `converged()` → `bool`, `status()` → [`optim::Status`] | true, `Converged` | from the run | from the run |
//! | `history()` → `&`[`optim::History`] | one entry (mean squared residual) | per iteration / epoch | per epoch |
//! | `params()` → `&Array1<f64>` | θ̂ = [intercept, coefficients] | θ = [b, w] | θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾] |
//! | `summary()` → `Result<…>` | [`linear::OlsSummary`] (statsmodels OLS) | [`logistic::LogitSummary`] (statsmodels Logit; unpenalised Newton fits) | [`nn::MlpSummary`] (architecture and training) |
//! | `feature_names()` → `&[String]` | `Ols::with_names`, else x1, x2, … | `LogisticRegression::with_names`, else x1, … | `Mlp::with_names`, else x1, … |
//!
//! Every entry point checks its input and returns a typed [`Error`]; none panics on user data.
//! Every error message starts with the function the user called (`Ols::fit: …`,
//! `data::load_csv: …`, `metrics::auc: …`) and says what to do next.
//! First-order fitting is one module, [`optim`], shared by logistic regression and networks.
//!
//! ```
//! use mlfs_core::ndarray::array;
//! let x = array![[1.0, 2.0], [3.0, 4.0]];
//! assert_eq!(x.dot(&x)[[0, 0]], 7.0);
//! ```

pub mod check;
pub mod data;
pub mod error;
pub mod linalg;
pub mod linear;
pub mod logistic;
pub mod metrics;
pub mod nn;
pub mod optim;
pub mod plot;
pub mod sigmoid;
mod simd;
pub mod timing;

pub use error::{Error, Result};

pub use ndarray;
pub use ndarray_rand;
pub use ndarray_rand::rand_distr;
pub use plotters;
#[cfg(feature = "polars")]
pub use polars;
pub use rand;
