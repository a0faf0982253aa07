//! Legends: one entry per named series (its line, dash and marker, then its name), laid out
//! in centred rows in a strip below the chart (the default: off the data), or in a box in a
//! corner of the plot.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::Legend;
use super::elements::{sample, text_size, Area};
use super::plot_err;
use super::style::{Style, FONT, TEXT_PX};
use crate::error::Result;

/// One legend line: a name and how its series is drawn.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub name: String,
    pub style: Style,
}

const SAMPLE: i32 = 34;
const ROW: i32 = 22;
const SPACING: i32 = 26;
const PAD: i32 = 8;

fn entry_width(e: &Entry) -> i32 {
    SAMPLE + 8 + text_size(&e.name).0 as i32
}

/// Entries packed into rows no wider than `width` pixels (at least one entry per row).
fn rows(entries: &[Entry], width: i32) -> Vec<Vec<&Entry>> {
    let mut rows: Vec<Vec<&Entry>> = Vec::new();
    let mut used = 0;
    for e in entries {
        let w = entry_width(e);
        match rows.last_mut() {
            Some(row) if used + SPACING + w <= width - 2 * PAD => {
                row.push(e);
                used += SPACING + w;
            }
            _ => {
                rows.push(vec![e]);
                used = w;
            }
        }
    }
    rows
}

/// Height in pixels of the strip that holds `entries` below a chart `width` pixels wide.
pub(super) fn strip_height(entries: &[Entry], width: u32) -> u32 {
    if entries.is_empty() {
        0
    } else {
        (rows(entries, width as i32).len() as i32 * ROW + 2 * PAD) as u32
    }
}

/// Draw `entries` in centred rows filling `area` (sized by [`strip_height`]).
pub(super) fn draw_strip(area: &Area<'_>, entries: &[Entry]) -> Result<()> {
    let width = area.dim_in_pixel().0 as i32;
    for (r, row) in rows(entries, width).iter().enumerate() {
        let total: i32 =
            row.iter().map(|e| entry_width(e)).sum::<i32>() + SPACING * (row.len() as i32 - 1);
        let mut x = (width - total) / 2;
        let y = PAD + r as i32 * ROW + ROW / 2;
        for e in row {
            draw_entry(area, e, (x, y))?;
            x += entry_width(e) + SPACING;
        }
    }
    Ok(())
}

/// Draw `entries` in a framed box in a corner of `plot` (the plotting area, in pixels).
pub(super) fn draw_box(plot: &Area<'_>, entries: &[Entry], corner: Legend) -> Result<()> {
    let (pw, ph) = plot.dim_in_pixel();
    let (pw, ph) = (pw as i32, ph as i32);
    let w = entries.iter().map(entry_width).max().unwrap_or(0) + 2 * PAD;
    let h = entries.len() as i32 * ROW + PAD;
    let (x, y) = match corner {
        Legend::UpperLeft => (PAD, PAD),
        Legend::UpperMiddle => ((pw - w) / 2, PAD),
        Legend::LowerRight => (pw - w - PAD, ph - h - PAD),
        Legend::LowerLeft => (PAD, ph - h - PAD),
        _ => (pw - w - PAD, PAD),
    };
    let frame = [(x, y), (x + w, y + h)];
    plot.draw(&Rectangle::new(frame, WHITE.mix(0.9).filled()))
        .map_err(plot_err)?;
    plot.draw(&Rectangle::new(frame, RGBColor(190, 190, 190)))
        .map_err(plot_err)?;
    for (k, e) in entries.iter().enumerate() {
        draw_entry(plot, e, (x + PAD, y + PAD / 2 + k as i32 * ROW + ROW / 2))?;
    }
    Ok(())
}

/// The sample and the name of one entry, vertically centred on `y`.
fn draw_entry(area: &Area<'_>, e: &Entry, (x, y): (i32, i32)) -> Result<()> {
    sample(area, (x, y), SAMPLE, &e.style)?;
    let style = (FONT, TEXT_PX)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(&e.name, &style, (x + SAMPLE + 8, y))
        .map_err(plot_err)
}
