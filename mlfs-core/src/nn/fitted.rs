//! [`MlpFit`], a trained network with the record of its training, which answers like every other
//! fitted model of the crate, and its [`MlpSummary`].

use std::fmt;

use ndarray::{Array1, Array2};

use super::Network;
use crate::error::Result;
use crate::optim::{History, Status};

/// A fitted multilayer perceptron: the trained [`Network`] and the record of its training.
#[derive(Debug, Clone)]
pub struct MlpFit {
    pub(super) network: Network,
    pub(super) names: Vec<String>,
    pub(super) rule: &'static str,
    pub(super) l2: f64,
    pub(super) status: Status,
    pub(super) n_iter: usize,
    pub(super) history: History,
}

impl MlpFit {
    /// The trained network: its weights, forward pass and gradients.
    pub fn network(&self) -> &Network {
        &self.network
    }
    /// The trained network, by value.
    pub fn into_network(self) -> Network {
        self.network
    }
    /// All parameters θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾] as one vector (see [`Network::params`]).
    pub fn params(&self) -> &Array1<f64> {
        self.network.params()
    }
    /// The feature names, one per input.
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
        self.network.predict_in(x, "MlpFit::predict")
    }
    /// Class probabilities, n × K (see [`Network::predict_proba`]).
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        self.network.predict_proba_in(x, "MlpFit::predict_proba")
    }
    /// One logit per row, for binary networks (see [`Network::decision_function`]).
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.network
            .decision_function_in(x, "MlpFit::decision_function")
    }
    /// Architecture and training record in a few lines. Always `Ok`: the `Result` is the
    /// convention of every fitted model's summary.
    pub fn summary(&self) -> Result<MlpSummary> {
        let h = &self.history;
        let returned = h.returned_epoch(self.status).checked_sub(1);
        Ok(MlpSummary {
            widths: self.network.arch().widths.clone(),
            activation: self.network.activation().name(),
            n_params: self.network.n_params(),
            rule: self.rule,
            l2: self.l2,
            status: self.status,
            n_iter: self.n_iter,
            train_loss: returned.map_or(f64::NAN, |e| h.train_loss[e]),
            validation_loss: returned.and_then(|e| h.validation_loss.get(e).copied()),
        })
    }
}

/// What [`MlpFit::summary`] prints.
#[derive(Debug, Clone, PartialEq)]
pub struct MlpSummary {
    /// n₀, n₁, …, n_L.
    pub widths: Vec<usize>,
    pub activation: &'static str,
    pub n_params: usize,
    pub rule: &'static str,
    /// The L2 penalty λ.
    pub l2: f64,
    pub status: Status,
    pub n_iter: usize,
    /// J (with the penalty) on the training rows at the returned parameters (the best
    /// validation epoch's after early stopping, else the last epoch's).
    pub train_loss: f64,
    /// Validation loss at the returned parameters, if there was a validation set.
    pub validation_loss: Option<f64>,
}

impl fmt::Display for MlpSummary {
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
            "optimiser    {}, {} epochs, {}, λ = {}",
            self.rule, self.n_iter, self.status, self.l2
        )?;
        write!(f, "train J      {:.6}", self.train_loss)?;
        if let Some(v) = self.validation_loss {
            write!(f, "\nvalidation   {v:.6}")?;
        }
        Ok(())
    }
}
