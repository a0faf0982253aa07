//! Putting charts on a figure: one chart with its legend strip, small multiples (one panel per
//! series, the others in grey behind), a chart beside a zoom of one region, and any charts side
//! by side ([`grid`]).

use super::axis::format_tick;
use super::chart::{Chart, Legend, Note};
use super::elements::Area;
use super::figure::register_font;
use super::legend::{draw_strip, strip_height, Entry};
use super::panel::draw_panel;
use super::prepare::Prepared;
use super::style::{Style, FONT, TITLE_PX};
use super::{plot_err, Figure};
use crate::error::{within, Error, Result};

/// A figure wider than this is shrunk on a laptop screen, and its text with it.
const MAX_WIDTH: u32 = 1000;
/// Height of a figure's own title above its panels.
const TITLE_BAND: u32 = 36;
/// Padding added around a zoomed region, as a fraction of its span.
const ZOOM_PAD: f64 = 0.04;

impl Chart {
    /// Check the series, then draw the chart (and its legend below, unless placed elsewhere).
    pub fn render(&self) -> Result<Figure> {
        self.try_render().map_err(within("Chart::render"))
    }

    /// One panel per series, `columns` panels a row, all on the same axes: each panel draws its
    /// series in colour and the others in light grey behind it, so curves that overlap exactly
    /// can still be read one by one. Panels are titled by series name.
    pub fn render_small_multiples(&self, columns: usize) -> Result<Figure> {
        self.try_render_small_multiples(columns)
            .map_err(within("Chart::render_small_multiples"))
    }

    /// The chart beside a zoom on the region x ∈ `x`, y ∈ `y` (data units, padded by 4% so
    /// nothing lies on the zoom's frame); the region is outlined on the chart. For a ROC curve
    /// that hugs the top-left corner: `.render_with_zoom((0.0, 0.1), (0.9, 1.0))`.
    pub fn render_with_zoom(&self, x: (f64, f64), y: (f64, f64)) -> Result<Figure> {
        self.try_render_with_zoom(x, y)
            .map_err(within("Chart::render_with_zoom"))
    }

    fn try_render(&self) -> Result<Figure> {
        let p = self.prepare()?;
        compose(
            "",
            &[(self, &p, self.title.as_str(), None)],
            1,
            self.size,
            self,
        )
    }

    fn try_render_small_multiples(&self, columns: usize) -> Result<Figure> {
        let p = self.prepare()?;
        let n = p.series.len();
        let columns = columns.clamp(1, n);
        let width = (MAX_WIDTH / columns as u32).min(self.size.0);
        let height = (self.size.1 * width / self.size.0).max(280);
        let panels: Vec<_> = (0..n)
            .map(|k| (self, &p, self.series[k].name.as_str(), Some(k)))
            .collect();
        let no_legend = self.clone().legend(Legend::Hidden);
        compose(&self.title, &panels, columns, (width, height), &no_legend)
    }

    fn try_render_with_zoom(&self, x: (f64, f64), y: (f64, f64)) -> Result<Figure> {
        let main = self.clone().note(Note::Window { x, y });
        let zoom_title = format!(
            "zoom: x {}–{}, y {}–{}",
            format_tick(x.0),
            format_tick(x.1),
            format_tick(y.0),
            format_tick(y.1)
        );
        let mut zoom = self
            .clone()
            .x_range(x.0, x.1)
            .y_range(y.0, y.1)
            .legend(Legend::Hidden);
        zoom.range_pad = ZOOM_PAD;
        let (pm, pz) = (main.prepare()?, zoom.prepare()?);
        let width = (MAX_WIDTH / 2).min(self.size.0);
        let height = self.size.1 * width / self.size.0;
        let panels = [
            (&main, &pm, self.title.as_str(), None),
            (&zoom, &pz, zoom_title.as_str(), None),
        ];
        compose("", &panels, 2, (width, height), &main)
    }
}

/// Several charts side by side, `columns` a row, each in a cell the size of the largest, under
/// an overall `title` ("" for none). Legends placed [`Legend::Below`] are merged into one strip
/// under the grid (one entry per series name: name series consistently across the charts).
pub fn grid(title: &str, charts: &[Chart], columns: usize) -> Result<Figure> {
    try_grid(title, charts, columns).map_err(within("plot::grid"))
}

/// [`grid`], with errors not yet named after it.
fn try_grid(title: &str, charts: &[Chart], columns: usize) -> Result<Figure> {
    if charts.is_empty() {
        return Err(Error::EmptyInput {
            context: "plot::grid (no charts)".into(),
        });
    }
    let mut prepared = charts
        .iter()
        .map(Chart::prepare)
        .collect::<Result<Vec<_>>>()?;
    same_style_for_same_name(charts, &mut prepared);
    let columns = columns.clamp(1, charts.len());
    let (w, h) = charts
        .iter()
        .fold((0, 0), |(w, h), c| (w.max(c.size.0), h.max(c.size.1)));
    let cell_w = w.min(MAX_WIDTH / columns as u32);
    let cell = (cell_w, (h * cell_w / w).max(280));
    let panels: Vec<_> = charts
        .iter()
        .zip(&prepared)
        .map(|(c, p)| (c, p, c.title.as_str(), None))
        .collect();
    compose_with(title, &panels, columns, cell, merged_entries(&panels))
}

type Panel<'c> = (&'c Chart, &'c Prepared, &'c str, Option<usize>);

/// Panels in a grid of cells under a title, with `legend`'s entries in a strip below.
fn compose(
    title: &str,
    panels: &[Panel<'_>],
    columns: usize,
    cell: (u32, u32),
    legend: &Chart,
) -> Result<Figure> {
    let entries = match (legend.legend, panels.first()) {
        (Legend::Below, Some((_, p, _, _))) => legend.legend_entries(&p.styles),
        _ => Vec::new(),
    };
    compose_with(title, panels, columns, cell, entries)
}

fn compose_with(
    title: &str,
    panels: &[Panel<'_>],
    columns: usize,
    (cell_w, cell_h): (u32, u32),
    entries: Vec<Entry>,
) -> Result<Figure> {
    register_font()?;
    let rows = panels.len().div_ceil(columns) as u32;
    let width = cell_w * columns as u32;
    let band = if title.is_empty() { 0 } else { TITLE_BAND };
    let strip = strip_height(&entries, width);
    Figure::draw(width, band + rows * cell_h + strip, |root| {
        let (top, rest) = root.split_vertically(band);
        if band > 0 {
            top.titled(title, (FONT, TITLE_PX)).map_err(plot_err)?;
        }
        let (body, bottom) = rest.split_vertically(rows * cell_h);
        let cells: Vec<Area<'_>> = body.split_evenly((rows as usize, columns));
        for ((chart, p, panel_title, focus), cell) in panels.iter().zip(&cells) {
            draw_panel(cell, chart, p, panel_title, *focus)?;
        }
        draw_strip(&bottom, &entries)
    })
}

/// A series named like one in an earlier chart is drawn like it, so one legend serves all.
fn same_style_for_same_name(charts: &[Chart], prepared: &mut [Prepared]) {
    let mut seen: Vec<(String, Style)> = Vec::new();
    for (chart, p) in charts.iter().zip(prepared.iter_mut()) {
        for (s, style) in chart.series.iter().zip(p.styles.iter_mut()) {
            if s.name.is_empty() {
                continue;
            }
            match seen.iter().find(|(name, _)| *name == s.name) {
                Some((_, first)) => *style = *first,
                None => seen.push((s.name.clone(), *style)),
            }
        }
    }
}

/// One legend entry per distinct series name over all panels whose legend goes below.
fn merged_entries(panels: &[Panel<'_>]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (chart, p, _, _) in panels.iter().filter(|(c, ..)| c.legend == Legend::Below) {
        for e in chart.legend_entries(&p.styles) {
            if !entries.iter().any(|f| f.name == e.name) {
                entries.push(e);
            }
        }
    }
    entries
}
