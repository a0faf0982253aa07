//! `mlfs_core::optim`: the update rules against their textbook forms, the cost of a full-batch
//! iteration, mini-batch shuffles, the history, convergence, divergence and early stopping — on
//! a small quadratic whose every gradient call the test counts.

use mlfs_core::ndarray::{array, Array1, Array2, ArrayView1, ArrayViewMut1, Axis};
use mlfs_core::optim::{minimise, EarlyStopping, Monitor, Objective, Rule, Status, Training};
use mlfs_core::Error;

/// J(θ) = (1/n) Σ_r ½ (θ − c_r)ᵀ A (θ − c_r) with A = diag(a): ∇J_B(θ) = A(θ − mean_B c).
/// Records every θ at which the full gradient is taken, and every batch.
struct Quadratic {
    a: Array1<f64>,
    centres: Array2<f64>,
    full_calls: usize,
    batch_calls: usize,
    full_thetas: Vec<Array1<f64>>,
    batches: Vec<Vec<usize>>,
    /// Validation loss ‖θ − target‖², if set.
    validation_target: Option<Array1<f64>>,
    /// Return +∞ from the nth full evaluation on (to test divergence).
    infinite_from: Option<usize>,
}

impl Quadratic {
    fn new(a: Array1<f64>, centres: Array2<f64>) -> Self {
        assert_eq!(a.len(), centres.ncols());
        Quadratic {
            a,
            centres,
            full_calls: 0,
            batch_calls: 0,
            full_thetas: vec![],
            batches: vec![],
            validation_target: None,
            infinite_from: None,
        }
    }

    /// A 3-dimensional problem with 10 rows, condition number 20.
    fn standard() -> Self {
        let centres = Array2::from_shape_fn((10, 3), |(r, j)| {
            ((r * 7 + j * 3) % 11) as f64 / 5.0 - 1.0 + j as f64
        });
        Quadratic::new(array![0.5, 2.0, 10.0], centres)
    }

    /// J(θ) on all rows.
    fn j(&self, theta: &Array1<f64>) -> f64 {
        let total: f64 = self
            .centres
            .rows()
            .into_iter()
            .map(|c| 0.5 * (&self.a * &(theta - &c) * &(theta - &c)).sum())
            .sum();
        total / self.centres.nrows() as f64
    }

    /// ∇J(θ) on all rows.
    fn grad(&self, theta: &Array1<f64>) -> Array1<f64> {
        let mean = self.centres.mean_axis(Axis(0)).unwrap();
        &self.a * &(theta - &mean)
    }
}

impl Objective for Quadratic {
    fn context(&self) -> &'static str {
        "quadratic"
    }

    fn n_rows(&self) -> usize {
        self.centres.nrows()
    }

    fn loss_and_gradient(
        &mut self,
        theta: ArrayView1<f64>,
        batch: Option<&[usize]>,
        mut grad: ArrayViewMut1<f64>,
    ) -> f64 {
        let theta = theta.to_owned();
        let rows: Vec<usize> = match batch {
            None => {
                self.full_calls += 1;
                self.full_thetas.push(theta.clone());
                if self.infinite_from.is_some_and(|k| self.full_calls >= k) {
                    grad.fill(0.0);
                    return f64::INFINITY;
                }
                (0..self.n_rows()).collect()
            }
            Some(rows) => {
                self.batch_calls += 1;
                self.batches.push(rows.to_vec());
                rows.to_vec()
            }
        };
        let c = self.centres.select(Axis(0), &rows);
        let mean = c.mean_axis(Axis(0)).unwrap();
        grad.assign(&(&self.a * &(&theta - &mean)));
        let total: f64 = c
            .rows()
            .into_iter()
            .map(|c| 0.5 * (&self.a * &(&theta - &c) * &(&theta - &c)).sum())
            .sum();
        total / rows.len() as f64
    }
}

impl Monitor for Quadratic {
    fn validation_loss(&mut self, theta: ArrayView1<f64>) -> Option<f64> {
        let target = self.validation_target.as_ref()?;
        Some((&theta - target).mapv(|d| d * d).sum())
    }
}

/// Never converge: run every epoch.
const NO_TOL: f64 = f64::MIN_POSITIVE;

fn theta0() -> Array1<f64> {
    array![3.0, -2.0, 1.5]
}

fn assert_close(a: &Array1<f64>, b: &Array1<f64>, tol: f64, what: &str) {
    let err = (a - b)
        .iter()
        .zip(b)
        .map(|(d, b)| d.abs() / b.abs().max(1.0))
        .fold(0.0, f64::max);
    assert!(err < tol, "{what}: {a} vs {b} (error {err:.2e})");
}

// ---------------------------------------------------------------- the rules

#[test]
fn gradient_descent_is_theta_minus_eta_g() {
    let eta = 0.05;
    let mut q = Quadratic::standard();
    let out = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::gradient_descent(eta), 20).tol(NO_TOL),
    )
    .unwrap();
    let reference = Quadratic::standard();
    let mut theta = theta0();
    for (k, seen) in q.full_thetas.iter().enumerate() {
        assert_close(seen, &theta, 1e-14, &format!("θ after {k} steps"));
        theta = &theta - &(reference.grad(&theta) * eta);
    }
    assert_eq!(out.theta, q.full_thetas[20]);
}

#[test]
fn momentum_is_the_textbook_heavy_ball() {
    let (eta, mu) = (0.05, 0.9);
    let mut q = Quadratic::standard();
    let training = Training::new(Rule::momentum(eta, mu), 30).tol(NO_TOL);
    let out = minimise(&mut q, theta0(), &training).unwrap();
    // v ← μv − η∇J(θ), θ ← θ + v
    let reference = Quadratic::standard();
    let (mut theta, mut v) = (theta0(), Array1::<f64>::zeros(3));
    for (k, seen) in q.full_thetas.iter().enumerate() {
        assert_close(seen, &theta, 1e-12, &format!("θ after {k} steps"));
        v = &v * mu - &(reference.grad(&theta) * eta);
        theta = &theta + &v;
    }
    assert_eq!(out.theta, q.full_thetas[30]);
}

#[test]
fn nesterov_look_ahead_form_equals_the_textbook_form() {
    let (eta, mu) = (0.05, 0.9);
    let epochs = 40;
    let mut q = Quadratic::standard();
    let training = Training::new(Rule::nesterov(eta, mu), epochs).tol(NO_TOL);
    let out = minimise(&mut q, theta0(), &training).unwrap();
    assert_eq!(q.full_thetas.len(), epochs + 1);
    // Textbook form: v ← μv − η∇J(θ + μv), θ ← θ + v. The optimiser stores the look-ahead point
    // φ = θ + μv instead, so its k-th iterate must be θ_k + μv_k (and φ₀ = θ₀, as v₀ = 0).
    let reference = Quadratic::standard();
    let (mut theta, mut v) = (theta0(), Array1::<f64>::zeros(3));
    for k in 0..=epochs {
        let phi = &theta + &(&v * mu);
        assert_close(
            &q.full_thetas[k],
            &phi,
            1e-12,
            &format!("φ after {k} steps"),
        );
        if k >= 1 {
            let j = out.history.train_loss[k - 1];
            assert!(
                (j - reference.j(&phi)).abs() < 1e-12 * (1.0 + j.abs()),
                "J(φ_{k})"
            );
        }
        v = &v * mu - &(reference.grad(&phi) * eta);
        theta = &theta + &v;
    }
    // the returned parameters are the last look-ahead point
    assert_eq!(out.theta, q.full_thetas[epochs]);
    // and Nesterov's iterates are not classical momentum's
    let mut heavy = Quadratic::standard();
    minimise(
        &mut heavy,
        theta0(),
        &Training::new(Rule::momentum(eta, mu), epochs).tol(NO_TOL),
    )
    .unwrap();
    let gap = (&heavy.full_thetas[2] - &q.full_thetas[2])
        .mapv(f64::abs)
        .sum();
    assert!(gap > 1e-3, "Nesterov equals momentum? {gap}");
}

#[test]
fn nesterov_with_mini_batches_matches_the_textbook_form_on_the_same_batches() {
    let (eta, mu, b) = (0.02, 0.8, 3);
    let mut q = Quadratic::standard();
    let training = Training::new(Rule::nesterov(eta, mu), 5)
        .batch_size(b)
        .seed(9)
        .tol(NO_TOL);
    let out = minimise(&mut q, theta0(), &training).unwrap();
    // replay the recorded batches in the textbook form
    let mut reference = Quadratic::standard();
    let (mut theta, mut v) = (theta0(), Array1::<f64>::zeros(3));
    let mut g = Array1::zeros(3);
    for rows in &q.batches {
        let phi = &theta + &(&v * mu);
        reference.loss_and_gradient(phi.view(), Some(rows), g.view_mut());
        v = &v * mu - &(&g * eta);
        theta = &theta + &v;
    }
    assert_close(
        &out.theta,
        &(&theta + &(&v * mu)),
        1e-12,
        "φ after 5 epochs",
    );
}

#[test]
fn adams_first_step_has_size_eta_in_every_coordinate() {
    // gradients of very different sizes: −1, 5, −200 at θ₀ = 0
    let centres = array![[1.0, -0.5, 2.0]];
    for eta in [0.1, 0.003] {
        let mut q = Quadratic::new(array![1.0, 10.0, 100.0], centres.clone());
        let g0 = q.grad(&Array1::zeros(3));
        assert_eq!(g0, array![-1.0, 5.0, -200.0]);
        let out = minimise(
            &mut q,
            Array1::zeros(3),
            &Training::new(Rule::adam(eta), 1).tol(NO_TOL),
        )
        .unwrap();
        // m̂₁ = g, ŝ₁ = g², so the step is −η g / (|g| + ε) = −η sign(g) up to ε/|g| ≤ 1e−8
        for (step, g) in out.theta.iter().zip(&g0) {
            assert!(
                (step + eta * g.signum()).abs() < 1e-7 * eta,
                "η = {eta}: step {step} for gradient {g}"
            );
        }
    }
}

// ---------------------------------------------------------------- the cost of an iteration

#[test]
fn full_batch_steps_cost_one_full_gradient_per_iteration() {
    for rule in [
        Rule::gradient_descent(0.05),
        Rule::momentum(0.05, 0.9),
        Rule::nesterov(0.05, 0.9),
        Rule::adam(0.05),
    ] {
        for epochs in [1, 7, 50] {
            let mut q = Quadratic::standard();
            let out = minimise(&mut q, theta0(), &Training::new(rule, epochs).tol(NO_TOL)).unwrap();
            assert_eq!(out.n_iter, epochs);
            // one gradient at θ₀, then exactly one per iteration: the gradient that gives the
            // history and the convergence test is the one the next step uses
            assert_eq!(q.full_calls, epochs + 1, "{}, {epochs} epochs", rule.name());
            assert_eq!(q.batch_calls, 0, "{}", rule.name());
            // and no θ is evaluated twice
            for w in q.full_thetas.windows(2) {
                assert_ne!(w[0], w[1], "{}", rule.name());
            }
        }
    }
    // also when the run stops early by converging
    let mut q = Quadratic::standard();
    let out = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::gradient_descent(0.09), 10_000).tol(1e-8),
    )
    .unwrap();
    assert_eq!(out.status, Status::Converged);
    assert!(out.n_iter < 10_000);
    assert_eq!(q.full_calls, out.n_iter + 1);
}

#[test]
fn mini_batches_cover_every_row_once_per_epoch_in_a_seeded_order() {
    let run = |seed| {
        let mut q = Quadratic::standard();
        let training = Training::new(Rule::momentum(0.01, 0.5), 4)
            .batch_size(4)
            .seed(seed)
            .tol(NO_TOL);
        let out = minimise(&mut q, theta0(), &training).unwrap();
        (q, out)
    };
    let (q, out) = run(1);
    // 10 rows in batches of 4: ⌈10/4⌉ = 3 batches (4, 4, 2) per epoch, then one full evaluation
    // for the history; one more at θ₀ gives J(θ₀), the start of the divergence rule
    assert_eq!(q.batch_calls, 4 * 3);
    assert_eq!(q.full_calls, 1 + 4);
    assert_eq!(q.full_thetas[0], theta0());
    assert_eq!(q.full_thetas[4], out.theta);
    let epochs: Vec<Vec<usize>> = q.batches.chunks(3).map(|e| e.concat()).collect();
    for (e, rows) in epochs.iter().enumerate() {
        let sizes: Vec<usize> = q.batches[3 * e..3 * e + 3].iter().map(Vec::len).collect();
        assert_eq!(sizes, [4, 4, 2]);
        let mut sorted = rows.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>(), "epoch {}", e + 1);
    }
    assert!(
        epochs.windows(2).any(|w| w[0] != w[1]),
        "every epoch reshuffles"
    );
    // the same seed replays the same batches and θ; another seed does not
    let (q2, out2) = run(1);
    assert_eq!(q.batches, q2.batches);
    assert_eq!(out.theta, out2.theta);
    assert_eq!(out.history, out2.history);
    let (q3, _) = run(2);
    assert_ne!(q.batches, q3.batches);
}

// ---------------------------------------------------------------- history and status

#[test]
fn the_history_records_j_after_every_epoch_and_the_status_why_it_ended() {
    let mut q = Quadratic::standard();
    let out = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::gradient_descent(0.05), 25).tol(NO_TOL),
    )
    .unwrap();
    assert_eq!(out.status, Status::MaxIterations);
    assert_eq!(out.history.len(), 25);
    assert!(out.history.validation_loss.is_empty() && out.history.validation_auc.is_empty());
    let reference = Quadratic::standard();
    for (k, j) in out.history.train_loss.iter().enumerate() {
        assert!((j - reference.j(&q.full_thetas[k + 1])).abs() < 1e-13);
    }
    // gradient descent with a stable step decreases J monotonically
    assert!(out.history.train_loss.windows(2).all(|w| w[1] < w[0]));
    // converged: max|∇J| < tol at the returned θ
    let mut q = Quadratic::standard();
    let out = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::nesterov(0.05, 0.9), 5000).tol(1e-9),
    )
    .unwrap();
    assert_eq!(out.status, Status::Converged);
    let g = reference.grad(&out.theta);
    assert!(mlfs_core::optim::max_abs(&g) < 1e-9, "{g}");
    assert_eq!(out.history.len(), out.n_iter);
}

#[test]
fn a_non_finite_loss_is_a_divergence_error() {
    let mut q = Quadratic::standard();
    q.infinite_from = Some(4); // θ₀, epochs 1 and 2 are fine; epoch 3 gives +∞
    let err = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::gradient_descent(0.05), 10).tol(NO_TOL),
    )
    .unwrap_err();
    let Error::Diverged {
        iteration,
        loss,
        ref context,
        ..
    } = err
    else {
        panic!("expected Diverged, got {err:?}")
    };
    assert_eq!((iteration, loss), (3, f64::INFINITY));
    assert_eq!(context, "quadratic");
    assert!(err.to_string().contains("lower the learning rate"), "{err}");
    // a step size that overshoots (η·a > 2) blows up on its own
    let mut q = Quadratic::standard();
    let err = minimise(
        &mut q,
        theta0(),
        &Training::new(Rule::gradient_descent(1e3), 500).tol(NO_TOL),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Diverged { .. }), "{err:?}");
}

#[test]
fn early_stopping_restores_the_parameters_of_the_best_validation_epoch() {
    // the path from θ₀ towards the minimiser passes closest to `target` part of the way, so the
    // validation loss falls, then rises
    let mut q = Quadratic::standard();
    let minimiser = q.centres.mean_axis(Axis(0)).unwrap();
    q.validation_target = Some((&theta0() + &minimiser) / 2.0);
    let training = Training::new(Rule::gradient_descent(0.05), 1000)
        .tol(NO_TOL)
        .early_stopping(5);
    let out = minimise(&mut q, theta0(), &training).unwrap();
    let Status::StoppedEarly { best_epoch } = out.status else {
        panic!("expected early stopping, got {:?}", out.status)
    };
    let h = &out.history;
    assert_eq!(h.validation_loss.len(), out.n_iter);
    assert_eq!(h.best_epoch(), Some(best_epoch));
    assert!(best_epoch > 1 && out.n_iter < 1000);
    // the rule: more than 2t epochs, and the last t did not improve on the best before them
    assert!(EarlyStopping { patience: 5 }.should_stop(&h.validation_loss));
    assert!(!EarlyStopping { patience: 5 }.should_stop(&h.validation_loss[..out.n_iter - 1]));
    let min = h
        .validation_loss
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min);
    assert_eq!(h.validation_loss[best_epoch - 1], min);
    // θ is the best epoch's, not the last one's
    assert_eq!(out.theta, q.full_thetas[best_epoch]);
    let restored = q.validation_loss(out.theta.view()).unwrap();
    assert_eq!(restored, h.validation_loss[best_epoch - 1]);
    // the epoch whose parameters came back, and how the status reads
    assert_eq!(h.returned_epoch(out.status), best_epoch);
    assert_eq!(h.returned_epoch(Status::MaxIterations), out.n_iter);
    assert_eq!(
        format!("[{:<20}]", out.status),
        format!("[{:<20}]", format!("stopped, best = {best_epoch}"))
    );
}

// ---------------------------------------------------------------- settings

#[test]
fn training_builders_set_every_field() {
    let t = Training::new(Rule::adam(0.01), 12)
        .batch_size(32)
        .tol(1e-4)
        .early_stopping(3)
        .seed(7)
        .progress_every(4);
    assert_eq!(t.rule, Rule::adam(0.01));
    assert_eq!(t.batch_size, Some(32));
    assert_eq!(t.epochs, 12);
    assert_eq!(t.tol, 1e-4);
    assert_eq!(t.early_stopping, Some(EarlyStopping { patience: 3 }));
    assert_eq!(t.seed, 7);
    assert_eq!(t.progress_every, Some(4));
    let d = Training::new(Rule::gradient_descent(0.1), 5);
    assert_eq!(
        (
            d.batch_size,
            d.tol,
            d.early_stopping,
            d.seed,
            d.progress_every
        ),
        (None, mlfs_core::optim::DEFAULT_TOL, None, 0, None)
    );
    assert_eq!(Rule::nesterov(0.2, 0.9).learning_rate(), 0.2);
    assert_eq!(
        [
            Rule::gradient_descent(0.1).name(),
            Rule::momentum(0.1, 0.9).name(),
            Rule::nesterov(0.1, 0.9).name(),
            Rule::adam(0.1).name()
        ],
        ["gradient descent", "momentum", "Nesterov", "Adam"]
    );
}

#[test]
fn bad_settings_are_named_in_the_error() {
    let adam = |beta1, beta2, epsilon| Rule::Adam {
        learning_rate: 0.1,
        beta1,
        beta2,
        epsilon,
    };
    let cases = [
        (
            Training::new(Rule::gradient_descent(0.0), 5),
            "learning_rate",
        ),
        (
            Training::new(Rule::gradient_descent(f64::INFINITY), 5),
            "learning_rate",
        ),
        (Training::new(Rule::momentum(0.1, 1.0), 5), "momentum"),
        (Training::new(Rule::nesterov(0.1, -0.5), 5), "momentum"),
        (Training::new(adam(1.0, 0.999, 1e-8), 5), "beta1"),
        (Training::new(adam(0.9, 1.5, 1e-8), 5), "beta2"),
        (Training::new(adam(0.9, 0.999, 0.0), 5), "epsilon"),
        (
            Training::new(Rule::adam(0.1), 5).batch_size(0),
            "batch_size",
        ),
        (
            Training::new(Rule::adam(0.1), 5).batch_size(11),
            "batch_size",
        ),
        (Training::new(Rule::adam(0.1), 0), "epochs / max_iter"),
        (Training::new(Rule::adam(0.1), 5).tol(f64::NAN), "tol"),
        (
            Training::new(Rule::adam(0.1), 5).progress_every(0),
            "progress_every",
        ),
        (
            Training::new(Rule::adam(0.1), 5).early_stopping(0),
            "patience",
        ),
    ];
    for (t, expected) in cases {
        let err = t.check(10, true).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidParameter { name, .. } if name == expected),
            "{t:?}: {err:?}"
        );
    }
    // early stopping needs a validation set
    let t = Training::new(Rule::adam(0.1), 5).early_stopping(2);
    assert!(t.check(10, true).is_ok());
    let err = t.check(10, false).unwrap_err();
    assert!(err.to_string().contains("validation set"), "{err}");
    // the whole training set as one batch is fine
    assert!(Training::new(Rule::adam(0.1), 5)
        .batch_size(10)
        .check(10, false)
        .is_ok());
}
