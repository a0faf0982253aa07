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
//! backward pass is the δ recurrence, Δ⁽ˡ⁾ = ∂J/∂Z⁽ˡ⁾:
//!
//! ```text
//!     Δ⁽ᴸ⁾ = (A⁽ᴸ⁾ − Y) / n                                  (fused output gradient)
//!     Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾)                      (l = L−1 … 1)
//!     ∂J/∂W⁽ˡ⁾ = Δ⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + (λ/n) W⁽ˡ⁾,    ∂J/∂b⁽ˡ⁾ = 1ᵀ Δ⁽ˡ⁾
//! ```
//!
//! With no hidden layers and a sigmoid output this is exactly logistic regression (Part 2).
//! Training ([`Network::train`]) hands J and ∇J to the same optimisers Part 2 uses
//! ([`crate::optim`]); the parameters are one flat vector θ = [W⁽¹⁾, b⁽¹⁾, …, W⁽ᴸ⁾, b⁽ᴸ⁾]
//! (each W row-major), read through [`Network::weights`] and [`Network::biases`].

pub mod activation;
mod backprop;
pub mod gradient_check;
pub mod init;
pub mod train;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::check;
use crate::error::{Error, Result};
pub use activation::{softmax, Activation, Output};
pub use gradient_check::{check_gradients, gradient_check, rows_away_from_kinks};
pub use init::Init;
pub use train::{Summary, Trained};

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
    fn layer(&self, l: usize) -> Result<usize> {
        if (1..=self.depth()).contains(&l) {
            Ok(l)
        } else {
            let advice = format!("layers are numbered 1 … {} (L)", self.depth());
            Err(Error::invalid("layer", l, &advice))
        }
    }
}

/// A fully connected feed-forward network: its architecture and its parameters θ.
///
/// Built only by [`Network::new`], [`Network::from_layers`] or [`Network::with_params`], which
/// check every shape, so a network that exists can always run its forward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    arch: Architecture,
    theta: Array1<f64>,
}

/// Everything the forward pass computes, indexed as in the notation: `a[l]` = A⁽ˡ⁾ for
/// l = 0 … L (A⁽⁰⁾ = X) and `z[l]` = Z⁽ˡ⁾ for l = 1 … L (`z[0]` is an empty placeholder).
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    pub z: Vec<Array2<f64>>,
    pub a: Vec<Array2<f64>>,
}

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
        let (arch, flat) = flatten(Activation::Sigmoid, Output::Sigmoid, &weights, &biases)?;
        Ok(Gradients { arch, flat })
    }
    /// ∂J/∂W⁽ˡ⁾, l = 1 … L.
    pub fn weights(&self, l: usize) -> Result<ArrayView2<'_, f64>> {
        Ok(self.arch.w(self.flat.view(), self.arch.layer(l)?))
    }
    /// ∂J/∂b⁽ˡ⁾, l = 1 … L.
    pub fn biases(&self, l: usize) -> Result<ArrayView1<'_, f64>> {
        Ok(self.arch.b(self.flat.view(), self.arch.layer(l)?))
    }
    /// All partial derivatives in the layout of θ.
    pub fn as_flat(&self) -> ArrayView1<'_, f64> {
        self.flat.view()
    }
    pub(crate) fn widths(&self) -> &[usize] {
        &self.arch.widths
    }
}

/// Check that per-layer arrays chain (W⁽ˡ⁾ is n_l × n_{l−1}, b⁽ˡ⁾ has n_l entries, the output
/// width fits `output`) and lay them out as one flat θ.
fn flatten(
    hidden: Activation,
    output: Output,
    weights: &[Array2<f64>],
    biases: &[Array1<f64>],
) -> Result<(Architecture, Array1<f64>)> {
    const CONTEXT: &str = "Network::from_layers";
    if weights.is_empty() || weights.len() != biases.len() {
        return Err(Error::shape(
            CONTEXT,
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
                CONTEXT,
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
        check_output(output)?;
        let (arch, theta) = flatten(hidden, output, &weights, &biases)?;
        if arch.widths[arch.depth()] != output.width() {
            return Err(Error::shape(
                "Network::from_layers",
                format!("{} output units for this output layer", output.width()),
                format!("{} units in the last layer", arch.widths[arch.depth()]),
            ));
        }
        check::finite_vector(theta.view(), "Network::from_layers")?;
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
    pub fn params(&self) -> ArrayView1<'_, f64> {
        self.theta.view()
    }
    /// W⁽ˡ⁾ (n_l × n_{l−1}), l = 1 … L.
    pub fn weights(&self, l: usize) -> Result<ArrayView2<'_, f64>> {
        Ok(self.arch.w(self.theta.view(), self.arch.layer(l)?))
    }
    /// b⁽ˡ⁾ (n_l), l = 1 … L.
    pub fn biases(&self, l: usize) -> Result<ArrayView1<'_, f64>> {
        Ok(self.arch.b(self.theta.view(), self.arch.layer(l)?))
    }

    /// The forward pass, keeping every Z⁽ˡ⁾ and A⁽ˡ⁾.
    pub fn forward(&self, x: &Array2<f64>) -> Result<Forward> {
        self.check_input(x, "Network::forward")?;
        let mut f = Forward::for_input(x.clone(), &self.arch);
        backprop::forward(&self.arch, self.theta.view(), &mut f);
        Ok(f)
    }

    /// The output layer's pre-activations Z⁽ᴸ⁾, n × (output width).
    pub fn logits(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let mut f = self.forward(x)?;
        Ok(f.z.pop().expect("at least one layer"))
    }

    /// The decision scores of a binary (sigmoid-output) network: the logit z⁽ᴸ⁾ of each row.
    pub fn decision_function(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        if let Output::Softmax { .. } = self.arch.output {
            return Err(Error::invalid(
                "output",
                "softmax",
                "decision_function gives one score per row, for binary (sigmoid) networks; \
                 use logits or predict_proba for K classes",
            ));
        }
        Ok(self.logits(x)?.column(0).to_owned())
    }

    /// Class probabilities, n × K, one column per class: [1 − p, p] for a sigmoid output
    /// (p = P(y = 1)), the softmax for K classes.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Result<Array2<f64>> {
        let mut f = self.forward(x)?;
        let a = f.a.pop().expect("at least one layer");
        Ok(match self.arch.output {
            Output::Sigmoid => crate::logistic::binary_proba(a.column(0).to_owned()),
            Output::Softmax { .. } => a,
        })
    }

    /// Predicted labels: 1 where P(y = 1) ≥ ½ (sigmoid), or the most probable class (softmax).
    pub fn predict(&self, x: &Array2<f64>) -> Result<Array1<f64>> {
        let p = self.predict_proba(x)?;
        Ok(match self.arch.output {
            Output::Sigmoid => p.column(1).mapv(|p| if p >= 0.5 { 1.0 } else { 0.0 }),
            Output::Softmax { .. } => argmax_rows(&p),
        })
    }

    /// J(θ) on (x, y) with penalty λ.
    pub fn loss(&self, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<f64> {
        let targets = self.check_data(x, y, "Network::loss")?;
        check_l2(l2)?;
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
        check_l2(l2)?;
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

    pub(crate) fn arch(&self) -> &Architecture {
        &self.arch
    }

    /// Check x's width and finiteness.
    fn check_input(&self, x: &Array2<f64>, context: &str) -> Result<()> {
        check::finite_matrix(x.view(), context)?;
        check::columns(x.view(), self.n_inputs(), context)
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

impl Forward {
    /// Buffers for the forward pass of `x` through a network of this architecture.
    pub(crate) fn for_input(x: Array2<f64>, arch: &Architecture) -> Self {
        let n = x.nrows();
        let mut z = vec![Array2::zeros((0, 0))];
        let mut a = vec![x];
        for l in 1..=arch.depth() {
            z.push(Array2::zeros((n, arch.widths[l])));
            a.push(Array2::zeros((n, arch.widths[l])));
        }
        Forward { z, a }
    }
}

fn check_output(output: Output) -> Result<()> {
    match output {
        Output::Softmax { classes } if classes < 2 => Err(Error::invalid(
            "classes",
            classes,
            "softmax needs at least 2 classes",
        )),
        _ => Ok(()),
    }
}

fn check_l2(l2: f64) -> Result<()> {
    if l2 >= 0.0 && l2.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid("l2", l2, "must be a finite number ≥ 0"))
    }
}

/// The column of each row's largest entry (the first, on ties), as a class number.
pub(crate) fn argmax_rows(p: &Array2<f64>) -> Array1<f64> {
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
