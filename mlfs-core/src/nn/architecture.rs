//! The shape of a network — widths n₀ … n_L, activations — and the layout of its parameters
//! in one flat vector θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾] (each W row-major).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::{Activation, Output};
use crate::error::{Error, Result};

/// The shape of a network: widths n₀ … n_L, the hidden activation and the output layer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Architecture {
    pub widths: Vec<usize>,
    pub hidden: Activation,
    pub output: Output,
}

impl Architecture {
    /// Number of layers L (hidden layers + the output layer).
    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }
    /// Where W⁽ˡ⁾ starts in θ, where b⁽ˡ⁾ starts, and where it ends (l = 1 … L).
    pub fn offsets(&self, l: usize) -> (usize, usize, usize) {
        let start: usize = (1..l)
            .map(|k| self.widths[k] * (self.widths[k - 1] + 1))
            .sum();
        let b0 = start + self.widths[l] * self.widths[l - 1];
        (start, b0, b0 + self.widths[l])
    }
    /// W⁽ˡ⁾ as a view into θ.
    pub fn w<'a>(&self, theta: ArrayView1<'a, f64>, l: usize) -> ArrayView2<'a, f64> {
        let (w0, b0, _) = self.offsets(l);
        let shape = (self.widths[l], self.widths[l - 1]);
        let flat = theta.slice_move(ndarray::s![w0..b0]);
        flat.into_shape_with_order(shape)
            .expect("θ is contiguous and the layout fixed")
    }
    /// b⁽ˡ⁾ as a view into θ.
    pub fn b<'a>(&self, theta: ArrayView1<'a, f64>, l: usize) -> ArrayView1<'a, f64> {
        let (_, b0, b1) = self.offsets(l);
        theta.slice_move(ndarray::s![b0..b1])
    }
    /// Error unless 1 ≤ l ≤ L.
    pub(super) fn layer(&self, l: usize) -> Result<usize> {
        if (1..=self.depth()).contains(&l) {
            Ok(l)
        } else {
            let advice = format!("layers are numbered 1 … {} (L)", self.depth());
            Err(Error::invalid("layer", l, &advice))
        }
    }
}

/// Check (for the public function `context`) that per-layer arrays chain (W⁽ˡ⁾ is n_l × n_{l−1}, b⁽ˡ⁾ has n_l entries, the output
/// width fits `output`) and lay them out as one flat θ.
pub(super) fn flatten(
    hidden: Activation,
    output: Output,
    weights: &[Array2<f64>],
    biases: &[Array1<f64>],
    context: &str,
) -> Result<(Architecture, Array1<f64>)> {
    if weights.is_empty() || weights.len() != biases.len() {
        return Err(Error::shape(
            context,
            "one bias vector per weight matrix, at least one layer",
            format!(
                "{} weight matrices, {} bias vectors",
                weights.len(),
                biases.len()
            ),
        ));
    }
    let mut widths = vec![weights[0].ncols()];
    for (l, (w, b)) in weights.iter().zip(biases).enumerate() {
        let expected = (w.nrows(), widths[l]);
        if w.ncols() != widths[l] || b.len() != w.nrows() || w.nrows() == 0 || w.ncols() == 0 {
            return Err(Error::shape(
                context,
                format!(
                    "layer {}: W of shape {expected:?} and b of length {}",
                    l + 1,
                    expected.0
                ),
                format!("W of shape {:?} and b of length {}", w.dim(), b.len()),
            ));
        }
        widths.push(w.nrows());
    }
    let arch = Architecture {
        widths,
        hidden,
        output,
    };
    let flat: Array1<f64> = weights
        .iter()
        .zip(biases)
        .flat_map(|(w, b)| w.iter().chain(b.iter()).copied().collect::<Vec<_>>())
        .collect();
    Ok((arch, flat))
}

pub(super) fn check_output(output: Output) -> Result<()> {
    match output {
        Output::Softmax { classes } if classes < 2 => Err(Error::invalid(
            "classes",
            classes,
            "softmax needs at least 2 classes",
        )),
        _ => Ok(()),
    }
}
