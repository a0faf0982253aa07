//! [`Network`]: built only through constructors that check every shape, then read through
//! accessors.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::rngs::StdRng;
use rand::SeedableRng;

use super::architecture::{check_output, flatten, Architecture};
use super::{Activation, Init, Output};
use crate::check;
use crate::error::{within, Error, Result};

/// A fully connected feed-forward network: its architecture and its parameters θ.
///
/// Built only by [`Network::new`], [`Network::from_layers`] or [`Network::with_params`], which
/// check every shape, so a network that exists can always run its forward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub(super) arch: Architecture,
    pub(super) theta: Array1<f64>,
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
        let widths = (n_inputs, hidden_widths);
        Self::try_new(widths, hidden, output, init, seed).map_err(within("Network::new"))
    }

    /// [`Network::new`], with errors not yet named after it.
    pub(super) fn try_new(
        (n_inputs, hidden_widths): (usize, &[usize]),
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
            let advice = format!(
                "hidden layer {} has width 0; every layer needs at least one unit",
                l + 1
            );
            return Err(Error::invalid(
                "hidden_widths",
                format!("{hidden_widths:?}"),
                &advice,
            ));
        }
        check_output(output)?;
        init.check()?;
        let mut widths = vec![n_inputs];
        widths.extend_from_slice(hidden_widths);
        widths.push(output.width());
        let mut rng = StdRng::seed_from_u64(seed);
        let (weights, biases): (Vec<_>, Vec<_>) = widths
            .windows(2)
            .map(|w| init.draw(w[0], w[1], &mut rng))
            .unzip();
        Network::from_layers(hidden, output, weights, biases)
    }

    /// A network with the given weights W⁽¹⁾ … W⁽ᴸ⁾ and biases b⁽¹⁾ … b⁽ᴸ⁾ (checked: shapes
    /// chain, the last layer fits `output`, every value finite).
    pub fn from_layers(
        hidden: Activation,
        output: Output,
        weights: Vec<Array2<f64>>,
        biases: Vec<Array1<f64>>,
    ) -> Result<Self> {
        const CONTEXT: &str = "Network::from_layers";
        check_output(output).map_err(within(CONTEXT))?;
        let (arch, theta) = flatten(hidden, output, &weights, &biases, CONTEXT)?;
        if arch.widths[arch.depth()] != output.width() {
            return Err(Error::shape(
                CONTEXT,
                format!("{} output units for this output layer", output.width()),
                format!("{} units in the last layer", arch.widths[arch.depth()]),
            ));
        }
        check::finite_vector(theta.view(), CONTEXT)?;
        Ok(Network { arch, theta })
    }

    /// The same architecture with parameters θ (length [`Network::n_params`], finite).
    pub fn with_params(&self, theta: Array1<f64>) -> Result<Self> {
        if theta.len() != self.n_params() {
            return Err(Error::shape(
                "Network::with_params",
                format!("θ of length {} (n_params)", self.n_params()),
                format!("θ of length {}", theta.len()),
            ));
        }
        check::finite_vector(theta.view(), "Network::with_params")?;
        Ok(Network {
            arch: self.arch.clone(),
            theta,
        })
    }

    /// Number of inputs n₀.
    pub fn n_inputs(&self) -> usize {
        self.arch.widths[0]
    }
    /// Widths of the hidden layers.
    pub fn hidden_widths(&self) -> &[usize] {
        &self.arch.widths[1..self.arch.depth()]
    }
    /// Number of layers L (hidden layers and the output layer).
    pub fn depth(&self) -> usize {
        self.arch.depth()
    }
    /// The hidden activation.
    pub fn activation(&self) -> Activation {
        self.arch.hidden
    }
    /// The output layer.
    pub fn output(&self) -> Output {
        self.arch.output
    }
    /// Number of trainable parameters Σ_l n_l (n_{l−1} + 1).
    pub fn n_params(&self) -> usize {
        self.theta.len()
    }
    /// All parameters θ as one vector.
    pub fn params(&self) -> &Array1<f64> {
        &self.theta
    }
    /// W⁽ˡ⁾ (n_l × n_{l−1}), l = 1 … L.
    pub fn weights(&self, l: usize) -> Result<ArrayView2<'_, f64>> {
        let l = self.arch.layer(l).map_err(within("Network::weights"))?;
        Ok(self.arch.w(self.theta.view(), l))
    }
    /// b⁽ˡ⁾ (n_l), l = 1 … L.
    pub fn biases(&self, l: usize) -> Result<ArrayView1<'_, f64>> {
        let l = self.arch.layer(l).map_err(within("Network::biases"))?;
        Ok(self.arch.b(self.theta.view(), l))
    }

    pub(crate) fn arch(&self) -> &Architecture {
        &self.arch
    }
}
