//! Checking backpropagation against central finite differences.
//!
//! For every parameter θ_k, the five-point central difference
//!
//! ```text
//!     [8(J(θ + h e_k) − J(θ − h e_k)) − (J(θ + 2h e_k) − J(θ − 2h e_k))] / 12h  =  ∂J/∂θ_k + O(h⁴)
//! ```
//!
//! (the plain central difference (J(θ + h e_k) − J(θ − h e_k)) / 2h is only O(h²): with h = 1e−5
//! its truncation and rounding errors, about 1e−10 each, swamp small partial derivatives).
//!
//! is compared with the backpropagated derivative; the result is the largest relative error
//! |numeric − backprop| / max(|numeric|, |backprop|, 1e−8). Values around 1e−10 mean the gradients
//! are right; 1e−3 or more means a bug. It costs two forward passes per parameter, so use it
//! on small networks and small data.

use ndarray::{Array1, Array2};

use super::{Gradients, Network};
use crate::error::{Error, Result};

/// Step h of the central differences.
pub const STEP: f64 = 1e-4;

/// The largest relative error between backpropagated and finite-difference gradients of J with
/// penalty λ = `l2` on (x, y).
pub fn gradient_check(net: &Network, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<f64> {
    if !(l2 >= 0.0 && l2.is_finite()) {
        return Err(Error::invalid("l2", l2, "must be a finite number ≥ 0"));
    }
    let targets = net.check_data(x, y, "gradient_check")?;
    let backprop = net.backward(x, &net.pass(x), &targets, l2);
    Ok(max_relative_error(net, x, &targets, l2, &backprop))
}

/// The largest relative error between `gradients` (claimed to be ∂J/∂W, ∂J/∂b) and finite
/// differences of J — for checking a gradient computed some other way, e.g. by hand.
pub fn check_gradients(
    net: &Network,
    x: &Array2<f64>,
    y: &Array1<f64>,
    l2: f64,
    gradients: &Gradients,
) -> Result<f64> {
    let targets = net.check_data(x, y, "check_gradients")?;
    let same_shapes = gradients.weights.len() == net.weights.len()
        && gradients
            .weights
            .iter()
            .zip(&net.weights)
            .all(|(g, w)| g.dim() == w.dim())
        && gradients
            .biases
            .iter()
            .zip(&net.biases)
            .all(|(g, b)| g.len() == b.len());
    if !same_shapes {
        return Err(Error::shape(
            "check_gradients",
            "one gradient per weight and bias",
            "other shapes",
        ));
    }
    Ok(max_relative_error(net, x, &targets, l2, gradients))
}

fn max_relative_error(
    net: &Network,
    x: &Array2<f64>,
    targets: &Array2<f64>,
    l2: f64,
    backprop: &Gradients,
) -> f64 {
    let mut probe = net.clone();
    let mut worst = 0.0_f64;
    let mut compare = |numeric: f64, exact: f64| {
        let scale = numeric.abs().max(exact.abs()).max(1e-8);
        worst = worst.max((numeric - exact).abs() / scale);
    };
    for l in 0..net.weights.len() {
        for idx in ndarray::indices(net.weights[l].dim()) {
            let numeric =
                central_difference(&mut probe, x, targets, l2, |p| &mut p.weights[l][idx]);
            compare(numeric, backprop.weights[l][idx]);
        }
        for j in 0..net.biases[l].len() {
            let numeric = central_difference(&mut probe, x, targets, l2, |p| &mut p.biases[l][j]);
            compare(numeric, backprop.biases[l][j]);
        }
    }
    worst
}

/// The five-point central difference of J in the parameter that `param` points to.
fn central_difference(
    probe: &mut Network,
    x: &Array2<f64>,
    targets: &Array2<f64>,
    l2: f64,
    param: impl Fn(&mut Network) -> &mut f64,
) -> f64 {
    let original = *param(probe);
    let mut j_at = |k: f64| {
        *param(probe) = original + k * STEP;
        probe.loss_unchecked(x, targets, l2)
    };
    let (p1, m1, p2, m2) = (j_at(1.0), j_at(-1.0), j_at(2.0), j_at(-2.0));
    *param(probe) = original;
    (8.0 * (p1 - m1) - (p2 - m2)) / (12.0 * STEP)
}

/// The rows of x at which every hidden pre-activation is at least `margin` away from 0.
///
/// ReLU has a kink at z = 0 where no derivative exists; a finite difference taken across it
/// sees a slope of about ½ where backpropagation uses 0 or 1. Checking gradients on these rows
/// only keeps the comparison meaningful (the steps of the check are far smaller than 0.01).
pub fn rows_away_from_kinks(net: &Network, x: &Array2<f64>, margin: f64) -> Result<Vec<usize>> {
    let f = net.forward(x)?;
    let hidden = &f.z[..f.z.len() - 1];
    Ok((0..x.nrows())
        .filter(|&i| {
            hidden
                .iter()
                .all(|z| z.row(i).iter().all(|v| v.abs() >= margin))
        })
        .collect())
}
