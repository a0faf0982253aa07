//! One Newton or chord iteration ([`take_step`]): the step δ from the factorised Hessian, the
//! choice of what the next pass computes, and step halving.

use std::cell::Cell;

use ndarray::{Array1, ArrayView1};

use super::design::Design;
use super::factor::Factorised;
use super::pass::{evaluate, Order, Pass};
use crate::error::Result;

/// A Newton step from H at θ starts the chord (reuse of that H) once it is at most this
/// fraction of 1 + ‖θ‖∞: Newton is then in its quadratic regime, where H hardly changes.
pub(super) const CHORD_START: f64 = 1e-2;
/// A chord step continues the chord only if it is at most this fraction of the step before it;
/// otherwise the next point gets a fresh Hessian.
pub(super) const CHORD_RATE: f64 = 0.1;

/// ‖v‖∞.
pub(super) fn max_abs(v: &Array1<f64>) -> f64 {
    v.iter().fold(0.0_f64, |m, x| m.max(x.abs()))
}

/// How many passes over X₁ a Newton fit made, by what they computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passes {
    /// Passes that formed H and g (Newton steps, and H at θ̂ for the covariance).
    pub hessian: usize,
    /// Passes that formed g only (chord steps).
    pub gradient: usize,
    /// Passes for the loss only (step-halving probes, the last point of a penalised fit).
    pub loss: usize,
}

/// The data of a fit, and a count of the passes made over it.
pub(super) struct Data<'a> {
    pub(super) design: Design<'a>,
    pub(super) y: ArrayView1<'a, f64>,
    pub(super) l2: f64,
    pub(super) passes: Cell<Passes>,
    /// Chord steps allowed?
    pub(super) chord: bool,
}

impl Data<'_> {
    /// [`evaluate`] at θ, counted.
    pub(super) fn pass(&self, theta: &Array1<f64>, order: Order) -> Pass {
        let mut passes = self.passes.get();
        match order {
            Order::Hessian => passes.hessian += 1,
            Order::Gradient => passes.gradient += 1,
            Order::Loss => passes.loss += 1,
        }
        self.passes.set(passes);
        evaluate(self.design, self.y, theta, self.l2, order)
    }
}

/// An accepted step: the new θ, its pass, ‖δ‖∞ of the step taken, and whether it met the
/// stopping test.
pub(super) struct Step {
    pub(super) theta: Array1<f64>,
    pub(super) pass: Pass,
    pub(super) size: f64,
    pub(super) converged: bool,
}

/// One iteration from θ, whose pass is `pass`: factorise H if the pass brought one, solve for
/// δ, and evaluate θ + δ with what the next step needs ([`Order`]). Ok(None) when H is
/// singular.
///
/// A chord step that would increase F is not halved: H is formed afresh at θ and a Newton step
/// taken instead. A Newton step that would increase F is halved: the first of θ + δ/2,
/// θ + δ/4, … (at most 30 halvings) that does not increase F, evaluated with H.
pub(super) fn take_step(
    data: &Data,
    theta: &Array1<f64>,
    pass: &mut Pass,
    factorised: &mut Option<Factorised>,
    previous: f64,
    tol: f64,
) -> Result<Option<Step>> {
    let fresh = match pass.h.take() {
        Some(h) => {
            *factorised = Factorised::new(&h)?;
            true
        }
        None => false,
    };
    let Some(hessian) = factorised.as_ref() else {
        return Ok(None);
    };
    let mut delta = hessian.step(&pass.g)?;
    let size = max_abs(&delta);
    // A Newton step of size s leaves an error of order s², a chord step one up to
    // CHORD_RATE·s: a chord step must be CHORD_RATE times smaller to stop.
    let limit = if fresh { tol } else { CHORD_RATE * tol };
    let stops = |delta: &Array1<f64>, limit: f64| {
        max_abs(delta) <= limit * (1.0 + max_abs(&(theta + delta)))
    };
    let converging = stops(&delta, limit);
    let chord = data.chord
        && if fresh {
            size <= CHORD_START * (1.0 + max_abs(theta))
        } else {
            size <= CHORD_RATE * previous
        };
    let order = match (converging, chord) {
        // the last point: H for the covariance (none with a penalty, so nothing more)
        (true, _) if data.l2 == 0.0 => Order::Hessian,
        (true, _) => Order::Loss,
        (false, true) => Order::Gradient,
        (false, false) => Order::Hessian,
    };
    let descends = |f_new: f64| f_new <= pass.f + 1e-12 * pass.f.abs();
    let mut candidate = theta + &delta;
    let next = data.pass(&candidate, order);
    if descends(next.f) {
        return Ok(Some(Step {
            theta: candidate,
            pass: next,
            size,
            converged: converging,
        }));
    }
    if !fresh {
        let mut refreshed = data.pass(theta, Order::Hessian);
        return take_step(data, theta, &mut refreshed, factorised, previous, tol);
    }
    let mut f_new = next.f;
    for _ in 0..30 {
        if descends(f_new) {
            break;
        }
        delta /= 2.0;
        candidate = theta + &delta;
        f_new = data.pass(&candidate, Order::Loss).f;
    }
    let pass = data.pass(&candidate, Order::Hessian);
    Ok(Some(Step {
        size: max_abs(&delta),
        converged: stops(&delta, tol),
        theta: candidate,
        pass,
    }))
}
