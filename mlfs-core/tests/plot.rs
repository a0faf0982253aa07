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
