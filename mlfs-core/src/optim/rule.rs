//! The update rules, side by side, in the order Part 2 teaches them.

use ndarray::{Array1, Zip};

/// How one step turns the gradient g into a change of θ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// θ ← θ − η g.
    GradientDescent { learning_rate: f64 },
    /// Classical momentum, v ← μv − η g, θ ← θ + v; a running, decaying sum of past steps.
    ///
    /// With `nesterov` the gradient is taken at the look-ahead point θ + μv. It is implemented
    /// in the look-ahead variable φ = θ + μv (Sutskever et al., 2013), so each step needs the
    /// gradient at the stored parameters only:
    ///
    /// ```text
    ///     v ← μv − η ∇J(φ),      φ ← φ + μv − η ∇J(φ)
    /// ```
    Momentum {
        learning_rate: f64,
        momentum: f64,
        nesterov: bool,
    },
    /// Adam (Kingma & Ba, 2015): per-coordinate steps from bias-corrected running means of g
    /// and g², m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ), θ ← θ − η m̂ / (√ŝ + ε).
    Adam {
        learning_rate: f64,
        beta1: f64,
        beta2: f64,
        epsilon: f64,
    },
}

impl Rule {
    /// Gradient descent with step η.
    pub fn gradient_descent(learning_rate: f64) -> Self {
        Rule::GradientDescent { learning_rate }
    }
    /// Classical momentum μ.
    pub fn momentum(learning_rate: f64, momentum: f64) -> Self {
        Rule::Momentum {
            learning_rate,
            momentum,
            nesterov: false,
        }
    }
    /// Nesterov's accelerated gradient with momentum μ.
    pub fn nesterov(learning_rate: f64, momentum: f64) -> Self {
        Rule::Momentum {
            learning_rate,
            momentum,
            nesterov: true,
        }
    }
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e−8.
    pub fn adam(learning_rate: f64) -> Self {
        Rule::Adam {
            learning_rate,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        }
    }
    /// The step size η.
    pub fn learning_rate(&self) -> f64 {
        match *self {
            Rule::GradientDescent { learning_rate }
            | Rule::Momentum { learning_rate, .. }
            | Rule::Adam { learning_rate, .. } => learning_rate,
        }
    }
    /// A short name for tables and legends.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::GradientDescent { .. } => "gradient descent",
            Rule::Momentum {
                nesterov: false, ..
            } => "momentum",
            Rule::Momentum { nesterov: true, .. } => "Nesterov",
            Rule::Adam { .. } => "Adam",
        }
    }
}

/// The rule's memory: velocity v (momentum) or first moment m (Adam), Adam's second moment s,
/// and the step count t.
pub(crate) struct State {
    v: Array1<f64>,
    s: Array1<f64>,
    t: i32,
}

impl State {
    pub(crate) fn new(dim: usize) -> Self {
        State {
            v: Array1::zeros(dim),
            s: Array1::zeros(dim),
            t: 0,
        }
    }

    /// One update of θ with the gradient g.
    pub(crate) fn step(&mut self, rule: &Rule, theta: &mut Array1<f64>, g: &Array1<f64>) {
        self.t += 1;
        match *rule {
            Rule::GradientDescent { learning_rate: eta } => theta.scaled_add(-eta, g),
            Rule::Momentum {
                learning_rate: eta,
                momentum: mu,
                nesterov,
            } => Zip::from(theta)
                .and(&mut self.v)
                .and(g)
                .for_each(|theta, v, &g| {
                    *v = mu * *v - eta * g;
                    *theta += if nesterov { mu * *v - eta * g } else { *v };
                }),
            Rule::Adam {
                learning_rate: eta,
                beta1,
                beta2,
                epsilon,
            } => {
                let (c1, c2) = (1.0 - beta1.powi(self.t), 1.0 - beta2.powi(self.t));
                Zip::from(theta)
                    .and(&mut self.v)
                    .and(&mut self.s)
                    .and(g)
                    .for_each(|theta, m, s, &g| {
                        *m = beta1 * *m + (1.0 - beta1) * g;
                        *s = beta2 * *s + (1.0 - beta2) * g * g;
                        *theta -= eta * (*m / c1) / ((*s / c2).sqrt() + epsilon);
                    });
            }
        }
    }
}
