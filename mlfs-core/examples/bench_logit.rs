//! Time `mlfs_core::logistic` Newton/IRLS fits on data written by `tools/bench_part2.py`, for the
//! Part 2 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_logit -- X.f64 y.f64 N P REPEATS
//! ```
//!
//! X is used as given (the script standardises it, so every tool sees the same matrix), without
//! a penalty. Prints one JSON line: every repeat's wall time in seconds, the peak bytes allocated
//! during one fit, the Newton iterations, and the fitted θ for the agreement check; and, for the
//! report's explanation, parts of a fit timed alone (the fastest of the repeats, in seconds):
//! `auc` (one ROC AUC of the n training logits, which the fit records after every iteration
//! when it has a validation set), `logits` (z = θ₀ + Xw, one read of X), `hessian_product`
//! (Σ X_bᵀ[X_b | 1 | r_b] over blocks of 512 rows: the matrix product of one Newton pass, full
//! square) and `gradient_product` (Xᵀr row by row, the product of a chord step's pass); and
//! `passes`, the fit's passes over the data by kind (from its summary). Without
//! standardisation the fit makes no copy of X: its passes read X and treat the column of ones
//! of X₁ = [1 | X] implicitly.

use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::metrics;
use mlfs_core::ndarray::linalg::general_mat_mul;
use mlfs_core::ndarray::{s, Array1, Array2, Axis};

mod common; // also installs the counting global allocator
use common::{fastest, times};

fn main() {
    let (x, y, repeats, extra) =
        common::read_problem("bench_logit X.f64 y.f64 N P REPEATS [chord]");
    let solver = match extra.first().map(String::as_str) {
        Some("chord") => Solver::newton_chord(),
        _ => Solver::newton(),
    };
    let model = LogisticRegression::new(solver).standardize(false);
    let (fit, peak_bytes) = common::peak_bytes_of(|| model.fit(&x, &y, None).expect("fit"));
    let (theta, n_iter) = (fit.params().clone(), fit.n_iter());
    let passes = fit.summary().expect("summary").passes;
    drop(fit);
    let seconds = times(repeats, || model.fit(&x, &y, None).expect("fit"));

    let logits_of = || x.dot(&theta.slice(s![1..])) + theta[0]; // z = θ₀ + Xw
    let z = logits_of();
    let auc = fastest(times(repeats, || metrics::auc(&y, &z).expect("auc")));
    let logits = fastest(times(repeats, logits_of));
    let hessian_product = fastest(times(repeats, || hessian_product(&x, &y)));
    let gradient_product = fastest(times(repeats, || gradient_product(&x, &y)));
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"n_iter\": {n_iter}, \
         \"theta\": {:?}, \"auc\": {auc}, \"logits\": {logits}, \
         \"hessian_product\": {hessian_product}, \"gradient_product\": {gradient_product}, \
         \"passes\": {{\"hessian\": {}, \"gradient\": {}, \"loss\": {}}}}}",
        theta.to_vec(),
        passes.hessian,
        passes.gradient,
        passes.loss
    );
}

/// Σ over blocks of 512 rows of X_bᵀ[X_b | 1 | y_b]: the arithmetic of one Hessian-and-gradient
/// product without the weights (all p×(p+2) entries, not only the upper half; the column of
/// 1s stands for the weights w_b, which give the intercept's column Xᵀw).
fn hessian_product(x: &Array2<f64>, y: &Array1<f64>) -> Array2<f64> {
    let p = x.ncols();
    let mut hg = Array2::<f64>::zeros((p, p + 2));
    let mut d = Array2::<f64>::ones((512.min(x.nrows()), p + 2));
    for (xb, yb) in x
        .axis_chunks_iter(Axis(0), 512)
        .zip(y.axis_chunks_iter(Axis(0), 512))
    {
        let m = xb.nrows();
        d.slice_mut(s![..m, ..p]).assign(&xb);
        d.slice_mut(s![..m, p + 1]).assign(&yb);
        general_mat_mul(1.0, &xb.t(), &d.slice(s![..m, ..]), 1.0, &mut hg);
    }
    hg
}

/// Xᵀr accumulated row by row (g += rᵢ xᵢ), as a chord step's pass does, with y as r.
fn gradient_product(x: &Array2<f64>, r: &Array1<f64>) -> Vec<f64> {
    let mut g = vec![0.0; x.ncols()];
    let rows = x
        .as_slice()
        .expect("X in standard layout")
        .chunks_exact(x.ncols());
    for (row, &ri) in rows.zip(r) {
        for (gj, &xj) in g.iter_mut().zip(row) {
            *gj += ri * xj;
        }
    }
    g
}
