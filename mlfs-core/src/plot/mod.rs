//! Figures as PNG: drawn by plotters into an in-memory bitmap, shown inline by evcxr and
//! readable on GitHub.
//!
//! plotters' usual `evcxr_figure` emits SVG inside HTML, which GitHub strips from a rendered
//! notebook. Here every helper returns a [`Figure`]: an RGB buffer that is encoded as PNG and
//! printed through evcxr's display protocol (`EVCXR_BEGIN_CONTENT image/png` + base64), or saved
//! to a file with [`Figure::save`]. Text uses the bundled DejaVu Sans, so a fresh machine needs no
//! system fonts.
//!
//! Every chart follows the same rules, so that a figure does the job its prose gives it:
//! text of at least 14 px (20 px titles) at the PNG's natural size; the colour-blind-safe
//! Okabe–Ito [`PALETTE`]; colour never the only difference (each line its own [`Dash`],
//! short lines and point clouds their own [`Marker`]); axes padded so no data lies on the frame;
//! the legend below the plot, off the data. Curves that overlap exactly are best read one by one:
//! [`Chart::render_small_multiples`]. A detail lost at full scale (a ROC curve in its corner):
//! [`Chart::render_with_zoom`]. Early stopping: [`Chart::best_epoch`]; any labelled point:
//! [`Chart::annotate`].
//!
//! ```no_run
//! use mlfs_core::plot;
//! let x: Vec<f64> = (1..=21).map(f64::from).collect();
//! let loss: Vec<f64> = x.iter().map(|e| 0.05 + 0.002 * (e - 4.0f64).powi(2)).collect();
//! let fig = plot::loss_curves("Validation loss")
//!     .line("validation", &x, &loss)
//!     .best_epoch(4, loss[3])
//!     .render()?;
//! fig.save("loss.png")?;
//! # Ok::<(), mlfs_core::Error>(())
//! ```
//!
//! Files, one concept each: `figure` (the bitmap, PNG, display), `chart` (the builder and its
//! checks), `style` (palette, dashes, markers, fonts), `axis` (ranges, ticks, labels), `panel`
//! (drawing one chart), `legend`, `layout` (one chart, small multiples, zoom, grid), `elements`
//! and `geometry` (pixel drawing, clipping, dashing), `presets` (ready-made charts), `boundary`
//! and `images` (the two maps). From the rest of the crate the module uses `error`, `check`
//! (input checks) and `optim`'s `History` and `Status` (for the loss-curve presets); no
//! algorithm uses `plot`.

mod axis;
mod boundary;
mod chart;
mod elements;
mod figure;
mod geometry;
mod images;
mod layout;
mod legend;
mod panel;
mod prepare;
mod presets;
mod style;

pub use boundary::decision_boundary;
pub use chart::{Chart, Legend, Mark, Series};
pub use figure::Figure;
pub use images::image_grid;
pub use layout::grid;
pub use presets::{line, loss_curves, predicted_vs_actual, roc, scatter, training_curves};
pub use style::{Dash, Marker, PALETTE};

use crate::check::finite_matrix as check_finite;
use crate::error::Error;

/// A plotters or PNG error, as [`Error::Plot`]; the entry point names it ([`Error::within`]).
fn plot_err<E: std::fmt::Debug>(e: E) -> Error {
    Error::Plot {
        context: String::new(),
        message: format!("{e:?}"),
    }
}
