//! The forward pass and what it answers: logits, decision scores, class probabilities, labels.

use ndarray::{Array1, Array2};

use super::backprop::{self, Forward};
use super::{Network, Output};
use crate::check;
use crate::error::{Error, Result};

impl Network {
    /// The forward pass, keeping every Z⁽ˡ⁾ and A⁽ˡ⁾.
    pub fn forward(&self, x: &Array2<f64>) -> Result<Forward> {
        self.forward_in(x, "Network::forward")
    }

    /// The output layer's pre-activations Z⁽ᴸ⁾, n × (output width).
    pub fn logits(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        self.logits_in(x, "Network::logits")
    }

    /// The decision scores of a binary (sigmoid-output) network: the logit z⁽ᴸ⁾ of each row.
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.decision_function_in(x, "Network::decision_function")
    }

    /// Class probabilities, n × K, one column per class: [1 − p, p] for a sigmoid output
    /// (p = P(y = 1)), the softmax for K classes.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        self.predict_proba_in(x, "Network::predict_proba")
    }

    /// Predicted labels: 1 where P(y = 1) ≥ ½ (sigmoid), or the most probable class (softmax).
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        self.predict_in(x, "Network::predict")
    }

    // The same, for the public function `context` (a method of Network or of MlpFit).

    pub(super) fn forward_in(&self, x: &Array2<f64>, context: &str) -> Result<Forward> {
        self.check_input(x, context)?;
        let mut f = Forward::for_input(x.clone(), &self.arch);
        backprop::forward(&self.arch, self.theta.view(), &mut f);
        Ok(f)
    }

    fn logits_in(&self, x: &Array2<f64>, context: &str) -> Result<Array2<f64>> {
        let mut f = self.forward_in(x, context)?;
        Ok(f.z.pop().expect("at least one layer"))
    }

    pub(super) fn decision_function_in(
        &self,
        x: &Array2<f64>,
        context: &str,
    ) -> Result<Array1<f64>> {
        if let Output::Softmax { .. } = self.arch.output {
            return Err(Error::invalid(
                "output",
                "softmax",
                "decision_function gives one score per row, for binary (sigmoid) networks; \
                 use logits or predict_proba for K classes",
            )
            .within(context));
        }
        Ok(self.logits_in(x, context)?.column(0).to_owned())
    }

    pub(super) fn predict_proba_in(&self, x: &Array2<f64>, context: &str) -> Result<Array2<f64>> {
        let mut f = self.forward_in(x, context)?;
        let a = f.a.pop().expect("at least one layer");
        Ok(match self.arch.output {
            Output::Sigmoid => crate::logistic::binary_proba(a.column(0).to_owned()),
            Output::Softmax { .. } => a,
        })
    }

    pub(super) fn predict_in(&self, x: &Array2<f64>, context: &str) -> Result<Array1<f64>> {
        let p = self.predict_proba_in(x, context)?;
        Ok(match self.arch.output {
            Output::Sigmoid => p.column(1).mapv(|p| if p >= 0.5 { 1.0 } else { 0.0 }),
            Output::Softmax { .. } => argmax_rows(&p),
        })
    }

    /// Check x's width and finiteness.
    pub(super) fn check_input(&self, x: &Array2<f64>, context: &str) -> Result<()> {
        check::finite_matrix(x.view(), context)?;
        check::columns(x.view(), self.n_inputs(), context)
    }
}

/// The column of each row's largest entry (the first, on ties), as a class number.
fn argmax_rows(p: &Array2<f64>) -> Array1<f64> {
    p.outer_iter()
        .map(|row| {
            let mut best = 0;
            for (k, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = k;
                }
            }
            best as f64
        })
        .collect()
}
