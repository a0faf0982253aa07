//! [`Mlp`]: the settings of a multilayer perceptron — hidden layers, activations, initial
//! weights, L2 penalty λ and [`Training`] — and [`Mlp::fit`], which draws the initial network,
//! trains it with the shared optimisers of [`crate::optim`] and returns the fitted model
//! [`MlpFit`].

use ndarray::{Array1, Array2};

use super::train;
use super::{Activation, Init, MlpFit, Network, Output};
use crate::check;
use crate::error::{within, Result};
use crate::optim::{self, Training};

/// The context of every error of [`Mlp::fit`].
const FIT: &str = "Mlp::fit";

/// Settings of a multilayer perceptron. Build with [`Mlp::new`], adjust with the builder
/// methods, then [`Mlp::fit`].
///
/// ```
/// use mlfs_core::ndarray::array;
/// use mlfs_core::nn::{Activation, Init, Mlp};
/// use mlfs_core::optim::{Rule, Training};
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let y = array![0.0, 1.0, 1.0, 0.0]; // XOR
/// let fit = Mlp::new(&[4], Training::new(Rule::adam(0.05), 1000))
///     .activation(Activation::Tanh)
///     .init(Init::Glorot)
///     .seed(1)
///     .fit(&x, &y, None)?;
/// assert_eq!(fit.predict(&x)?, y);
/// # Ok::<(), mlfs_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    /// Widths n₁ … n_{L−1} of the hidden layers (none: logistic or softmax regression).
    pub hidden_widths: Vec<usize>,
    /// The activation of every hidden layer (default sigmoid).
    pub activation: Activation,
    /// The output layer and its loss (default one sigmoid unit, labels 0/1).
    pub output: Output,
    /// How the initial weights are drawn (default Glorot).
    pub init: Init,
    /// Seed of the initial weights' draw (default 0; the mini-batch shuffles have their own,
    /// [`Training::seed`]).
    pub seed: u64,
    /// L2 penalty λ on the weights (never on the biases); 0 for none.
    pub l2: f64,
    /// The optimiser, its step size, batches, epochs, tolerance and early stopping.
    pub training: Training,
    /// Names of the feature columns (default x1, x2, …).
    pub feature_names: Option<Vec<String>>,
}

impl Mlp {
    /// A network with hidden layers of the given widths (possibly none), trained by `training`;
    /// sigmoid units and output, Glorot weights drawn with seed 0, no penalty.
    pub fn new(hidden_widths: &[usize], training: Training) -> Self {
        Mlp {
            hidden_widths: hidden_widths.to_vec(),
            activation: Activation::Sigmoid,
            output: Output::Sigmoid,
            init: Init::Glorot,
            seed: 0,
            l2: 0.0,
            training,
            feature_names: None,
        }
    }
    /// The activation of the hidden layers.
    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }
    /// The output layer (one sigmoid unit, or softmax over K classes).
    pub fn output(mut self, output: Output) -> Self {
        self.output = output;
        self
    }
    /// How to draw the initial weights.
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }
    /// Seed of the initial weights' draw.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// The L2 penalty λ.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }
    /// The optimiser settings.
    pub fn training(mut self, training: Training) -> Self {
        self.training = training;
        self
    }
    /// Name the feature columns.
    pub fn with_names(mut self, names: &[impl AsRef<str>]) -> Self {
        self.feature_names = Some(names.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }

    /// The network [`Mlp::fit`] starts from for `n_inputs` features: weights drawn by `init`
    /// with `seed`.
    pub fn initial_network(&self, n_inputs: usize) -> Result<Network> {
        self.draw(n_inputs).map_err(within("Mlp::initial_network"))
    }

    fn draw(&self, n_inputs: usize) -> Result<Network> {
        let widths = (n_inputs, self.hidden_widths.as_slice());
        Network::try_new(widths, self.activation, self.output, self.init, self.seed)
    }

    /// Train on (x, y) — labels 0/1 for a sigmoid output, 0 … K − 1 for softmax — from the
    /// initial network; `validation` (rows not used for training, and never the test set) feeds
    /// the validation history and early stopping, whose best parameters are restored.
    pub fn fit(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<MlpFit> {
        self.try_fit(x, y, validation).map_err(within(FIT))
    }

    /// [`Mlp::fit`], with errors not yet named after it.
    fn try_fit(
        &self,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<MlpFit> {
        check::finite_matrix(x.view(), FIT)?;
        let start = self.draw(x.ncols())?;
        let targets = start.check_data(x, y, FIT)?;
        optim::check_l2(self.l2)?;
        self.training.validate(x.nrows(), validation.is_some())?;
        let names = check::feature_names(self.feature_names.as_deref(), x.ncols(), FIT)?;
        let validation = match validation {
            Some((xv, yv)) => Some((xv, start.check_data(xv, yv, "Mlp::fit (validation set)")?)),
            None => None,
        };
        let outcome = train::train(&start, x, targets, validation, self.l2, &self.training)?;
        Ok(MlpFit {
            network: start.with_params(outcome.theta)?,
            names,
            rule: self.training.rule.name(),
            l2: self.l2,
            status: outcome.status,
            n_iter: outcome.n_iter,
            history: outcome.history,
        })
    }
}
