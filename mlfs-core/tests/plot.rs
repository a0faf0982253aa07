//! `mlfs_core::plot`: every helper renders a PNG (checked by decoding it back), and bad input is
//! a typed error. Set `MLFS_PLOT_DIR` to keep the PNGs for a look.

use mlfs_core::ndarray::{Array1, Array2};
use mlfs_core::plot::{self, Figure};
use mlfs_core::Error;

fn check_png(name: &str, fig: &Figure) {
    let bytes = fig.png_bytes().unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), fig.size(), "{name}");
    assert_eq!(
        &buf[..info.buffer_size()],
        fig.pixels(),
        "{name}: PNG round trip"
    );
    // something was drawn: not every pixel is white
    assert!(
        fig.pixels().iter().any(|&p| p < 128),
        "{name}: blank figure"
    );
    assert!(
        bytes.len() < 200_000,
        "{name}: {} bytes is too big for GitHub",
        bytes.len()
    );
    if let Ok(dir) = std::env::var("MLFS_PLOT_DIR") {
        fig.save(std::path::Path::new(&dir).join(format!("{name}.png")))
            .unwrap();
    }
}

fn xs(n: usize) -> Array1<f64> {
    Array1::from_shape_fn(n, |i| (i + 1) as f64)
}

#[test]
fn scatter_and_line_render() {
    let x = xs(50);
    let y = x.mapv(|v| (v / 5.0).sin());
    check_png(
        "scatter",
        &plot::scatter("scatter", &x, &y)
            .labels("x", "y")
            .render()
            .unwrap(),
    );
    check_png("line", &plot::line("line", &x, &y).render().unwrap());
}

#[test]
fn loss_curves_on_a_log_axis_with_a_legend() {
    let it = xs(1000);
    let train = it.mapv(|i| 1.0 / i.sqrt());
    let val = it.mapv(|i| 1.1 / i.sqrt() + 0.01);
    let fig = plot::loss_curves("loss")
        .line("train", &it, &train)
        .line("validation", &it, &val)
        .render()
        .unwrap();
    check_png("loss_curves", &fig);
}

#[test]
fn log_axis_rejects_non_positive_x() {
    let err = plot::loss_curves("loss")
        .line("train", &[0.0, 1.0], &[1.0, 0.5])
        .render()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
}

#[test]
fn predicted_vs_actual_and_roc_render() {
    let a = xs(40);
    let p = a.mapv(|v| v + (v * 1.7).sin() * 3.0);
    let fig = plot::predicted_vs_actual("fit")
        .points("train", &a, &p)
        .render()
        .unwrap();
    check_png("predicted_vs_actual", &fig);
    let fpr = Array1::linspace(0.0, 1.0, 30);
    let tpr = fpr.mapv(|f: f64| f.sqrt());
    check_png(
        "roc",
        &plot::roc("ROC")
            .line("model (AUC 0.67)", &fpr, &tpr)
            .render()
            .unwrap(),
    );
}

#[test]
fn decision_boundary_renders_and_checks_shapes() {
    let x = Array2::from_shape_fn((60, 2), |(i, j)| ((i * (j + 3)) as f64 * 0.37).sin() * 2.0);
    let labels = x.column(0).mapv(|v| if v > 0.0 { 1.0 } else { 0.0 });
    let fig = plot::decision_boundary("boundary", &x, &labels, 80, |g| {
        Ok(g.column(0).mapv(|v| 1.0 / (1.0 + (-3.0 * v).exp())))
    })
    .unwrap();
    check_png("decision_boundary", &fig);
    let wrong = plot::decision_boundary("b", &x, &labels, 80, |_| Ok(Array1::zeros(3)));
    assert!(matches!(wrong, Err(Error::ShapeMismatch { .. })));
    let three = Array2::zeros((5, 3));
    let err = plot::decision_boundary("b", &three, &Array1::zeros(5), 10, |g| {
        Ok(g.column(0).to_owned())
    });
    assert!(matches!(err, Err(Error::ShapeMismatch { .. })));
}

#[test]
fn image_grid_renders_and_checks_shapes() {
    let images = Array2::from_shape_fn((6, 64), |(k, i)| ((i % 8 + i / 8 + k) % 5) as f64);
    let captions: Vec<String> = (0..6).map(|k| format!("#{k}")).collect();
    let fig = plot::image_grid("digits", &images, (8, 8), &captions, 3).unwrap();
    check_png("image_grid", &fig);
    let err = plot::image_grid("d", &images, (7, 7), &captions, 3).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }));
    let err = plot::image_grid("d", &images, (8, 8), &captions[..2], 3).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }));
}

#[test]
fn bad_series_are_typed_errors_not_panics() {
    assert!(matches!(
        plot::Chart::new("empty").render(),
        Err(Error::EmptyInput { .. })
    ));
    assert!(matches!(
        plot::line("ragged", &[1.0, 2.0], &[1.0]).render(),
        Err(Error::ShapeMismatch { .. })
    ));
    assert!(matches!(
        plot::line("nan", &[1.0, 2.0], &[1.0, f64::NAN]).render(),
        Err(Error::NonFinite { .. })
    ));
}

#[test]
fn evcxr_display_and_save_agree() {
    let fig = plot::line("t", &[1.0, 2.0], &[2.0, 1.0]).render().unwrap();
    let path = std::env::temp_dir().join(format!("mlfs-plot-{}.png", std::process::id()));
    fig.save(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), fig.png_bytes().unwrap());
    // rendering is deterministic, so committed notebook images can be compared with fresh ones
    let again = plot::line("t", &[1.0, 2.0], &[2.0, 1.0]).render().unwrap();
    assert_eq!(again.png_bytes().unwrap(), fig.png_bytes().unwrap());
}

// ---- figures that do their job --------------------------------------------------------------

/// The RGB colour of a plotters colour, as stored in [`Figure::pixels`].
fn rgb(c: mlfs_core::plotters::style::RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

/// The pixel at column x, row y.
fn pixel(fig: &Figure, x: u32, y: u32) -> [u8; 3] {
    let i = 3 * (y * fig.size().0 + x) as usize;
    let p = fig.pixels();
    [p[i], p[i + 1], p[i + 2]]
}

/// The pixels (x, y) of exactly colour `c` with x in `xs` and y in `ys`.
fn pixels_of(
    fig: &Figure,
    c: [u8; 3],
    xs: std::ops::Range<u32>,
    ys: std::ops::Range<u32>,
) -> Vec<(u32, u32)> {
    xs.flat_map(|x| ys.clone().map(move |y| (x, y)))
        .filter(|&(x, y)| pixel(fig, x, y) == c)
        .collect()
}

/// The longest run of one non-white colour along `line` (pixel coordinates): (start, length).
fn longest_run(fig: &Figure, line: impl Iterator<Item = (u32, u32)>) -> (usize, usize) {
    let (mut best, mut start, mut run, mut previous) = ((0, 0), 0, 0, [255; 3]);
    for (k, (x, y)) in line.enumerate() {
        let c = pixel(fig, x, y);
        if c == [255; 3] || c != previous {
            (start, run) = (k, usize::from(c != [255; 3]));
        } else {
            run += 1;
        }
        previous = c;
        if run > best.1 {
            best = (start, run);
        }
    }
    best
}

/// How many pixels of colour `c` inside the plotting area `frame` (left, top, right, bottom)
/// lie on its edges or within two pixels of them, after checking that the curve of that colour
/// is there (≥ 100 pixels) and comes close to the left and top edges (within 12 pixels).
fn pixels_near_the_frame(
    fig: &Figure,
    c: mlfs_core::plotters::style::RGBColor,
    (left, top, right, bottom): (u32, u32, u32, u32),
) -> usize {
    let (w, h) = fig.size();
    let on_plot: Vec<(u32, u32)> = pixels_of(fig, rgb(c), 0..w, 0..h)
        .into_iter()
        .filter(|&(x, y)| (left..=right).contains(&x) && (top..=bottom).contains(&y))
        .collect();
    assert!(on_plot.len() >= 100, "{} curve pixels", on_plot.len());
    assert!(on_plot.iter().any(|&(x, _)| x <= left + 12));
    assert!(on_plot.iter().any(|&(_, y)| y <= top + 12));
    on_plot
        .iter()
        .filter(|&&(x, y)| x < left + 3 || x + 3 > right || y < top + 3 || y + 3 > bottom)
        .count()
}

/// The plotting area's frame (left, top, right, bottom) in pixels: the left axis is the column
/// with the longest straight vertical line, the bottom axis the row with the longest horizontal
/// one; their lengths give the top and the right edge.
fn frame(fig: &Figure) -> (u32, u32, u32, u32) {
    let (w, h) = fig.size();
    let (left, (_, height)) = (0..w)
        .map(|x| (x, longest_run(fig, (0..h).map(move |y| (x, y)))))
        .max_by_key(|(_, (_, len))| *len)
        .unwrap();
    let (bottom, (start, width)) = (0..h)
        .map(|y| (y, longest_run(fig, (0..w).map(move |x| (x, y)))))
        .max_by_key(|(_, (_, len))| *len)
        .unwrap();
    assert!(
        start.abs_diff(left as usize) <= 1,
        "the axes meet at the bottom-left corner"
    );
    (
        left,
        bottom + 1 - height as u32,
        (start + width) as u32 - 1,
        bottom,
    )
}

/// A validation-loss curve: falls to a minimum at `best`, then rises (over-fitting).
fn u_curve(n: usize, best: f64, floor: f64, wiggle: f64) -> Array1<f64> {
    Array1::from_shape_fn(n, |i| {
        let t = (i + 1) as f64;
        let u = (t / best).ln();
        floor + 0.02 * u * u + 0.12 * (-t / best).exp() + wiggle * (t * 2.3).sin() * (t / 200.0)
    })
}

#[test]
fn the_default_palette_is_okabe_ito() {
    let hex: Vec<String> = plot::PALETTE
        .iter()
        .map(|c| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2))
        .collect();
    for want in [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    ] {
        assert!(
            hex.contains(&want.to_string()),
            "{want} missing from {hex:?}"
        );
    }
}

#[test]
fn four_overlapping_stages_stay_distinguishable() {
    // stages 3 and 4 coincide exactly for 21 epochs; stage 2 nearly so
    let t1 = xs(2000);
    let v1 = u_curve(2000, 150.0, 0.055, 0.0);
    let t2 = xs(200);
    let v2 = u_curve(200, 4.0, 0.047, 0.002);
    let v3 = u_curve(200, 4.0, 0.05, 0.004);
    let t4 = xs(21);
    let v4 = v3.slice(mlfs_core::ndarray::s![..21]).to_owned();
    let chart = plot::loss_curves("Validation loss of the four stages")
        .labels("passes over the fit rows", "validation log-loss")
        .line("1 gradient descent", &t1, &v1)
        .line("2 mini-batch + momentum", &t2, &v2)
        .line("3 Nesterov", &t2, &v3)
        .line("4 Nesterov + early stopping", &t4, &v4)
        .with_marker(plot::Marker::Diamond)
        .y_range(0.03, 0.25);
    let fig = chart.render().unwrap();
    check_png("four_stages", &fig);
    let (w, h) = fig.size();
    let colour = |k: usize| rgb(plot::PALETTE[k]);
    // Stage 4 lies exactly on stage 3, yet stage 3 still shows (its dots between stage 4's
    // dashes and diamonds): at least a third of the pixels it has when drawn without stage 4.
    let without_4 = plot::loss_curves("Validation loss of the four stages")
        .labels("passes over the fit rows", "validation log-loss")
        .line("1 gradient descent", &t1, &v1)
        .line("2 mini-batch + momentum", &t2, &v2)
        .line("3 Nesterov", &t2, &v3)
        .y_range(0.03, 0.25)
        .render()
        .unwrap();
    let shown = pixels_of(&fig, colour(2), 0..w, 0..h).len();
    let (w4, h4) = without_4.size(); // its legend has a row fewer
    let alone = pixels_of(&without_4, colour(2), 0..w4, 0..h4).len();
    assert!(
        3 * shown >= alone,
        "stage 3: {shown} pixels of {alone} left visible"
    );
    // Small multiples: each stage in colour in its own panel, and no other stage's colour there.
    let panels = chart.render_small_multiples(2).unwrap();
    assert!(panels.size().0 <= 1000, "{:?}", panels.size());
    check_png("four_stages_small_multiples", &panels);
    let (w, h) = panels.size();
    let top = 40; // below the figure's title
    let (half_w, half_h) = (w / 2, (h - top) / 2);
    for k in 0..4 {
        let (col, row) = (k as u32 % 2, k as u32 / 2);
        let xs = col * half_w..(col + 1) * half_w;
        let ys = top + row * half_h..top + (row + 1) * half_h;
        for j in 0..4 {
            let n = pixels_of(&panels, colour(j), xs.clone(), ys.clone()).len();
            if j == k {
                assert!(n >= 100, "panel {k}: only {n} pixels of its own colour");
            } else {
                assert_eq!(n, 0, "panel {k} shows stage {j}'s colour");
            }
        }
    }
}

#[test]
fn a_near_perfect_roc_curve_stays_off_the_frame_and_zooms() {
    let fpr = [0.0, 0.0, 0.0, 0.006, 0.006, 0.02, 1.0];
    let tpr = [0.0, 0.6, 0.985, 0.985, 1.0, 1.0, 1.0];
    let f = Array1::linspace(0.0, 1.0, 60);
    let weak = f.mapv(|v: f64| v.powf(0.35));
    let medium = f.mapv(|v: f64| v.powf(0.08));
    let chart = plot::roc("ROC curves on the 171 test tumours")
        .line("mean_texture only (AUC 0.7951)", &f, &weak)
        .line("mean_radius only (AUC 0.9609)", &f, &medium)
        .line("all 30 features (AUC 0.9999)", &fpr[..], &tpr[..]);
    let fig = chart.render().unwrap();
    check_png("roc_near_perfect", &fig);
    // The near-perfect curve (third series) runs up the left edge and along the top, yet none
    // of its pixels, markers included, touches the frame or the two pixels inside it.
    let (w, _) = fig.size();
    let edges = frame(&fig);
    assert_eq!(pixels_near_the_frame(&fig, plot::PALETTE[2], edges), 0);
    // The check can fail: the same chart with its axes ending at 0 and 1 (the frame in the same
    // place, as its bottom axis shows) draws the curve on the frame.
    let unpadded = chart
        .clone()
        .x_range(0.0, 1.0)
        .y_range(0.0, 1.0)
        .render()
        .unwrap();
    let (_, _, right, bottom) = edges;
    let axis = pixel(&fig, right - 1, bottom);
    assert_eq!(pixel(&unpadded, right - 1, bottom), axis);
    assert_ne!(pixel(&unpadded, right - 1, bottom + 1), axis);
    assert!(pixels_near_the_frame(&unpadded, plot::PALETTE[2], edges) > 0);
    // The zoom is a second panel beside the chart, and the curve is drawn in it too.
    let zoomed = chart.render_with_zoom((0.0, 0.1), (0.9, 1.0)).unwrap();
    check_png("roc_with_zoom", &zoomed);
    let (zw, zh) = zoomed.size();
    assert!(zw > w, "{zw} px wide");
    let in_zoom = pixels_of(&zoomed, rgb(plot::PALETTE[2]), zw / 2..zw, 0..zh);
    assert!(
        in_zoom.len() >= 100,
        "{} curve pixels in the zoom",
        in_zoom.len()
    );
}

#[test]
fn early_stopping_marks_the_best_epoch_on_a_readable_log_axis() {
    let t = xs(21);
    let train = t.mapv(|i| 0.075 + 0.08 / i);
    // smallest validation loss at epoch 4, then 17 epochs without improvement
    let val = t.mapv(|i| 0.05 + 0.012 * (i / 4.0).ln().powi(2));
    let fig = plot::loss_curves("Stage 4: Nesterov with early stopping (patience 17)")
        .labels("epoch", "loss")
        .line("training J(θ)", &t, &train)
        .line("validation log-loss", &t, &val)
        .best_epoch(4, val[3])
        .vline(21.0, "stopped at 21")
        .annotate(21.0, val[20], "last epoch run")
        .render()
        .unwrap();
    check_png("early_stopping", &fig);
}

#[test]
fn training_curves_draw_a_fits_history_with_its_best_epoch() {
    use mlfs_core::optim::{History, Status};
    let t = xs(21);
    let history = History {
        train_loss: t.mapv(|i| 0.075 + 0.08 / i).to_vec(),
        validation_loss: t.mapv(|i| 0.05 + 0.012 * (i / 4.0).ln().powi(2)).to_vec(),
        validation_auc: vec![],
    };
    let early = Status::StoppedEarly { best_epoch: 4 };
    let fig = plot::training_curves("Stopped early", "epoch", &history, early)
        .render()
        .unwrap();
    check_png("training_curves_early", &fig);
    // without a validation set: one curve, no marker; an empty history is an error, not a panic
    let train_only = History {
        validation_loss: vec![],
        ..history
    };
    let chart = plot::training_curves(
        "Gradient descent",
        "iteration",
        &train_only,
        Status::Converged,
    );
    check_png("training_curves_train_only", &chart.render().unwrap());
    let empty = plot::training_curves("Nothing", "epoch", &History::default(), Status::Converged);
    assert!(empty.render().is_err());
}

#[test]
fn log_y_and_labelled_points_render() {
    let t = xs(300);
    let loss = t.mapv(|i| 2.0 / i.powf(0.8));
    let fig = plot::loss_curves("log–log")
        .log_y()
        .line("J", &t, &loss)
        .annotate(100.0, loss[99], "J(100)")
        .hline(0.05, "target 0.05")
        .render()
        .unwrap();
    check_png("log_log", &fig);
    let err = plot::line("bad", &[1.0, 2.0], &[1.0, -1.0])
        .log_y()
        .render()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
}

#[test]
fn charts_side_by_side_share_one_legend() {
    let x = xs(30);
    let a = plot::Chart::new("left")
        .labels("x", "y")
        .line("model", &x, &x.mapv(f64::sqrt))
        .points("data", &x, &x.mapv(|v| v.sqrt() + (v * 3.1).sin() * 0.3));
    let b = plot::Chart::new("right")
        .labels("x", "residual")
        .points("data", &x, &x.mapv(|v| (v * 3.1).sin() * 0.3))
        .hline(0.0, "zero");
    let fig = plot::grid("Two views", &[a, b], 2).unwrap();
    check_png("grid", &fig);
    assert!(matches!(
        plot::grid("none", &[], 2),
        Err(Error::EmptyInput { .. })
    ));
}
