//! Initial weights. Every draw takes an explicit seed.
//!
//! ```text
//!     Normal { std }   W, b ~ N(0, std²)               (Looney's Part 3 post uses std = 0.1)
//!     Glorot           W ~ U(−r, r), r = √(6 / (n_in + n_out)),  b = 0   (for sigmoid, tanh)
//!     He               W ~ N(0, 2 / n_in),  b = 0                        (for ReLU)
//!     Zeros            W = 0, b = 0   (only sensible without hidden layers: with them, every
//!                                      unit of a layer would stay identical)
//!     Constant { weight }   W = weight, b = 0   (the same symmetry: shows why weights are drawn)
//! ```

use ndarray::{Array1, Array2};
use ndarray_rand::rand_distr::{Normal, Uniform};
use ndarray_rand::RandomExt;
use rand::rngs::StdRng;

/// How to draw the initial weights and biases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Init {
    Normal {
        std: f64,
    },
    Glorot,
    He,
    Zeros,
    /// Every weight `weight`, every bias 0: all units of a layer start, and stay, identical.
    Constant {
        weight: f64,
    },
}

impl Init {
    /// Error unless the settings can be drawn from (a finite std > 0).
    pub(crate) fn check(&self) -> crate::Result<()> {
        match *self {
            Init::Normal { std } if !(std > 0.0 && std.is_finite()) => Err(crate::Error::invalid(
                "std",
                std,
                "must be a finite number > 0 (Looney's Part 3 post uses 0.1)",
            )),
            Init::Constant { weight } if !weight.is_finite() => Err(crate::Error::invalid(
                "weight",
                weight,
                "must be a finite number",
            )),
            _ => Ok(()),
        }
    }

    /// W (n_out × n_in) and b (n_out) of one layer.
    pub(crate) fn draw(
        &self,
        n_in: usize,
        n_out: usize,
        rng: &mut StdRng,
    ) -> (Array2<f64>, Array1<f64>) {
        let shape = (n_out, n_in);
        match *self {
            Init::Normal { std } => {
                let d = Normal::new(0.0, std).expect("std checked by Network::new");
                (
                    Array2::random_using(shape, d, rng),
                    Array1::random_using(n_out, d, rng),
                )
            }
            Init::Glorot => {
                let r = (6.0 / (n_in + n_out) as f64).sqrt();
                let d = Uniform::new(-r, r).expect("r > 0");
                (Array2::random_using(shape, d, rng), Array1::zeros(n_out))
            }
            Init::He => {
                let d = Normal::new(0.0, (2.0 / n_in as f64).sqrt()).expect("n_in > 0");
                (Array2::random_using(shape, d, rng), Array1::zeros(n_out))
            }
            Init::Zeros => (Array2::zeros(shape), Array1::zeros(n_out)),
            Init::Constant { weight } => (Array2::from_elem(shape, weight), Array1::zeros(n_out)),
        }
    }
}
