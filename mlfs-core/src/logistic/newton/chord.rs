//! One Newton or chord iteration ([`take_step`]): the step δ from the factorised Hessian, the
//! choice of what the next pass computes, and step halving.

use std::cell::Cell;

use ndarray::{Array1, ArrayView1};

use super::design::Design;
use super::factor::{Factorised, Singular};
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

/// What an iteration gives: an accepted step, or a Hessian too singular to solve with.
pub(super) enum Next {
    Step(Box<Step>),
    Singular(Singular),
}

/// One iteration from θ, whose pass is `pass`: factorise H if the pass brought one, solve for
/// δ, and evaluate θ + δ with what the next step needs ([`Order`]). [`Next::Singular`] when H
/// is numerically singular.
///
/// A chord step that would increase F is not halved: H is formed afresh at θ and a Newton step
/// taken instead. A Newton step that would increase F is halved ([`halve`]).
pub(super) fn take_step(
    data: &Data,
    theta: &Array1<f64>,
    pass: &mut Pass,
    factorised: &mut Option<Factorised>,
    previous: f64,
    tol: f64,
) -> Result<Next> {
    let fresh = pass.h.is_some();
    if let Some(h) = pass.h.take() {
        match Factorised::new(&h, data.design, &pass.z, data.l2)? {
            Ok(f) => *factorised = Some(f),
            Err(singular) => return Ok(Next::Singular(singular)),
        }
    }
    let Some(hessian) = factorised.as_ref() else {
        // no Hessian factorised yet: form one at θ
        let mut refreshed = data.pass(theta, Order::Hessian);
        return take_step(data, theta, &mut refreshed, factorised, previous, tol);
    };
    let delta = hessian.step(&pass.g)?;
    let size = max_abs(&delta);
    // A Newton step of size s leaves an error of order s², a chord step one up to
    // CHORD_RATE·s: a chord step must be CHORD_RATE times smaller to stop.
    let converging = stops(theta, &delta, if fresh { tol } else { CHORD_RATE * tol });
    let chord = data.chord
        && if fresh {
            size <= CHORD_START * (1.0 + max_abs(theta))
        } else {
            size <= CHORD_RATE * previous
        };
    let candidate = theta + &delta;
    let next = data.pass(&candidate, next_order(converging, chord, data.l2));
    if descends(next.f, pass.f) {
        return Ok(Next::Step(Box::new(Step {
            theta: candidate,
            pass: next,
            size,
            converged: converging,
        })));
    }
    if !fresh {
        let mut refreshed = data.pass(theta, Order::Hessian);
        return take_step(data, theta, &mut refreshed, factorised, previous, tol);
    }
    Ok(Next::Step(Box::new(halve(data, theta, delta, pass.f, tol))))
}

/// What the pass at the next point computes: H for the covariance at the last point (none
/// with a penalty, so nothing more), g only on a chord, else g and H.
fn next_order(converging: bool, chord: bool, l2: f64) -> Order {
    match (converging, chord) {
        (true, _) if l2 == 0.0 => Order::Hessian,
        (true, _) => Order::Loss,
        (false, true) => Order::Gradient,
        (false, false) => Order::Hessian,
    }
}

/// The stopping test ‖δ‖∞ ≤ limit · (1 + ‖θ + δ‖∞).
fn stops(theta: &Array1<f64>, delta: &Array1<f64>, limit: f64) -> bool {
    max_abs(delta) <= limit * (1.0 + max_abs(&(theta + delta)))
}

/// F(θ + δ) = `f_new` does not increase F(θ) = `f` (up to rounding).
fn descends(f_new: f64, f: f64) -> bool {
    f_new <= f + 1e-12 * f.abs()
}

/// A Newton step δ that would increase F(θ) = `f`, halved: the first of θ + δ/2, θ + δ/4, …
/// (at most 30 halvings) that does not, evaluated with H.
fn halve(data: &Data, theta: &Array1<f64>, mut delta: Array1<f64>, f: f64, tol: f64) -> Step {
    for _ in 0..30 {
        delta /= 2.0;
        if descends(data.pass(&(theta + &delta), Order::Loss).f, f) {
            break;
        }
    }
    let candidate = theta + &delta;
    Step {
        size: max_abs(&delta),
        converged: stops(theta, &delta, tol),
        pass: data.pass(&candidate, Order::Hessian),
        theta: candidate,
    }
}
