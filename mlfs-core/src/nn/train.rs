//! J and ∇J of a network's architecture on training rows, as an [`Objective`] for the shared
//! optimisers of [`crate::optim`] — the same gradient descent, momentum, Nesterov and Adam that
//! fit Part 2's logistic regression.
//!
//! A full batch reuses one `Workspace` (input, Z⁽ˡ⁾, A⁽ˡ⁾, Δ⁽ˡ⁾) for every iteration; a
//! mini-batch gathers its rows into a second one. On a batch B the penalty's share is |B|/n,
//! which makes its gradient (λ/n)W whatever the batch size.

use ndarray::{Array2, ArrayView1, ArrayViewMut1};

use super::architecture::Architecture;
use super::backprop::Forward;
use super::backprop::{self, Workspace};
use super::network::Network;
use crate::error::Result;
use crate::optim::{self, Monitor, Objective, Outcome, Training};

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
        "Mlp::fit"
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
}

impl Monitor for NetworkObjective<'_> {
    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
        let (f, tv) = self.validation.as_mut()?;
        backprop::forward(self.arch, theta, f);
        Some(backprop::loss(self.arch, theta, f, tv.view(), 0.0))
    }
}

/// Train `start` on rows `x` with target matrix `targets` (checked by the caller, as are the
/// settings), penalty λ = `l2`, and validation rows with their target matrix.
pub(super) fn train(
    start: &Network,
    x: &Array2<f64>,
    targets: Array2<f64>,
    validation: Option<(&Array2<f64>, Array2<f64>)>,
    l2: f64,
    training: &Training,
) -> Result<Outcome> {
    let arch = start.arch();
    let validation = validation.map(|(xv, tv)| (Forward::for_input(xv.clone(), arch), tv));
    let mut objective = NetworkObjective {
        arch,
        x,
        targets,
        l2_over_n: l2 / x.nrows() as f64,
        full: Workspace::new(x.clone(), arch),
        batch: None,
        validation,
    };
    optim::minimise(&mut objective, start.params().clone(), training)
}
