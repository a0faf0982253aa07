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
//! `prepare` (the copy of X into X₁ = [1 | X] that `fit` makes), `auc` (one ROC AUC of the n
//! training logits, which the fit records after every iteration), `logits` (z = X₁θ, one read
//! of X₁), `hessian_product` (Σ X_bᵀ[X_b | r_b] over blocks of 512 rows: the matrix product
//! of one Newton pass, full square) and `gradient_product` (X₁ᵀr row by row, the product of a
//! chord step's pass); and `passes`, the fit's passes over X₁ by kind (from its summary).

use std::time::Instant;

use mlfs_core::logistic::loss::with_intercept;
use mlfs_core::logistic::{LogisticRegression, Solver};
use mlfs_core::metrics;
use mlfs_core::ndarray::linalg::general_mat_mul;
use mlfs_core::ndarray::{Array1, Array2, Axis};

mod common; // also installs the counting global allocator

/// The wall time of each of `repeats` runs of `f`.
fn times<T>(repeats: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect()
}

fn fastest(v: Vec<f64>) -> f64 {
    v.into_iter().fold(f64::INFINITY, f64::min)
}

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

    let x1 = with_intercept(x.view());
    let z = x1.dot(&theta);
    let prepare = fastest(times(repeats, || with_intercept(x.clone().view())));
    let auc = fastest(times(repeats, || metrics::auc(&y, &z).expect("auc")));
    let logits = fastest(times(repeats, || x1.dot(&theta)));
    let hessian_product = fastest(times(repeats, || hessian_product(&x1, &y)));
    let gradient_product = fastest(times(repeats, || gradient_product(&x1, &y)));
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"n_iter\": {n_iter}, \
         \"theta\": {:?}, \"prepare\": {prepare}, \"auc\": {auc}, \"logits\": {logits}, \
         \"hessian_product\": {hessian_product}, \"gradient_product\": {gradient_product}, \
         \"passes\": {{\"hessian\": {}, \"gradient\": {}, \"loss\": {}}}}}",
        theta.to_vec(),
        passes.hessian,
        passes.gradient,
        passes.loss
    );
}

/// Σ over blocks of 512 rows of X_bᵀ[X_b | y_b]: the arithmetic of one Hessian-and-gradient
/// product without the weights (all q×(q+1) entries, not only the upper half).
fn hessian_product(x1: &Array2<f64>, y: &Array1<f64>) -> Array2<f64> {
    let q = x1.ncols();
    let mut hg = Array2::<f64>::zeros((q, q + 1));
    let mut d = Array2::<f64>::zeros((512.min(x1.nrows()), q + 1));
    for (xb, yb) in x1
        .axis_chunks_iter(Axis(0), 512)
        .zip(y.axis_chunks_iter(Axis(0), 512))
    {
        let m = xb.nrows();
        d.slice_mut(mlfs_core::ndarray::s![..m, ..q]).assign(&xb);
        d.slice_mut(mlfs_core::ndarray::s![..m, q]).assign(&yb);
        general_mat_mul(
            1.0,
            &xb.t(),
            &d.slice(mlfs_core::ndarray::s![..m, ..]),
            1.0,
            &mut hg,
        );
    }
    hg
}

/// X₁ᵀr accumulated row by row (g += rᵢ xᵢ), as a chord step's pass does, with y as r.
fn gradient_product(x1: &Array2<f64>, r: &Array1<f64>) -> Vec<f64> {
    let mut g = vec![0.0; x1.ncols()];
    let rows = x1
        .as_slice()
        .expect("X₁ in standard layout")
        .chunks_exact(x1.ncols());
    for (row, &ri) in rows.zip(r) {
        for (gj, &xj) in g.iter_mut().zip(row) {
            *gj += ri * xj;
        }
    }
    g
}
