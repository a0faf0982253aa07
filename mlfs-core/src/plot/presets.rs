//! Ready-made charts: scatter, line, loss curves, predicted vs actual, ROC.

use ndarray::{Array1, ArrayView1};

use super::Chart;
use crate::optim::{History, Status};

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

/// A fit's loss curves against `unit` ("iteration" or "epoch") on a log-x axis: the training
/// loss J(θ), the validation loss when one was recorded, and — after early stopping — the
/// best epoch marked on the validation curve and the epoch where training stopped.
pub fn training_curves(title: &str, unit: &str, history: &History, status: Status) -> Chart {
    let t = Array1::range(1.0, history.len() as f64 + 1.0, 1.0);
    let mut chart = loss_curves(title).labels(unit, "loss").line(
        "training J(θ)",
        &t,
        &Array1::from(history.train_loss.clone()),
    );
    if history.validation_loss.len() == history.len() && !history.is_empty() {
        let validation = Array1::from(history.validation_loss.clone());
        chart = chart.line("validation log-loss", &t, &validation);
        if let Status::StoppedEarly { best_epoch } = status {
            chart = chart
                .best_epoch(best_epoch, validation[best_epoch - 1])
                .vline(
                    history.len() as f64,
                    &format!("stopped at {}", history.len()),
                );
        }
    }
    chart
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
