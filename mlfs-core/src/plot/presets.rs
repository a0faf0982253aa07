//! Ready-made charts: scatter, line, loss curves, predicted vs actual, ROC.

use ndarray::ArrayView1;

use super::Chart;

/// Margin around the unit square of a ROC chart.
const ROC_PAD: f64 = 0.02;

/// A scatter plot of y against x.
pub fn scatter<'a>(
    title: &str,
    x: impl Into<ArrayView1<'a, f64>>,
    y: impl Into<ArrayView1<'a, f64>>,
) -> Chart {
    Chart::new(title).points("", x, y)
}

/// A line plot of y against x.
pub fn line<'a>(
    title: &str,
    x: impl Into<ArrayView1<'a, f64>>,
    y: impl Into<ArrayView1<'a, f64>>,
) -> Chart {
    Chart::new(title).line("", x, y)
}

/// An empty loss-curve chart: log-x axis labelled "iteration" and "loss"; add `.line(...)`s
/// (and [`Chart::best_epoch`] for early stopping).
pub fn loss_curves(title: &str) -> Chart {
    Chart::new(title).labels("iteration", "loss").log_x()
}

/// An empty predicted-vs-actual chart with the y = x line; add `.points(name, actual, predicted)`.
pub fn predicted_vs_actual(title: &str) -> Chart {
    Chart::new(title)
        .labels("actual", "predicted")
        .identity_line("perfect prediction")
}

/// An empty ROC chart with the chance diagonal; add `.line(name, fpr, tpr)`.
///
/// The axes run from −0.02 to 1.02, so a near-perfect curve along the left and top edges stays
/// visible instead of merging with the frame; for a close look at that corner, render with
/// `.render_with_zoom((0.0, 0.1), (0.9, 1.0))`.
pub fn roc(title: &str) -> Chart {
    Chart::new(title)
        .labels("false positive rate", "true positive rate")
        .x_range(-ROC_PAD, 1.0 + ROC_PAD)
        .y_range(-ROC_PAD, 1.0 + ROC_PAD)
        .identity_line("chance")
        .size(520, 460)
}
