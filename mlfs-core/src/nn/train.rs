//! Training a [`Network`] with the shared optimisers of [`crate::optim`] — the same gradient
//! descent, momentum, Nesterov and Adam that fit Part 2's logistic regression — and the trained
//! network, [`Trained`], which answers like every other fitted model of the crate.
//!
//! A full batch reuses one `Workspace` (input, Z⁽ˡ⁾, A⁽ˡ⁾, Δ⁽ˡ⁾) for every iteration; a
//! mini-batch gathers its rows into a second one. On a batch B the penalty's share is |B|/n,
//! which makes its gradient (λ/n)W whatever the batch size.

use std::fmt;

use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1};

use super::architecture::Architecture;
use super::backprop::Forward;
use super::backprop::{self, Workspace};
use super::network::Network;
use crate::check;
use crate::error::{within, Result};
use crate::optim::{self, History, Objective, Status, Training};

/// The context of every error of [`Network::train`].
const TRAIN: &str = "Network::train";

/// J and ∇J of a network's architecture on training rows, for [`optim::minimise`].
struct NetworkObjective<'a> {
    arch: &'a Architecture,
    x: &'a Array2<f64>,
    targets: Array2<f64>,
    l2_over_n: f64,
    full: Workspace,
    batch: Option<(Workspace, Array2<f64>)>,
    validation: Option<(Forward, Array2<f64>)>,
}

impl Objective for NetworkObjective<'_> {
    fn context(&self) -> &'static str {
        TRAIN
    }

    fn n_rows(&self) -> usize {
        self.x.nrows()
    }

    fn loss_and_gradient(
        &mut self,
        theta: ArrayView1<f64>,
        batch: Option<&[usize]>,
        grad: ArrayViewMut1<f64>,
    ) -> f64 {
        let (arch, l2n) = (self.arch, self.l2_over_n);
        match batch {
            None => self
                .full
                .loss_and_gradient(arch, theta, self.targets.view(), l2n, grad),
            Some(rows) => {
                let (ws, tb) = self.batch.get_or_insert_with(|| {
                    let empty = Array2::zeros((0, arch.widths[0]));
                    (Workspace::new(empty, arch), Array2::zeros((0, 0)))
                });
                ws.gather(self.x.view(), rows, arch);
                *tb = self.targets.select(ndarray::Axis(0), rows);
                ws.loss_and_gradient(arch, theta, tb.view(), l2n, grad)
            }
        }
    }

    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
        let (f, tv) = self.validation.as_mut()?;
        backprop::forward(self.arch, theta, f);
        Some(backprop::loss(self.arch, theta, f, tv.view(), 0.0))
    }
}

impl Network {
    /// Train from the current parameters with `training` on (x, y); `validation` (rows not
    /// used for training, never the test set) feeds the validation history and early stopping,
    /// whose best parameters are restored.
    pub fn train(
        self,
        training: &Training,
        x: &Array2<f64>,
        y: &Array1<f64>,
        validation: Option<(&Array2<f64>, &Array1<f64>)>,
    ) -> Result<Trained> {
        let targets = self.check_data(x, y, TRAIN)?;
        training
            .validate(x.nrows(), validation.is_some())
            .map_err(within(TRAIN))?;
        let names = check::feature_names(None, x.ncols(), TRAIN)?;
        let validation = match validation {
            Some((xv, yv)) => {
                let tv = self.check_data(xv, yv, "Network::train (validation set)")?;
                Some((Forward::for_input(xv.clone(), self.arch()), tv))
            }
            None => None,
        };
        let arch = self.arch().clone();
        let mut objective = NetworkObjective {
            arch: &arch,
            x,
            targets,
            l2_over_n: training.l2 / x.nrows() as f64,
            full: Workspace::new(x.clone(), &arch),
            batch: None,
            validation,
        };
        let outcome = optim::minimise(&mut objective, self.params().to_owned(), training)?;
        Ok(Trained {
            network: self.with_params(outcome.theta).map_err(within(TRAIN))?,
            names,
            rule: training.rule.name(),
            status: outcome.status,
            n_iter: outcome.n_iter,
            history: outcome.history,
        })
    }
}

/// A trained network with the record of its training.
#[derive(Debug, Clone)]
pub struct Trained {
    network: Network,
    names: Vec<String>,
    rule: &'static str,
    status: Status,
    n_iter: usize,
    history: History,
}

impl Trained {
    /// The trained network (its parameters, forward pass and gradients).
    pub fn network(&self) -> &Network {
        &self.network
    }
    /// The trained network, by value.
    pub fn into_network(self) -> Network {
        self.network
    }
    /// Feature names x1, x2, … (one per input).
    pub fn feature_names(&self) -> &[String] {
        &self.names
    }
    /// Why training ended.
    pub fn status(&self) -> Status {
        self.status
    }
    /// True when max|∇J| fell below the tolerance.
    pub fn converged(&self) -> bool {
        self.status == Status::Converged
    }
    /// Epochs run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }
    /// Loss after every epoch.
    pub fn history(&self) -> &History {
        &self.history
    }
    /// Predicted labels (see [`Network::predict`]).
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.network.predict_in(x, "Trained::predict")
    }
    /// Class probabilities, n × K (see [`Network::predict_proba`]).
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        self.network.predict_proba_in(x, "Trained::predict_proba")
    }
    /// One logit per row, for binary networks (see [`Network::decision_function`]).
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.network
            .decision_function_in(x, "Trained::decision_function")
    }
    /// Architecture and training record in a few lines.
    pub fn summary(&self) -> Summary {
        let h = &self.history;
        Summary {
            widths: self.network.arch().widths.clone(),
            activation: self.network.activation().name(),
            n_params: self.network.n_params(),
            rule: self.rule,
            status: self.status,
            n_iter: self.n_iter,
            train_loss: h.train_loss.last().copied().unwrap_or(f64::NAN),
            validation_loss: h.validation_loss.last().copied(),
        }
    }
}

/// What [`Trained::summary`] prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// n₀, n₁, …, n_L.
    pub widths: Vec<usize>,
    pub activation: &'static str,
    pub n_params: usize,
    pub rule: &'static str,
    pub status: Status,
    pub n_iter: usize,
    /// J on the training rows after the last epoch.
    pub train_loss: f64,
    /// Validation loss after the last epoch, if any.
    pub validation_loss: Option<f64>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<String> = self.widths.iter().map(|w| w.to_string()).collect();
        writeln!(
            f,
            "network      {} ({} hidden units)",
            widths.join(" → "),
            self.activation
        )?;
        writeln!(f, "parameters   {}", self.n_params)?;
        writeln!(
            f,
            "optimiser    {}, {} epochs, {:?}",
            self.rule, self.n_iter, self.status
        )?;
        write!(f, "train J      {:.6}", self.train_loss)?;
        if let Some(v) = self.validation_loss {
            write!(f, "\nvalidation   {v:.6}")?;
        }
        Ok(())
    }
}
