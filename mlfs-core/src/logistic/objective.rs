//! Logistic regression's J(θ) and ∇J(θ) as an [`Objective`] for the shared first-order
//! optimisers, and what every solver records on the validation rows ([`Validation`], a
//! [`Monitor`]): the mean log-loss and the ROC AUC.
//!
//! One pass over the rows gives both J and ∇J: for each row one exponential e = exp(−|z|)
//! yields σ(z) and ln(1 + e^{±z}) (see [`loss`](super::loss)), then ∇J = X₁ᵀ(σ(z) − y)/|B|.
//! The validation AUC uses [`metrics::auc`] — a score, not a check, so this is the one place an
//! algorithm calls `metrics`.

use ndarray::linalg::general_mat_vec_mul;
use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, Axis, Zip};

use crate::error::Result;
use crate::metrics;
use crate::optim::{Monitor, Objective};
use crate::sigmoid::loss_and_probability;

/// The data of one fit: X₁ = [1 | X] (standardised if asked), labels, optional validation set,
/// the penalty λ, and scratch space for batches.
pub(crate) struct Problem<'a> {
    pub x1: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    pub validation: Validation<'a>,
    pub l2: f64,
    z: Array1<f64>,
    xb: Array2<f64>,
    yb: Array1<f64>,
}

impl<'a> Problem<'a> {
    pub(crate) fn new(
        x1: ArrayView2<'a, f64>,
        y: ArrayView1<'a, f64>,
        validation: Validation<'a>,
        l2: f64,
    ) -> Self {
        Problem {
            z: Array1::zeros(x1.nrows()),
            xb: Array2::zeros((0, x1.ncols())),
            yb: Array1::zeros(0),
            x1,
            y,
            validation,
            l2,
        }
    }
}

/// J_B(θ) and ∇J_B(θ) on rows (x1, y) = (X_B, y_B) of a problem with n rows in all:
/// J_B = (1/|B|) Σ ℓ + λ‖w‖²/(2n),   ∇J_B = X_Bᵀ(σ(z) − y)/|B| + λw₀/n.
fn loss_and_gradient_on(
    x1: ArrayView2<f64>,
    y: ArrayView1<f64>,
    theta: ArrayView1<f64>,
    (l2, n): (f64, usize),
    z: &mut Array1<f64>,
    mut grad: ArrayViewMut1<f64>,
) -> f64 {
    let m = y.len() as f64;
    general_mat_vec_mul(1.0, &x1, &theta, 0.0, z); // z = X₁θ
    let mut total = 0.0;
    Zip::from(&mut *z).and(&y).for_each(|z, &y| {
        let (l, p) = loss_and_probability(y, *z);
        total += l;
        *z = (p - y) / m; // the residual, scaled, reusing z's storage
    });
    general_mat_vec_mul(1.0, &x1.t(), &*z, 0.0, &mut grad); // X₁ᵀ(σ(z) − y)/|B|
    let w = theta.slice(s![1..]);
    let scale = l2 / n as f64;
    if l2 != 0.0 {
        grad.slice_mut(s![1..]).scaled_add(scale, &w);
    }
    total / m + 0.5 * scale * w.dot(&w)
}

impl Objective for Problem<'_> {
    fn context(&self) -> &'static str {
        "LogisticRegression::fit"
    }

    fn n_rows(&self) -> usize {
        self.y.len()
    }

    fn loss_and_gradient(
        &mut self,
        theta: ArrayView1<f64>,
        batch: Option<&[usize]>,
        grad: ArrayViewMut1<f64>,
    ) -> f64 {
        let penalty = (self.l2, self.y.len());
        match batch {
            None => loss_and_gradient_on(self.x1, self.y, theta, penalty, &mut self.z, grad),
            Some(rows) => {
                self.xb = self.x1.select(Axis(0), rows);
                self.yb = self.y.select(Axis(0), rows);
                let mut z = Array1::zeros(rows.len());
                let (xb, yb) = (self.xb.view(), self.yb.view());
                loss_and_gradient_on(xb, yb, theta, penalty, &mut z, grad)
            }
        }
    }
}

impl Monitor for Problem<'_> {
    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
        self.validation.validation_loss(theta)
    }

    fn validation_auc(&mut self, theta: ArrayView1<f64>) -> Option<Result<f64>> {
        self.validation.validation_auc(theta)
    }
}

/// X₁ and y of the validation rows, if any: what every solver of logistic regression records
/// about them after each iteration.
#[derive(Clone, Copy)]
pub(crate) struct Validation<'a>(pub Option<(ArrayView2<'a, f64>, ArrayView1<'a, f64>)>);

impl Monitor for Validation<'_> {
    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
        let (xv, yv) = self.0?;
        Some(mean_log_loss(xv, yv, theta))
    }

    fn validation_auc(&mut self, theta: ArrayView1<f64>) -> Option<Result<f64>> {
        let (xv, yv) = self.0?;
        // AUC depends only on the order of the scores, so the logits z serve as well as σ(z).
        Some(metrics::auc(&yv.to_owned(), &xv.dot(&theta)))
    }
}

/// Mean log-loss (no penalty) of θ on (X₁, y).
pub(crate) fn mean_log_loss(
    x1: ArrayView2<f64>,
    y: ArrayView1<f64>,
    theta: ArrayView1<f64>,
) -> f64 {
    let z = x1.dot(&theta);
    let total: f64 = Zip::from(&z)
        .and(&y)
        .fold(0.0, |s, &z, &y| s + loss_and_probability(y, z).0);
    total / y.len() as f64
}
