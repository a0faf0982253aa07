//! Time `mlfs_core::logistic` Newton/IRLS fits on data written by `tools/bench_part2.py`, for the
//! Part 2 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_logit -- X.f64 y.f64 N P REPEATS
//! ```
//!
//! X is used as given (the script standardises it, so every tool sees the same matrix), without
//! a penalty. Prints one JSON line: every repeat's wall time in seconds, the peak bytes allocated
//! during one fit, the Newton iterations, and the fitted θ for the agreement check.

use std::time::Instant;

use mlfs_core::logistic::{LogisticRegression, Solver};

mod common; // also installs the counting global allocator

fn main() {
    let (x, y, repeats, _) = common::read_problem("bench_logit X.f64 y.f64 N P REPEATS");
    let model = LogisticRegression::new(Solver::newton()).standardize(false);
    let (fit, peak_bytes) = common::peak_bytes_of(|| model.fit(&x, &y, None).expect("fit"));
    let (theta, n_iter) = (fit.params().to_vec(), fit.n_iter());
    drop(fit);

    let seconds: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            let fit = model.fit(&x, &y, None).expect("fit");
            let s = t.elapsed().as_secs_f64();
            std::hint::black_box(fit);
            s
        })
        .collect();
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"n_iter\": {n_iter}, \"theta\": {theta:?}}}"
    );
}
