//! Checking backpropagation against central finite differences.
//!
//! For every parameter θ_k, the five-point central difference with step h = [`STEP`] = 10⁻⁴,
//!
//! ```text
//!     [8(J(θ + h e_k) − J(θ − h e_k)) − (J(θ + 2h e_k) − J(θ − 2h e_k))] / 12h  =  ∂J/∂θ_k + O(h⁴)
//! ```
//!
//! is compared with the backpropagated derivative; the result is the largest relative error
//! |numeric − backprop| / max(|numeric|, |backprop|, 1e−8). Values around 1e−10 mean the gradients
//! are right; 1e−3 or more means a bug. It costs four forward passes per parameter (J at θ ± h e_k
//! and θ ± 2h e_k), so use it on small networks and small data.
//!
//! Why five points: the plain central difference (J(θ + h e_k) − J(θ − h e_k)) / 2h is only
//! O(h²), and at h = 10⁻⁴ its truncation error, about h²·|∂³J/∂θ_k³|/6 ≈ 10⁻⁹, would swamp small
//! partial derivatives. The five-point formula's truncation error is O(h⁴), below its rounding
//! error of about ε·|J|/h ≈ 10⁻¹².

use ndarray::{Array1, Array2, ArrayView1};

use super::{Gradients, Network};
use crate::error::{within, Error, Result};

/// Step h of the central differences.
pub const STEP: f64 = 1e-4;

/// The largest relative error between backpropagated and finite-difference gradients of J with
/// penalty λ = `l2` on (x, y).
pub fn gradient_check(net: &Network, x: &Array2<f64>, y: &Array1<f64>, l2: f64) -> Result<f64> {
    let backprop = net
        .gradients(x, y, l2)
        .map_err(within("nn::gradient_check"))?;
    Ok(max_relative_error(net, x, y, l2, backprop.as_flat()))
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
    const CONTEXT: &str = "nn::check_gradients";
    net.loss(x, y, l2).map_err(within(CONTEXT))?; // checks x, y and λ
    if gradients.widths() != net.arch().widths.as_slice() {
        return Err(Error::shape(
            CONTEXT,
            format!("gradients of a network with widths {:?}", net.arch().widths),
            format!("widths {:?}", gradients.widths()),
        ));
    }
    Ok(max_relative_error(net, x, y, l2, gradients.as_flat()))
}

/// max_k |numeric_k − exact_k| / max(|numeric_k|, |exact_k|, 1e−8) over every parameter θ_k.
fn max_relative_error(
    net: &Network,
    x: &Array2<f64>,
    y: &Array1<f64>,
    l2: f64,
    exact: ArrayView1<f64>,
) -> f64 {
    let theta = net.params().to_owned();
    let mut worst = 0.0_f64;
    for (k, &g) in exact.iter().enumerate() {
        let numeric = central_difference(net, &theta, k, x, y, l2);
        let scale = numeric.abs().max(g.abs()).max(1e-8);
        worst = worst.max((numeric - g).abs() / scale);
    }
    worst
}

/// The five-point central difference of J in θ_k.
fn central_difference(
    net: &Network,
    theta: &Array1<f64>,
    k: usize,
    x: &Array2<f64>,
    y: &Array1<f64>,
    l2: f64,
) -> f64 {
    let j_at = |steps: f64| {
        let mut probe = theta.clone();
        probe[k] += steps * STEP;
        let moved = net.with_params(probe).expect("same length, finite");
        moved.loss(x, y, l2).expect("checked by the caller")
    };
    let (p1, m1, p2, m2) = (j_at(1.0), j_at(-1.0), j_at(2.0), j_at(-2.0));
    (8.0 * (p1 - m1) - (p2 - m2)) / (12.0 * STEP)
}

/// The rows of x at which every hidden pre-activation is at least `margin` away from 0.
///
/// ReLU has a kink at z = 0 where no derivative exists; a finite difference taken across it
/// sees a slope of about ½ where backpropagation uses 0 or 1. Checking gradients on these rows
/// only keeps the comparison meaningful (the steps of the check are far smaller than 0.01).
pub fn rows_away_from_kinks(net: &Network, x: &Array2<f64>, margin: f64) -> Result<Vec<usize>> {
    let f = net.forward_in(x, "nn::rows_away_from_kinks")?;
    let hidden = &f.z[1..f.z.len() - 1];
    Ok((0..x.nrows())
        .filter(|&i| {
            hidden
                .iter()
                .all(|z| z.row(i).iter().all(|v| v.abs() >= margin))
        })
        .collect())
}
