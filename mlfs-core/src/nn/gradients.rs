//! J(θ) and ∂J/∂θ of a network on labelled rows, by backpropagation ([`super::backprop`]).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::architecture::{flatten, Architecture};
use super::backprop;
use super::backprop::Forward;
use super::{Activation, Network, Output};
use crate::check;
use crate::error::{within, Result};
use crate::optim;

/// ∂J/∂θ in the layout of θ, read per layer through [`Gradients::weights`] and
/// [`Gradients::biases`].
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    arch: Architecture,
    flat: Array1<f64>,
}

impl Gradients {
    /// Gradients from per-layer arrays (∂J/∂W⁽¹⁾ … and ∂J/∂b⁽¹⁾ …), e.g. computed by hand.
    pub fn from_layers(weights: Vec<Array2<f64>>, biases: Vec<Array1<f64>>) -> Result<Self> {
        let (hidden, output) = (Activation::Sigmoid, Output::Sigmoid);
        let (arch, flat) = flatten(hidden, output, &weights, &biases, "Gradients::from_layers")?;
        Ok(Gradients { arch, flat })
    }
    /// ∂J/∂W⁽ˡ⁾, l = 1 … L.
    pub fn weights(&self, l: usize) -> Result<ArrayView2<'_, f64>> {
        let l = self.arch.layer(l).map_err(within("Gradients::weights"))?;
        Ok(self.arch.w(self.flat.view(), l))
    }
    /// ∂J/∂b⁽ˡ⁾, l = 1 … L.
    pub fn biases(&self, l: usize) -> Result<ArrayView1<'_, f64>> {
        let l = self.arch.layer(l).map_err(within("Gradients::biases"))?;
        Ok(self.arch.b(self.flat.view(), l))
    }
    /// All partial derivatives in the layout of θ.
    pub fn as_flat(&self) -> ArrayView1<'_, f64> {
        self.flat.view()
    }
    pub(crate) fn widths(&self) -> &[usize] {
        &self.arch.widths
    }
}

impl Network {
    /// J(θ) on (x, y) with penalty λ.
    pub fn loss(&self, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<f64> {
        let targets = self.check_data(x, y, "Network::loss")?;
        optim::check_l2(l2).map_err(within("Network::loss"))?;
        let mut f = Forward::for_input(x.clone(), &self.arch);
        backprop::forward(&self.arch, self.theta.view(), &mut f);
        Ok(backprop::loss(
            &self.arch,
            self.theta.view(),
            &f,
            targets.view(),
            l2 / x.nrows() as f64,
        ))
    }

    /// ∂J/∂W⁽ˡ⁾ and ∂J/∂b⁽ˡ⁾ by backpropagation.
    pub fn gradients(&self, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<Gradients> {
        let targets = self.check_data(x, y, "Network::gradients")?;
        optim::check_l2(l2).map_err(within("Network::gradients"))?;
        let mut ws = backprop::Workspace::new(x.clone(), &self.arch);
        let mut flat = Array1::zeros(self.n_params());
        let l2n = l2 / x.nrows() as f64;
        ws.loss_and_gradient(
            &self.arch,
            self.theta.view(),
            targets.view(),
            l2n,
            flat.view_mut(),
        );
        Ok(Gradients {
            arch: self.arch.clone(),
            flat,
        })
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
        check::rows_match(x.view(), y.view(), context)?;
        check::finite_vector(y.view(), context)?;
        match self.arch.output {
            Output::Sigmoid => {
                check::binary_labels(y.view(), context)?;
                Ok(y.clone().insert_axis(Axis(1)))
            }
            Output::Softmax { classes } => {
                check::class_labels(y.view(), classes, context)?;
                let mut t = Array2::zeros((y.len(), classes));
                for (i, &v) in y.iter().enumerate() {
                    t[[i, v as usize]] = 1.0;
                }
                Ok(t)
            }
        }
    }
}
