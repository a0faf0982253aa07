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
//! backward pass is the δ recurrence, δ⁽ˡ⁾ = ∂J/∂Z⁽ˡ⁾:
//!
//! ```text
//!     δ⁽ᴸ⁾ = (A⁽ᴸ⁾ − Y) / n                                  (fused output gradient)
//!     δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾)                      (l = L−1 … 1)
//!     ∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + (λ/n) W⁽ˡ⁾,    ∂J/∂b⁽ˡ⁾ = 1ᵀ δ⁽ˡ⁾
//! ```
//!
//! With no hidden layers and a sigmoid output this is exactly logistic regression (Part 2).

pub mod activation;
pub mod gradient_check;
pub mod init;
pub mod train;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::data::check_finite_matrix;
use crate::error::{Error, Result};
pub use activation::{softmax, Activation, Output};
pub use gradient_check::{check_gradients, gradient_check, rows_away_from_kinks};
pub use init::Init;
pub use train::{Optimizer, Trained, Training};

/// A fully connected feed-forward network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// W⁽¹⁾ … W⁽ᴸ⁾, W⁽ˡ⁾ of shape n_l × n_{l−1}.
    pub weights: Vec<Array2<f64>>,
    /// b⁽¹⁾ … b⁽ᴸ⁾.
    pub biases: Vec<Array1<f64>>,
    pub hidden: Activation,
    pub output: Output,
}

/// What the forward pass keeps for the backward pass: Z⁽ˡ⁾ (l = 1 … L) and A⁽ˡ⁾ (l = 0 … L).
#[derive(Debug, Clone)]
pub struct Forward {
    pub z: Vec<Array2<f64>>,
    pub a: Vec<Array2<f64>>,
}

/// The forward pass as training uses it: Z⁽ˡ⁾ and A⁽ˡ⁾ for l = 1 … L (X itself not copied).
pub(crate) struct Pass {
    pub z: Vec<Array2<f64>>,
    pub a: Vec<Array2<f64>>,
}

/// ∂J/∂W⁽ˡ⁾ and ∂J/∂b⁽ˡ⁾ for every layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    pub weights: Vec<Array2<f64>>,
    pub biases: Vec<Array1<f64>>,
}

impl Network {
    /// A network with `n_inputs` inputs, hidden layers of the given widths (possibly none), the
    /// hidden activation, and the output layer; weights drawn by `init` with `seed`.
    pub fn new(
        n_inputs: usize,
        hidden_widths: &[usize],
        hidden: Activation,
        output: Output,
        init: Init,
        seed: u64,
    ) -> Result<Self> {
        if n_inputs == 0 {
            return Err(Error::invalid(
                "n_inputs",
                0,
                "a network needs at least one input",
            ));
        }
        if let Some(l) = hidden_widths.iter().position(|&w| w == 0) {
            return Err(Error::invalid(
                "hidden_widths",
                format!("{hidden_widths:?}"),
                &format!(
                    "hidden layer {} has width 0; every layer needs at least one unit",
                    l + 1
                ),
            ));
        }
        if let Output::Softmax { classes } = output {
            if classes < 2 {
                return Err(Error::invalid(
                    "classes",
                    classes,
                    "softmax needs at least 2 classes",
                ));
            }
        }
        if let Init::Normal { std } = init {
            if !(std > 0.0 && std.is_finite()) {
                return Err(Error::invalid(
                    "std",
                    std,
                    "must be a finite number > 0 (the series used 0.1)",
                ));
            }
        }
        let mut widths = vec![n_inputs];
        widths.extend_from_slice(hidden_widths);
        widths.push(output.width());
        let mut rng = StdRng::seed_from_u64(seed);
        let (weights, biases) = widths
            .windows(2)
            .map(|w| init.draw(w[0], w[1], &mut rng))
            .unzip();
        Ok(Network {
            weights,
            biases,
            hidden,
            output,
        })
    }

    /// Number of inputs n₀.
    pub fn n_inputs(&self) -> usize {
        self.weights[0].ncols()
    }

    /// Widths of the hidden layers.
    pub fn hidden_widths(&self) -> Vec<usize> {
        self.weights[..self.weights.len() - 1]
            .iter()
            .map(|w| w.nrows())
            .collect()
    }

    /// Number of trainable parameters Σ_l n_l (n_{l−1} + 1).
    pub fn n_params(&self) -> usize {
        self.weights.iter().map(|w| w.len()).sum::<usize>()
            + self.biases.iter().map(|b| b.len()).sum::<usize>()
    }

    /// The forward pass, keeping every Z⁽ˡ⁾ and A⁽ˡ⁾.
    pub fn forward(&self, x: &Array2<f64>) -> Result<Forward> {
        self.check_input(x, "Network::forward")?;
        Ok(self.forward_unchecked(x))
    }

    pub(crate) fn forward_unchecked(&self, x: &Array2<f64>) -> Forward {
        let Pass { z, a: after } = self.pass(x);
        let mut a = vec![x.clone()];
        a.extend(after);
        Forward { z, a }
    }

    /// The forward pass without a copy of X: Z⁽ˡ⁾ and A⁽ˡ⁾ for l = 1 … L.
    pub(crate) fn pass(&self, x: &Array2<f64>) -> Pass {
        let last = self.weights.len() - 1;
        let mut z: Vec<Array2<f64>> = Vec::with_capacity(self.weights.len());
        let mut a: Vec<Array2<f64>> = Vec::with_capacity(self.weights.len());
        for (l, (w, b)) in self.weights.iter().zip(&self.biases).enumerate() {
            let input = if l == 0 { x } else { &a[l - 1] };
            // Z = A Wᵀ + 1bᵀ: start from the broadcast biases and add the product in place
            let mut zl = Array2::from_shape_fn((input.nrows(), w.nrows()), |(_, j)| b[j]);
            general_mat_mul(1.0, input, &w.t(), 1.0, &mut zl);
            let al = if l == last {
                self.output.apply(&zl)
            } else {
                self.hidden.apply(&zl)
            };
            z.push(zl);
            a.push(al);
        }
        Pass { z, a }
    }

    /// Output probabilities, n × K (K = 1 for a sigmoid output: P(y = 1)).
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        Ok(self.forward(x)?.a.pop().expect("at least one layer"))
    }

    /// P(y = 1 | x) of a binary (sigmoid-output) network, as a vector.
    pub fn predict_scores(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        if self.output != Output::Sigmoid {
            return Err(Error::invalid(
                "output",
                "softmax",
                "predict_scores needs a sigmoid output; use predict_proba",
            ));
        }
        Ok(self.predict_proba(x)?.column(0).to_owned())
    }

    /// Predicted labels: 1 where P(y = 1) ≥ 0.5 (sigmoid), or the most probable class (softmax).
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        let p = self.predict_proba(x)?;
        Ok(match self.output {
            Output::Sigmoid => p.column(0).mapv(|p| if p >= 0.5 { 1.0 } else { 0.0 }),
            Output::Softmax { .. } => p
                .outer_iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .fold((0, f64::NEG_INFINITY), |(bk, bv), (k, &v)| {
                            if v > bv {
                                (k, v)
                            } else {
                                (bk, bv)
                            }
                        })
                        .0 as f64
                })
                .collect(),
        })
    }

    /// J(W, b) on (x, y) with penalty λ.
    pub fn loss(&self, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<f64> {
        let targets = self.check_data(x, y, "Network::loss")?;
        Ok(self.loss_unchecked(x, &targets, l2))
    }

    pub(crate) fn loss_unchecked(&self, x: &Array2<f64>, targets: &Array2<f64>, l2: f64) -> f64 {
        self.loss_from_pass(&self.pass(x), targets, l2)
    }

    pub(crate) fn loss_from_pass(&self, f: &Pass, targets: &Array2<f64>, l2: f64) -> f64 {
        let n = targets.nrows() as f64;
        let data = self
            .output
            .total_loss(f.z.last().expect("a layer"), targets);
        let penalty: f64 = self
            .weights
            .iter()
            .map(|w| w.iter().map(|v| v * v).sum::<f64>())
            .sum();
        (data + 0.5 * l2 * penalty) / n
    }

    /// ∂J/∂W⁽ˡ⁾ and ∂J/∂b⁽ˡ⁾ by backpropagation.
    pub fn gradients(&self, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<Gradients> {
        let targets = self.check_data(x, y, "Network::gradients")?;
        Ok(self.backward(x, &self.pass(x), &targets, l2))
    }

    /// The δ recurrence (see the module documentation), from the forward pass `f` on `x`.
    pub(crate) fn backward(
        &self,
        x: &Array2<f64>,
        f: &Pass,
        targets: &Array2<f64>,
        l2: f64,
    ) -> Gradients {
        let n = targets.nrows() as f64;
        let depth = self.weights.len();
        let mut dw = vec![Array2::zeros((0, 0)); depth];
        let mut db = vec![Array1::zeros(0); depth];
        let mut delta = (&f.a[depth - 1] - targets) / n; // δ⁽ᴸ⁾ = (A⁽ᴸ⁾ − Y)/n
        for l in (0..depth).rev() {
            // layer l + 1 in the 1-based notation; its input A⁽ˡ⁾ is X for the first layer
            let input = if l == 0 { x } else { &f.a[l - 1] };
            let mut g = delta.t().dot(input);
            if l2 != 0.0 {
                g.scaled_add(l2 / n, &self.weights[l]);
            }
            dw[l] = g;
            db[l] = column_sums(&delta); // 1ᵀδ
            if l > 0 {
                // δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾)
                delta = delta.dot(&self.weights[l]);
                self.hidden
                    .scale_by_derivative(&mut delta, &f.z[l - 1], &f.a[l - 1]);
            }
        }
        Gradients {
            weights: dw,
            biases: db,
        }
    }

    /// Check x's width and finiteness.
    fn check_input(&self, x: &Array2<f64>, context: &str) -> Result<()> {
        if x.ncols() != self.n_inputs() {
            return Err(Error::shape(
                context,
                format!(
                    "{} input columns (the network's input width)",
                    self.n_inputs()
                ),
                format!("{} columns", x.ncols()),
            ));
        }
        check_finite_matrix(x.view(), context)
    }

    /// Check (x, y) and turn the labels into the target matrix Y (n × K): the 0/1 column for a
    /// sigmoid output, one-hot rows for softmax.
    pub(crate) fn check_data(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        context: &str,
    ) -> Result<Array2<f64>> {
        self.check_input(x, context)?;
        if y.len() != x.nrows() {
            return Err(Error::shape(
                context,
                format!("y of length {} (the rows of x)", x.nrows()),
                format!("y of length {}", y.len()),
            ));
        }
        let k = self.output.width();
        let valid = |v: f64| match self.output {
            Output::Sigmoid => v == 0.0 || v == 1.0,
            Output::Softmax { classes } => v >= 0.0 && v < classes as f64 && v.fract() == 0.0,
        };
        if let Some((i, &v)) = y.indexed_iter().find(|(_, &v)| !valid(v)) {
            let context = context.to_string();
            return Err(match self.output {
                Output::Sigmoid => Error::InvalidLabels {
                    context,
                    position: i,
                    value: v,
                },
                Output::Softmax { classes } => Error::InvalidClassLabel {
                    context,
                    position: i,
                    value: v,
                    classes,
                    max: classes - 1,
                },
            });
        }
        Ok(match self.output {
            Output::Sigmoid => y.clone().insert_axis(Axis(1)),
            Output::Softmax { .. } => {
                let mut t = Array2::zeros((y.len(), k));
                for (i, &v) in y.iter().enumerate() {
                    t[[i, v as usize]] = 1.0;
                }
                t
            }
        })
    }
}

/// 1ᵀM: the column sums of M, accumulated row by row (rows are contiguous).
fn column_sums(m: &Array2<f64>) -> Array1<f64> {
    let mut sums = Array1::zeros(m.ncols());
    for row in m.rows() {
        sums += &row;
    }
    sums
}
