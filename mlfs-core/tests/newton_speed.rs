//! The fused Newton pass (logits, loss, Hessian and gradient in one sweep over blocks of rows,
//! upper half of H only) against a direct Newton iteration written with whole-matrix products.

mod support;

use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::ndarray::{Array1, Array2, Axis};
use support::{max_rel_err, random_matrix};

/// Labels drawn from a logistic model with coefficients θ (intercept first).
fn logistic_labels(x: &Array2<f64>, theta: &[f64], seed: u64) -> Array1<f64> {
    let u = support::random_vector(x.nrows(), seed).mapv(|v| 0.5 + 0.5 * v.tanh());
    let z = x.dot(&Array1::from(theta[1..].to_vec())) + theta[0];
    Array1::from_iter(
        z.iter()
            .zip(&u)
            .map(|(z, u)| f64::from(*u < 1.0 / (1.0 + (-z).exp()))),
    )
}

/// Plain Newton, θ ← θ − (X₁ᵀWX₁)⁻¹ X₁ᵀ(p − y), with full products and no blocking.
fn reference_newton(x: &Array2<f64>, y: &Array1<f64>) -> (Array1<f64>, Array2<f64>) {
    let (n, p) = x.dim();
    let mut x1 = Array2::<f64>::ones((n, p + 1));
    x1.slice_mut(mlfs_core::ndarray::s![.., 1..]).assign(x);
    let mut theta = Array1::<f64>::zeros(p + 1);
    let mut h = Array2::<f64>::zeros((p + 1, p + 1));
    for _ in 0..30 {
        let prob = x1.dot(&theta).mapv(|z| 1.0 / (1.0 + (-z).exp()));
        let w = prob.mapv(|p| p * (1.0 - p));
        h = x1.t().dot(&(&x1 * &w.view().insert_axis(Axis(1))));
        let g = x1.t().dot(&(&prob - y));
        let delta = solve(&h, &g);
        theta = &theta - &delta;
        if delta.iter().all(|d| d.abs() < 1e-13) {
            break;
        }
    }
    (theta, h)
}

/// Solve H δ = g by Gaussian elimination with partial pivoting (test helper only).
fn solve(h: &Array2<f64>, g: &Array1<f64>) -> Array1<f64> {
    let k = g.len();
    let mut a = h.clone();
    let mut b = g.clone();
    for c in 0..k {
        let piv = (c..k)
            .max_by(|&i, &j| a[[i, c]].abs().total_cmp(&a[[j, c]].abs()))
            .unwrap();
        for j in 0..k {
            a.swap([c, j], [piv, j]);
        }
        b.swap(c, piv);
        for i in c + 1..k {
            let f = a[[i, c]] / a[[c, c]];
            for j in c..k {
                a[[i, j]] -= f * a[[c, j]];
            }
            b[i] -= f * b[c];
        }
    }
    let mut x = Array1::<f64>::zeros(k);
    for i in (0..k).rev() {
        let tail: f64 = (i + 1..k).map(|j| a[[i, j]] * x[j]).sum();
        x[i] = (b[i] - tail) / a[[i, i]];
    }
    x
}

#[test]
fn blocked_newton_matches_plain_newton_over_several_blocks_odd_width() {
    // 1300 rows = 2 full blocks of 512 and a remainder; q = p + 1 even and odd, narrow (one
    // product for all of [H | g]) and wide (upper half only, split at q/2).
    for (p, seed) in [(7, 1), (8, 2), (20, 3), (25, 4)] {
        let x = random_matrix(1300, p, seed);
        let theta_true: Vec<f64> = (0..=p)
            .map(|j| (0.3 * (j as f64) - 0.8) * 3.0 / p as f64)
            .collect();
        let y = logistic_labels(&x, &theta_true, seed + 10);
        let (theta, h) = reference_newton(&x, &y);
        for solver in [Solver::newton(), Solver::newton_chord()] {
            check_against_reference(solver, &x, &y, &theta, &h);
        }
    }
}

#[test]
fn blocked_newton_matches_plain_newton_on_other_shapes() {
    // Without standardisation the passes read X and treat the column of ones implicitly: one
    // feature (q = 2), fewer rows than a block, an exact number of blocks, a short last block.
    for (n, p, seed) in [(700, 1, 5), (300, 3, 6), (1024, 9, 7), (513, 16, 8)] {
        let x = random_matrix(n, p, seed);
        let theta_true: Vec<f64> = (0..=p).map(|j| 0.4 - 0.2 * j as f64 / p as f64).collect();
        let y = logistic_labels(&x, &theta_true, seed + 10);
        let (theta, h) = reference_newton(&x, &y);
        for solver in [Solver::newton(), Solver::newton_chord()] {
            check_against_reference(solver, &x, &y, &theta, &h);
        }
    }
}

#[test]
fn standardised_newton_reads_its_copy_with_the_column_of_ones() {
    // With standardisation the fit makes one copy, [1 | Z], and its passes read that: the same
    // answer as plain Newton on the standardised Z.
    for (n, p, seed) in [(1300, 4, 11), (600, 12, 12)] {
        let x = random_matrix(n, p, seed).mapv(|v| 3.0 * v + 1.5);
        let theta_true: Vec<f64> = (0..=p).map(|j| 0.5 - 0.1 * j as f64).collect();
        let y = logistic_labels(&x, &theta_true, seed + 10);
        let z = (&x - &x.mean_axis(Axis(0)).unwrap()) / &x.std_axis(Axis(0), 0.0);
        let (theta, _) = reference_newton(&z, &y);
        for solver in [Solver::newton(), Solver::newton_chord()] {
            let fit = LogisticRegression::new(solver).fit(&x, &y, None).unwrap();
            let err = max_rel_err(fit.params().as_slice().unwrap(), theta.as_slice().unwrap());
            assert!(err < 1e-9, "p = {p}: θ relative error {err:e}");
        }
    }
}

/// A fit with `solver` against plain Newton's θ̂ and the standard errors from its H at θ̂.
fn check_against_reference(
    solver: Solver,
    x: &Array2<f64>,
    y: &Array1<f64>,
    theta: &Array1<f64>,
    h: &Array2<f64>,
) {
    let p = x.ncols();
    {
        let fit = LogisticRegression::new(solver)
            .standardize(false)
            .fit(x, y, None)
            .unwrap();
        let err = max_rel_err(fit.params().as_slice().unwrap(), theta.as_slice().unwrap());
        assert!(err < 1e-10, "p = {p}: θ relative error {err:e}");
        // Standard errors: √diag(H⁻¹) at θ̂.
        let k = p + 1;
        let se_ref: Vec<f64> = (0..k)
            .map(|j| {
                let mut e = Array1::<f64>::zeros(k);
                e[j] = 1.0;
                solve(h, &e)[j].sqrt()
            })
            .collect();
        let summary = fit.summary().unwrap();
        let err = max_rel_err(summary.std_err.as_slice().unwrap(), &se_ref);
        assert!(err < 1e-8, "p = {p}: standard-error relative error {err:e}");
    }
}
