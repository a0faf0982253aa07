//! Drawing in pixels: dashed polylines, markers of every [`Marker`] shape, and text on a white
//! box. Every function takes a plain drawing area (origin at its top-left corner, y down).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::geometry::dash_runs;
use super::plot_err;
use super::style::{Marker, Style, FONT, TEXT_PX};
use crate::error::Result;

pub(super) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// A pixel polyline cut into dashes of `pattern` (solid for an empty pattern).
pub(super) fn dashed(
    area: &Area<'_>,
    pixels: &[(f64, f64)],
    pattern: &[f32],
    style: ShapeStyle,
) -> Result<()> {
    let points: Vec<(f32, f32)> = pixels.iter().map(|&(x, y)| (x as f32, y as f32)).collect();
    for run in dash_runs(&points, pattern) {
        let run: Vec<(i32, i32)> = run
            .iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        area.draw(&PathElement::new(run, style)).map_err(plot_err)?;
    }
    Ok(())
}

/// One marker of a series drawn in `style`, centred on pixel `at`.
pub(super) fn marker(area: &Area<'_>, at: (f64, f64), shape: Marker, style: &Style) -> Result<()> {
    let (x, y) = (at.0.round() as i32, at.1.round() as i32);
    let fill = style.color.mix(style.opacity).filled();
    let edge = WHITE.stroke_width(1);
    if shape == Marker::Circle {
        let r = style.radius as i32;
        area.draw(&Circle::new((x, y), r, fill)).map_err(plot_err)?;
        if style.edge {
            area.draw(&Circle::new((x, y), r, edge)).map_err(plot_err)?;
        }
        return Ok(());
    }
    let outline: Vec<(i32, i32)> = shape_outline(shape, f64::from(style.radius))
        .iter()
        .map(|(dx, dy)| (x + dx.round() as i32, y + dy.round() as i32))
        .collect();
    area.draw(&Polygon::new(outline.clone(), fill))
        .map_err(plot_err)?;
    if style.edge {
        let closed: Vec<(i32, i32)> = outline.iter().chain(outline.first()).copied().collect();
        area.draw(&PathElement::new(closed, edge))
            .map_err(plot_err)?;
    }
    Ok(())
}

/// Corner offsets (pixels, y down) of a polygon marker of radius `r`, scaled so that every
/// shape looks about as heavy as a circle of radius `r`.
fn shape_outline(shape: Marker, r: f64) -> Vec<(f64, f64)> {
    match shape {
        Marker::Circle => Vec::new(),
        Marker::Square => {
            let h = 0.9 * r;
            vec![(-h, -h), (h, -h), (h, h), (-h, h)]
        }
        Marker::Triangle => {
            let h = 1.25 * r;
            vec![(0.0, -h), (h, 0.75 * h), (-h, 0.75 * h)]
        }
        Marker::InvertedTriangle => {
            let h = 1.25 * r;
            vec![(0.0, h), (h, -0.75 * h), (-h, -0.75 * h)]
        }
        Marker::Diamond => {
            let h = 1.3 * r;
            vec![(0.0, -h), (0.85 * h, 0.0), (0.0, h), (-0.85 * h, 0.0)]
        }
    }
}

/// A legend-style sample of a series: a short line in its dash pattern and its marker.
pub(super) fn sample(area: &Area<'_>, (x, y): (i32, i32), width: i32, style: &Style) -> Result<()> {
    let mid = (f64::from(x) + f64::from(width) / 2.0, f64::from(y));
    if let Some(dash) = style.line {
        let line = [
            (f64::from(x), f64::from(y)),
            (f64::from(x + width), f64::from(y)),
        ];
        dashed(
            area,
            &line,
            dash.pattern(),
            style.color.stroke_width(style.width),
        )?;
    }
    if let Some(shape) = style.marker {
        let radius = style.radius.clamp(3, 5);
        marker(area, mid, shape, &Style { radius, ..*style })?;
    }
    Ok(())
}

/// Size in pixels of `text` in the body font.
pub(super) fn text_size(text: &str) -> (u32, u32) {
    (FONT, TEXT_PX)
        .into_font()
        .box_size(text)
        .unwrap_or((text.chars().count() as u32 * 8, TEXT_PX as u32))
}

/// `text` in the body font with its top-left corner at `at`, on a white box padded by 3 px.
pub(super) fn boxed_text(area: &Area<'_>, text: &str, at: (i32, i32)) -> Result<()> {
    let (w, h) = text_size(text);
    let (x, y) = at;
    let rect = [(x - 3, y - 2), (x + w as i32 + 3, y + h as i32 + 2)];
    area.draw(&Rectangle::new(rect, WHITE.mix(0.9).filled()))
        .map_err(plot_err)?;
    let style = (FONT, TEXT_PX)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    area.draw_text(text, &style, (x, y)).map_err(plot_err)
}
