//! Drawing one prepared chart on one drawing area: frame, grid and ticks (plotters' mesh over
//! our own tick positions), then the series, notes and a corner legend, all in pixels.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

use super::axis::{Axis, Ticks};
use super::chart::{Chart, Legend, Note, Series};
use super::elements::{boxed_text, dashed, marker, text_size, Area};
use super::geometry::{clip_polyline, marker_indices};
use super::legend::draw_box;
use super::plot_err;
use super::prepare::Prepared;
use super::style::{Style, AXIS_PX, FEW_POINTS, FONT, REFERENCE, TEXT_PX, TITLE_PX};
use crate::error::Result;

/// Minimum distance in pixels between two tick labels on the x and on the y axis.
const X_LABEL_GAP: f64 = 56.0;
const Y_LABEL_GAP: f64 = 36.0;
/// Pixels between two markers on a long line that was given a marker.
const MARKER_GAP: f64 = 40.0;

/// Maps drawing units to pixels of the plotting area (origin at its top-left corner).
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: Axis,
    y: Axis,
    width: f64,
    height: f64,
}

impl Frame {
    fn pixel(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            (x - self.x.lo) / (self.x.hi - self.x.lo) * self.width,
            (1.0 - (y - self.y.lo) / (self.y.hi - self.y.lo)) * self.height,
        )
    }

    fn x_box(&self) -> (f64, f64) {
        (self.x.lo, self.x.hi)
    }

    fn y_box(&self) -> (f64, f64) {
        (self.y.lo, self.y.hi)
    }
}

/// Draw `chart` (prepared as `p`) on `area` under `title`. With `focus = Some(k)` only series
/// `k` is drawn in its style and the others in light grey behind it (a small multiple).
pub(super) fn draw_panel(
    area: &Area<'_>,
    chart: &Chart,
    p: &Prepared,
    title: &str,
    focus: Option<usize>,
) -> Result<()> {
    let plot = draw_mesh(area, chart, p, title)?;
    let (w, h) = plot.dim_in_pixel();
    let frame = Frame {
        x: p.x,
        y: p.y,
        width: f64::from(w.max(2) - 1),
        height: f64::from(h.max(2) - 1),
    };
    for note in &p.notes {
        draw_reference(&plot, &frame, note)?;
    }
    if chart.identity.is_some() && !p.x.log && !p.y.log {
        let (lo, hi) = (p.x.lo.max(p.y.lo), p.x.hi.min(p.y.hi));
        draw_series_line(&plot, &frame, &[(lo, lo), (hi, hi)], &Style::reference())?;
    }
    let order: Vec<usize> = match focus {
        Some(k) => (0..p.series.len()).filter(|&i| i != k).chain([k]).collect(),
        None => (0..p.series.len()).collect(),
    };
    for k in order {
        let style = match focus {
            Some(f) if f != k => p.styles[k].ghost(),
            _ => p.styles[k],
        };
        draw_series(&plot, &frame, &p.series[k], &style, k)?;
    }
    for note in &p.notes {
        draw_label(&plot, &frame, note)?;
    }
    let corner = !matches!(chart.legend, Legend::Below | Legend::Hidden);
    let entries = chart.legend_entries(&p.styles);
    if corner && focus.is_none() && !entries.is_empty() {
        draw_box(&plot, &entries, chart.legend)?;
    }
    Ok(())
}

/// Caption, frame, grid lines, ticks and axis labels; returns the plotting area in pixels.
fn draw_mesh<'a>(area: &Area<'a>, chart: &Chart, p: &Prepared, title: &str) -> Result<Area<'a>> {
    let (aw, ah) = area.dim_in_pixel();
    let caption = if title.is_empty() { 12 } else { 40 };
    let x_area = (TEXT_PX + AXIS_PX + 22.0) as u32;
    let approx_height = ah.saturating_sub(caption + x_area + 12).max(50);
    let y_ticks = p.y.ticks(approx_height, Y_LABEL_GAP);
    let widest = y_ticks.major.iter().map(|&t| text_size(&p.y.label(t)).0);
    let y_area = widest.max().unwrap_or(20) + (AXIS_PX as u32) + 22;
    let x_ticks =
        p.x.ticks(aw.saturating_sub(y_area + 36).max(50), X_LABEL_GAP);
    let key = |axis: Axis, ticks: Ticks| Ticked {
        lo: axis.lo,
        hi: axis.hi,
        ticks,
    };
    let mut builder = ChartBuilder::on(area);
    if !title.is_empty() {
        builder.caption(title, (FONT, TITLE_PX));
    }
    let mut ctx = builder
        .margin(12)
        .margin_right(24)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(key(p.x, x_ticks), key(p.y, y_ticks))
        .map_err(plot_err)?;
    let (x_axis, y_axis) = (p.x, p.y);
    ctx.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .x_label_formatter(&|t: &f64| x_axis.label(*t))
        .y_label_formatter(&|t: &f64| y_axis.label(*t))
        .label_style((FONT, TEXT_PX))
        .axis_desc_style((FONT, AXIS_PX))
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(218, 218, 218))
        .axis_style(RGBColor(120, 120, 120))
        .draw()
        .map_err(plot_err)?;
    Ok(ctx.plotting_area().strip_coord_spec())
}

/// A linear plotters axis (in drawing units) whose grid lines are exactly our ticks.
struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Ticks,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, (from, to): (i32, i32)) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        from + (t * f64::from(to - from)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.ticks.minor.clone()
        } else {
            self.ticks.major.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// A series: its line clipped to the frame in its dash pattern, then its markers.
fn draw_series(plot: &Area<'_>, frame: &Frame, s: &Series, style: &Style, k: usize) -> Result<()> {
    let points: Vec<(f64, f64)> = s.x.iter().copied().zip(s.y.iter().copied()).collect();
    if style.line.is_some() {
        draw_series_line(plot, frame, &points, style)?;
    }
    let Some(shape) = style.marker else {
        return Ok(());
    };
    let inside: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| {
            (frame.x.lo..=frame.x.hi).contains(x) && (frame.y.lo..=frame.y.hi).contains(y)
        })
        .map(|&p| frame.pixel(p))
        .collect();
    let chosen: Vec<usize> = if style.line.is_none() {
        (0..inside.len()).collect()
    } else if points.len() > FEW_POINTS {
        // a long line: spaced markers, staggered between series so that overlapping lines
        // still show each one's shape
        marker_indices(&inside, MARKER_GAP, (k as f64 * 11.0) % MARKER_GAP)
    } else {
        // a short line: every point, unless markers would pile up on each other
        marker_indices(&inside, 2.5 * f64::from(style.radius), 0.0)
    };
    for i in chosen {
        marker(plot, inside[i], shape, style)?;
    }
    Ok(())
}

fn draw_series_line(
    plot: &Area<'_>,
    frame: &Frame,
    points: &[(f64, f64)],
    style: &Style,
) -> Result<()> {
    let pattern = style.line.map_or(&[][..], |d| d.pattern());
    for piece in clip_polyline(points, frame.x_box(), frame.y_box()) {
        let pixels: Vec<(f64, f64)> = piece.iter().map(|&p| frame.pixel(p)).collect();
        dashed(
            plot,
            &pixels,
            pattern,
            style.color.stroke_width(style.width),
        )?;
    }
    Ok(())
}

/// The line part of a note (behind the series).
fn draw_reference(plot: &Area<'_>, frame: &Frame, note: &Note) -> Result<()> {
    let style = REFERENCE.stroke_width(1);
    let (x0, x1) = frame.x_box();
    let (y0, y1) = frame.y_box();
    let lines: Vec<Vec<(f64, f64)>> = match note {
        Note::VLine { x, .. } => vec![vec![(*x, y0), (*x, y1)]],
        Note::HLine { y, .. } => vec![vec![(x0, *y), (x1, *y)]],
        Note::Window { x, y } => vec![vec![
            (x.0, y.0),
            (x.1, y.0),
            (x.1, y.1),
            (x.0, y.1),
            (x.0, y.0),
        ]],
        Note::Point { .. } => Vec::new(),
    };
    for line in lines {
        for piece in clip_polyline(&line, frame.x_box(), frame.y_box()) {
            let pixels: Vec<(f64, f64)> = piece.iter().map(|&p| frame.pixel(p)).collect();
            dashed(plot, &pixels, &[7.0, 4.0], style)?;
        }
    }
    Ok(())
}

/// The text part of a note, and the ring of a labelled point (above the series).
fn draw_label(plot: &Area<'_>, frame: &Frame, note: &Note) -> Result<()> {
    let (pw, ph) = (frame.width as i32, frame.height as i32);
    match note {
        Note::VLine { x, label } => {
            let (px, _) = frame.pixel((*x, frame.y.hi));
            let (tw, _) = text_size(label);
            let left = px as i32 + 6 + tw as i32 + 4 > pw;
            let tx = if left {
                px as i32 - 6 - tw as i32
            } else {
                px as i32 + 6
            };
            boxed_text(plot, label, (tx, 6))
        }
        Note::HLine { y, label } => {
            let (_, py) = frame.pixel((frame.x.hi, *y));
            let (tw, th) = text_size(label);
            let ty = if py as i32 - th as i32 - 6 < 2 {
                py as i32 + 5
            } else {
                py as i32 - th as i32 - 5
            };
            boxed_text(plot, label, (pw - tw as i32 - 8, ty))
        }
        Note::Point { x, y, text } => {
            let inside =
                (frame.x.lo..=frame.x.hi).contains(x) && (frame.y.lo..=frame.y.hi).contains(y);
            if !inside {
                return Ok(());
            }
            let (px, py) = frame.pixel((*x, *y));
            let at = (px.round() as i32, py.round() as i32);
            plot.draw(&Circle::new(at, 10, WHITE.stroke_width(2)))
                .map_err(plot_err)?;
            plot.draw(&Circle::new(at, 8, BLACK.stroke_width(2)))
                .map_err(plot_err)?;
            if text.is_empty() {
                return Ok(());
            }
            let (tw, th) = text_size(text);
            let (tw, th) = (tw as i32, th as i32);
            let tx = if at.0 + 14 + tw + 4 > pw {
                at.0 - 14 - tw
            } else {
                at.0 + 14
            };
            let ty = if at.1 - 14 - th < 2 {
                at.1 + 14
            } else {
                at.1 - 14 - th
            };
            boxed_text(plot, text, (tx, ty.min(ph - th - 2)))
        }
        Note::Window { .. } => Ok(()),
    }
}
