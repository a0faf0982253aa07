//! The decision-boundary map of a binary classifier on two features.

use ndarray::{Array1, Array2};
use plotters::prelude::*;

use super::axis::padded_range;
use super::elements::{marker, Area};
use super::figure::register_font;
use super::legend::{draw_strip, strip_height, Entry};
use super::style::{Marker, Style, AXIS_PX, FONT, PALETTE, TEXT_PX, TITLE_PX};
use super::{check_finite, plot_err, Figure};
use crate::error::{within, Error, Result};

/// A decision-boundary map for a binary classifier on two features.
///
/// `score` receives an m×2 grid of points covering the data (plus a margin) and returns one
/// value in [0, 1] per row (the predicted probability of class 1). The map shades blue (0)
/// through white (0.5) to orange (1); the points `x` (n×2) are drawn on top by their 0/1
/// `labels`: class 0 as blue circles, class 1 as vermillion triangles (shape and colour both
/// differ), with the legend below the map.
pub fn decision_boundary(
    title: &str,
    x: &Array2<f64>,
    labels: &Array1<f64>,
    resolution: usize,
    score: impl Fn(&Array2<f64>) -> Result<Array1<f64>>,
) -> Result<Figure> {
    try_decision_boundary(title, x, labels, resolution, score).map_err(within(BOUNDARY))
}

const BOUNDARY: &str = "plot::decision_boundary";

/// [`decision_boundary`], with errors not yet named after it.
fn try_decision_boundary(
    title: &str,
    x: &Array2<f64>,
    labels: &Array1<f64>,
    resolution: usize,
    score: impl Fn(&Array2<f64>) -> Result<Array1<f64>>,
) -> Result<Figure> {
    if x.ncols() != 2 {
        return Err(Error::shape(BOUNDARY, "2 feature columns", x.ncols()));
    }
    if labels.len() != x.nrows() {
        return Err(Error::shape(
            "plot::decision_boundary (labels)",
            x.nrows(),
            labels.len(),
        ));
    }
    if !(2..=1000).contains(&resolution) {
        return Err(Error::invalid(
            "resolution",
            resolution,
            "use 2..=1000 cells per side",
        ));
    }
    check_finite(x.view(), BOUNDARY)?;
    let (x_lo, x_hi) = padded_range(x.column(0).iter().copied());
    let (y_lo, y_hi) = padded_range(x.column(1).iter().copied());
    let step = (
        (x_hi - x_lo) / resolution as f64,
        (y_hi - y_lo) / resolution as f64,
    );
    let grid = Array2::from_shape_fn((resolution * resolution, 2), |(k, j)| {
        let (i, l) = (k / resolution, k % resolution);
        if j == 0 {
            x_lo + (l as f64 + 0.5) * step.0
        } else {
            y_lo + (i as f64 + 0.5) * step.1
        }
    });
    let p = score(&grid)?;
    if p.len() != grid.nrows() {
        return Err(Error::shape(
            "plot::decision_boundary (score)",
            grid.nrows(),
            p.len(),
        ));
    }
    let cells = Cells {
        grid: &grid,
        p: &p,
        step,
    };
    register_font()?;
    let entries = class_entries();
    let strip = strip_height(&entries, WIDTH);
    Figure::draw(WIDTH, HEIGHT + strip, |root| {
        let (top, bottom) = root.split_vertically(HEIGHT);
        draw_map(&top, title, (x_lo, x_hi), (y_lo, y_hi), &cells, x, labels)?;
        draw_strip(&bottom, &entries)
    })
}

const WIDTH: u32 = 560;
const HEIGHT: u32 = 480;

/// The shaded grid: cell centres, their scores and the cell size.
struct Cells<'a> {
    grid: &'a Array2<f64>,
    p: &'a Array1<f64>,
    step: (f64, f64),
}

/// How the points of class 0 and class 1 are drawn: colour and shape both differ.
fn class_style(class: usize) -> Style {
    Style {
        // blue on the pale blue side, vermillion (darker than the map's orange) on the other
        color: [PALETTE[0], PALETTE[3]][class],
        line: None,
        width: 0,
        marker: Some([Marker::Circle, Marker::Triangle][class]),
        radius: 4,
        opacity: 1.0,
        edge: true,
    }
}

fn class_entries() -> Vec<Entry> {
    (0..2)
        .map(|class| Entry {
            name: format!("class {class}"),
            style: class_style(class),
        })
        .collect()
}

fn draw_map(
    area: &Area<'_>,
    title: &str,
    (x_lo, x_hi): (f64, f64),
    (y_lo, y_hi): (f64, f64),
    cells: &Cells<'_>,
    x: &Array2<f64>,
    labels: &Array1<f64>,
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, TITLE_PX))
        .margin(12)
        .margin_right(20)
        .x_label_area_size(46)
        .y_label_area_size(60)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("x₁")
        .y_desc("x₂")
        .label_style((FONT, TEXT_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .draw()
        .map_err(plot_err)?;
    let half = (cells.step.0 / 2.0, cells.step.1 / 2.0);
    let shaded = cells.grid.outer_iter().zip(cells.p.iter()).map(|(g, &pk)| {
        let (cx, cy) = (g[0], g[1]);
        let corners = [(cx - half.0, cy - half.1), (cx + half.0, cy + half.1)];
        Rectangle::new(corners, diverging(pk).filled())
    });
    chart.draw_series(shaded).map_err(plot_err)?;
    let plot = chart.plotting_area().strip_coord_spec();
    let base = plot.get_base_pixel();
    for (row, &label) in x.outer_iter().zip(labels.iter()) {
        let class = usize::from(label == 1.0);
        let (bx, by) = chart.backend_coord(&(row[0], row[1]));
        let at = (f64::from(bx - base.0), f64::from(by - base.1));
        let style = class_style(class);
        marker(&plot, at, style.marker.unwrap_or(Marker::Circle), &style)?;
    }
    Ok(())
}

/// Blue (p = 0) → white (p = 0.5) → orange (p = 1), pale enough for points to stand out.
fn diverging(p: f64) -> RGBColor {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (blue, orange) = ((158.0, 202.0, 225.0), (253.0, 190.0, 133.0));
    let (c, t) = if p < 0.5 {
        (blue, 1.0 - 2.0 * p)
    } else {
        (orange, 2.0 * p - 1.0)
    };
    let mix = |a: f64| (255.0 + (a - 255.0) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_map_is_white_at_one_half() {
        assert_eq!(diverging(0.5), RGBColor(255, 255, 255));
        assert_eq!(diverging(0.0), RGBColor(158, 202, 225));
        assert_eq!(diverging(f64::NAN), RGBColor(255, 255, 255));
    }
}
