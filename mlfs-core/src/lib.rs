//! # mlfs-core — Machine Learning From Scratch
//!
//! The tested implementations behind the *mlfs* notebooks. The ground rule of the series: inside
//! an algorithm we use only ndarray arithmetic and matrix multiplication. Tests compare the
//! results with statsmodels, scikit-learn and numpy through committed fixture files.
//!
//! The crate re-exports the libraries the notebooks use, so that a notebook needs a single
//! `:dep mlfs-core = { path = "../mlfs-core" }` line and always sees the versions pinned in the
//! workspace:
//!
//! ```
//! use mlfs_core::ndarray::array;
//! let x = array![[1.0, 2.0], [3.0, 4.0]];
//! assert_eq!(x.dot(&x)[[0, 0]], 7.0);
//! ```

pub mod data;
pub mod error;
mod hyper;
pub mod linalg;
pub mod linear;
pub mod logistic;
pub mod metrics;
pub mod nn;
pub mod plot;
pub mod timing;

pub use error::{Error, Result};

pub use ndarray;
pub use ndarray_rand;
pub use ndarray_rand::rand_distr;
pub use plotters;
pub use polars;
pub use rand;
