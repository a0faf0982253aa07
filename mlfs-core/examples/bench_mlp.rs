//! Time the series' `[8, 3]` experiment with `mlfs_core::nn` on data written by
//! `tools/bench_part3.py`, for the Part 3 comparison table (docs/benchmarks/).
//!
//! ```text
//! cargo run --release --example bench_mlp -- X.f64 y.f64 N P REPEATS N_TRAIN
//! ```
//!
//! The first N_TRAIN rows train, the rest test: sigmoid units, N(0, 0.1²) initial weights,
//! full-batch gradient descent with learning rate 1.0 for 2000 iterations. Prints one JSON line:
//!
//! - `seconds`: every repeat's wall time of one training run; `peak_bytes`: bytes allocated at
//!   the high-water mark of one run;
//! - `accuracy`, `auc`, `test_proba`: on the test rows;
//! - `initial`, `final`: the parameters before and after training, per layer, W⁽ˡ⁾ as n_l rows
//!   of n_{l−1} (scikit-learn's `coefs_[l − 1]` is its transpose), so that the Python side can
//!   start scikit-learn from the same weights and compare where both end;
//! - `floor`: one training iteration taken apart (see [`floor`]).

use std::time::Instant;

use mlfs_core::metrics;
use mlfs_core::ndarray::s;
use mlfs_core::nn::{Init, Mlp, Network};
use mlfs_core::optim::{Rule, Training};

mod common; // also installs the counting global allocator

const HIDDEN: [usize; 2] = [8, 3];
const ITERATIONS: usize = 2000;
const LEARNING_RATE: f64 = 1.0;

fn main() {
    let (x, y, repeats, extra) = common::read_problem("bench_mlp X.f64 y.f64 N P REPEATS N_TRAIN");
    let n_train: usize = extra.first().expect("N_TRAIN").parse().expect("N_TRAIN");
    let (x_train, y_train) = (
        x.slice(s![..n_train, ..]).to_owned(),
        y.slice(s![..n_train]).to_owned(),
    );
    let (x_test, y_test) = (
        x.slice(s![n_train.., ..]).to_owned(),
        y.slice(s![n_train..]).to_owned(),
    );
    let training = Training::new(Rule::gradient_descent(LEARNING_RATE), ITERATIONS);
    let mlp = Mlp::new(&HIDDEN, training)
        .init(Init::Normal { std: 0.1 })
        .seed(0);
    let fit = || mlp.fit(&x_train, &y_train, None).expect("fit");
    let initial = mlp.initial_network(x.ncols()).expect("network");
    let (trained, peak_bytes) = common::peak_bytes_of(fit);
    let scores = trained.decision_function(&x_test).expect("scores");
    let proba = trained
        .predict_proba(&x_test)
        .expect("proba")
        .column(1)
        .to_owned();
    let predicted = trained.predict(&x_test).expect("predict");
    let accuracy = metrics::accuracy(&y_test, &predicted).expect("accuracy");
    let auc = metrics::auc(&y_test, &scores).expect("auc");
    let seconds: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(fit());
            t.elapsed().as_secs_f64()
        })
        .collect();
    let floor = floor::measure(&initial, &x_train, &y_train);
    println!(
        "{{\"seconds\": {seconds:?}, \"peak_bytes\": {peak_bytes}, \"n_iter\": {}, \
         \"accuracy\": {accuracy}, \"auc\": {auc}, \"test_proba\": {:?}, \
         \"initial\": {}, \"final\": {}, \"floor\": {floor}}}",
        trained.n_iter(),
        proba.to_vec(),
        params_json(&initial),
        params_json(trained.network()),
    );
}

/// `{"weights": [W⁽¹⁾, …], "biases": [b⁽¹⁾, …]}` with each W⁽ˡ⁾ as a list of its rows. Rust's
/// `{:?}` prints the shortest decimal that reads back to the same f64, so the values are exact.
fn params_json(net: &Network) -> String {
    let layers = 1..=net.depth();
    let weights: Vec<String> = layers
        .clone()
        .map(|l| {
            let w = net.weights(l).expect("layer");
            let rows: Vec<String> = w
                .rows()
                .into_iter()
                .map(|r| format!("{:?}", r.to_vec()))
                .collect();
            format!("[{}]", rows.join(", "))
        })
        .collect();
    let biases: Vec<String> = layers
        .map(|l| format!("{:?}", net.biases(l).expect("layer").to_vec()))
        .collect();
    format!(
        "{{\"weights\": [{}], \"biases\": [{}]}}",
        weights.join(", "),
        biases.join(", ")
    )
}

/// One training iteration taken apart, to show where its time goes and what bounds it.
///
/// [`measure`] re-runs, step by step, the work of one gradient evaluation of
/// `mlfs_core::nn`'s training workspace — the same matrix products with the same shapes and
/// memory layouts (every matrix stored unit by example, n_l × n, plus a row-major copy of X;
/// ndarray's `general_mat_mul`, or `dot` and `scaled_add` for the output unit's
/// matrix–vector products and for small weight gradients), and the same element-wise passes
/// with the same functions — and times every step on its own (the minimum over many
/// repetitions, so that other processes on the machine inflate it as little as possible). It
/// also times one 256³ product, whose rate is the best matrixmultiply reaches on this machine.
mod floor {
    use std::time::Instant;

    use mlfs_core::ndarray::linalg::general_mat_mul;
    use mlfs_core::ndarray::{Array1, Array2, Zip};
    use mlfs_core::nn::Network;
    use mlfs_core::sigmoid::{exp_poly, ln_1p_poly, sigmoid_poly};

    const REPETITIONS: usize = 400;

    /// One timed step: its name, its kind ("product" or "elementwise"), the floating-point
    /// operations of a product (2 per multiply-add) or the elements of a pass, and its best time.
    struct Step {
        name: String,
        kind: &'static str,
        work: f64,
        seconds: f64,
    }

    /// Buffers in the workspace's layout for the network's widths and n rows.
    struct Buffers {
        x: Array2<f64>,
        /// at[0] = Xᵀ; at[l] = A⁽ˡ⁾ᵀ (n_l × n)
        at: Vec<Array2<f64>>,
        /// dt[l] = Δ⁽ˡ⁾ᵀ (n_l × n)
        dt: Vec<Array2<f64>>,
        w: Vec<Array2<f64>>,
        b: Vec<Array1<f64>>,
        gw: Vec<Array2<f64>>,
        gb: Vec<Array1<f64>>,
        yt: Array2<f64>,
    }

    pub fn measure(net: &Network, x: &Array2<f64>, y: &Array1<f64>) -> String {
        let depth = net.depth();
        let n = x.nrows();
        let mut widths = vec![net.n_inputs()];
        widths.extend_from_slice(net.hidden_widths());
        widths.push(1);
        let mut buf = Buffers {
            x: x.clone(),
            at: vec![x.t().as_standard_layout().into_owned()],
            dt: vec![Array2::zeros((0, 0))],
            w: vec![Array2::zeros((0, 0))],
            b: vec![Array1::zeros(0)],
            gw: vec![Array2::zeros((0, 0))],
            gb: vec![Array1::zeros(0)],
            yt: y.clone().insert_axis(mlfs_core::ndarray::Axis(0)),
        };
        for l in 1..=depth {
            buf.at.push(Array2::zeros((widths[l], n)));
            buf.dt.push(Array2::zeros((widths[l], n)));
            buf.w.push(net.weights(l).expect("layer").to_owned());
            buf.b.push(net.biases(l).expect("layer").to_owned());
            buf.gw.push(Array2::zeros((widths[l], widths[l - 1])));
            buf.gb.push(Array1::zeros(widths[l]));
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut iteration = f64::INFINITY;
        for _ in 0..REPETITIONS {
            let start = Instant::now();
            one_iteration(&mut buf, &widths, &mut steps);
            iteration = iteration.min(start.elapsed().as_secs_f64());
        }
        let peak = peak_gflops();
        let rows: Vec<String> = steps
            .iter()
            .map(|s| {
                format!(
                    "{{\"name\": \"{}\", \"kind\": \"{}\", \"work\": {}, \"seconds\": {:e}}}",
                    s.name, s.kind, s.work, s.seconds
                )
            })
            .collect();
        format!(
            "{{\"steps\": [{}], \"iteration_seconds\": {iteration:e}, \"peak_gflops\": {peak}, \
             \"repetitions\": {REPETITIONS}}}",
            rows.join(", ")
        )
    }

    /// Time `f` and record it under `name` (keeping the minimum over repetitions).
    fn timed(steps: &mut Vec<Step>, name: String, kind: &'static str, work: f64, f: impl FnOnce()) {
        let start = Instant::now();
        f();
        let t = start.elapsed().as_secs_f64();
        match steps.iter_mut().find(|s| s.name == name) {
            Some(s) => s.seconds = s.seconds.min(t),
            None => steps.push(Step {
                name,
                kind,
                work,
                seconds: t,
            }),
        }
    }

    /// The work of `Workspace::loss_and_gradient` for a sigmoid network with a sigmoid output
    /// and λ = 0, step by step.
    fn one_iteration(buf: &mut Buffers, widths: &[usize], steps: &mut Vec<Step>) {
        let depth = widths.len() - 1;
        let n = buf.x.nrows();
        let mac = |a: usize, b: usize| 2.0 * (n * a * b) as f64;
        for l in 1..=depth {
            let (below, above) = buf.at.split_at_mut(l);
            let w = &buf.w[l];
            let work = mac(widths[l - 1], widths[l]);
            timed(
                steps,
                format!("Z{l} = A{} W{l}ᵀ", l - 1),
                "product",
                work,
                || {
                    if widths[l] == 1 {
                        let mut z = above[0].row_mut(0);
                        z.fill(0.0);
                        for (a, &w) in below[l - 1].outer_iter().zip(w.row(0)) {
                            z.scaled_add(w, &a);
                        }
                    } else {
                        let mut z = above[0].view_mut().reversed_axes();
                        general_mat_mul(1.0, &below[l - 1].t(), &w.t(), 0.0, &mut z)
                    }
                },
            );
            let elements = (n * widths[l]) as f64;
            if l < depth {
                let (zt, b) = (&mut above[0], &buf.b[l]);
                timed(
                    steps,
                    format!("A{l} = σ(Z{l} + b{l})"),
                    "elementwise",
                    elements,
                    || {
                        for (mut row, &b) in zt.outer_iter_mut().zip(b) {
                            row.mapv_inplace(|z| sigmoid_poly(z + b));
                        }
                    },
                );
            } else {
                let (zt, d, yt, b) = (&mut above[0], &mut buf.dt[l], &buf.yt, buf.b[l][0]);
                timed(
                    steps,
                    format!("J and Δ{l} from Z{l}"),
                    "elementwise",
                    elements,
                    || {
                        Zip::from(&mut *zt).and(d).and(yt).for_each(|z, d, &y| {
                            let z1 = *z + b;
                            let e = exp_poly(-z1.abs());
                            let a = if z1 >= 0.0 { 1.0 } else { e } / (1.0 + e);
                            *d = a - y;
                            *z = y * (-z1).max(0.0) + (1.0 - y) * z1.max(0.0) + ln_1p_poly(e);
                        });
                        std::hint::black_box(zt.sum());
                    },
                );
            }
        }
        for l in (1..=depth).rev() {
            let (gw, dt, at, x) = (&mut buf.gw[l], &buf.dt[l], &buf.at[l - 1], &buf.x);
            let work = mac(widths[l], widths[l - 1]);
            timed(
                steps,
                format!("∂J/∂W{l} = Δ{l}ᵀ A{}", l - 1),
                "product",
                work,
                || {
                    let (rows, cols) = (widths[l], widths[l - 1]);
                    if rows * cols <= 3 * (rows + cols) {
                        for (mut g, delta) in gw.outer_iter_mut().zip(dt.outer_iter()) {
                            for (g, a) in g.iter_mut().zip(at.outer_iter()) {
                                *g = delta.dot(&a);
                            }
                        }
                    } else if l == 1 {
                        general_mat_mul(1.0, dt, x, 0.0, gw)
                    } else {
                        let mut gw_t = gw.view_mut().reversed_axes();
                        general_mat_mul(1.0, at, &dt.t(), 0.0, &mut gw_t)
                    }
                },
            );
            let gb = &mut buf.gb[l];
            timed(
                steps,
                format!("∂J/∂b{l} = 1ᵀΔ{l}"),
                "elementwise",
                (n * widths[l]) as f64,
                || {
                    for (g, row) in gb.iter_mut().zip(dt.outer_iter()) {
                        *g = row.sum();
                    }
                },
            );
            if l > 1 {
                let (below, above) = buf.dt.split_at_mut(l);
                let (lower, upper, w, a) =
                    (&mut below[l - 1], &above[0], &buf.w[l], &buf.at[l - 1]);
                timed(
                    steps,
                    format!("Δ{} = Δ{l} W{l}", l - 1),
                    "product",
                    work,
                    || {
                        if widths[l] == 1 {
                            for (mut d, &w) in lower.outer_iter_mut().zip(w.row(0)) {
                                d.zip_mut_with(&upper.row(0), |d, &g| *d = w * g);
                            }
                        } else {
                            let mut d = lower.view_mut().reversed_axes();
                            general_mat_mul(1.0, &upper.t(), w, 0.0, &mut d)
                        }
                    },
                );
                let elements = (n * widths[l - 1]) as f64;
                timed(
                    steps,
                    format!("Δ{} ⊙= σ′", l - 1),
                    "elementwise",
                    elements,
                    || lower.zip_mut_with(a, |d, &a| *d *= a * (1.0 - a)),
                );
            }
        }
        let (gw, gb) = (&mut buf.gw, &mut buf.gb);
        let nf = n as f64;
        timed(steps, "∇J /= n".into(), "elementwise", 0.0, || {
            for g in gw.iter_mut() {
                g.mapv_inplace(|g| g / nf);
            }
            for g in gb.iter_mut() {
                g.mapv_inplace(|g| g / nf);
            }
        });
    }

    /// GFLOP/s of one 256 × 256 × 256 product, the best of many: what matrixmultiply reaches
    /// on this machine when packing and call overheads are negligible.
    fn peak_gflops() -> f64 {
        let m = 256;
        let a = Array2::from_shape_fn((m, m), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0);
        let b = a.t().to_owned();
        let mut c = Array2::zeros((m, m));
        let mut best = f64::INFINITY;
        for _ in 0..100 {
            let start = Instant::now();
            general_mat_mul(1.0, &a, &b, 0.0, &mut c);
            best = best.min(start.elapsed().as_secs_f64());
        }
        2.0 * (m * m * m) as f64 / best / 1e9
    }
}
