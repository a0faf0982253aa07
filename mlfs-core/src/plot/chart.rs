//! [`Chart`]: the builder for 2-D charts — named series, axes (linear or log), a legend, and
//! notes (reference lines, labelled points). Its checks before anything is drawn are in
//! [`prepare`](super::prepare).

use ndarray::ArrayView1;
use plotters::style::RGBColor;

use super::legend::Entry;
use super::style::{Dash, Marker, Style};

/// Where a chart's legend goes.
///
/// The default, [`Legend::Below`], keeps it off the data: a strip under the chart. The corner
/// positions draw a framed box inside the plot, over whatever lies there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Legend {
    UpperRight,
    UpperMiddle,
    UpperLeft,
    LowerRight,
    LowerLeft,
    /// In rows under the chart (the figure grows by their height).
    #[default]
    Below,
    /// No legend.
    Hidden,
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A line through the points in order (the chart's k-th line gets the k-th dash pattern).
    Line,
    /// A dashed line (reference curves).
    Dashed,
    /// Markers, no line.
    Points,
}

/// One named series of (x, y) pairs, with optional explicit styling (`None`: automatic).
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub mark: Mark,
    pub dash: Option<Dash>,
    pub marker: Option<Marker>,
    pub color: Option<RGBColor>,
}

/// Something drawn at data coordinates besides the series.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Note {
    /// A dashed vertical line across the plot, labelled at its top.
    VLine { x: f64, label: String },
    /// A dashed horizontal line across the plot, labelled at its right end.
    HLine { y: f64, label: String },
    /// A ringed point with a text label beside it.
    Point { x: f64, y: f64, text: String },
    /// The outline of a zoomed region (drawn by [`Chart::render_with_zoom`]).
    Window { x: (f64, f64), y: (f64, f64) },
}

/// A 2-D chart: named series, axis labels, linear or log axes, a legend and notes.
///
/// Build it with the helpers ([`scatter`](super::scatter), [`line`](super::line),
/// [`loss_curves`](super::loss_curves), [`predicted_vs_actual`](super::predicted_vs_actual),
/// [`roc`](super::roc)) or [`Chart::new`], add series, then [`Chart::render`] (or
/// [`Chart::render_small_multiples`], [`Chart::render_with_zoom`]). A legend appears as soon as
/// one series has a non-empty name. Axes fitted to the data are padded by 5% on each side, so no
/// point lies on the frame.
#[derive(Debug, Clone)]
pub struct Chart {
    pub(super) title: String,
    pub(super) x_label: String,
    pub(super) y_label: String,
    pub(super) series: Vec<Series>,
    pub(super) log_x: bool,
    pub(super) log_y: bool,
    pub(super) identity: Option<String>,
    pub(super) x_range: Option<(f64, f64)>,
    pub(super) y_range: Option<(f64, f64)>,
    /// Padding (fraction of the span) added to fixed ranges: 0 for the user's, more for zooms.
    pub(super) range_pad: f64,
    pub(super) size: (u32, u32),
    pub(super) legend: Legend,
    pub(super) notes: Vec<Note>,
}

impl Chart {
    /// An empty chart with a title, 640×420 pixels.
    pub fn new(title: &str) -> Self {
        Chart {
            title: title.to_string(),
            x_label: String::new(),
            y_label: String::new(),
            series: Vec::new(),
            log_x: false,
            log_y: false,
            identity: None,
            x_range: None,
            y_range: None,
            range_pad: 0.0,
            size: (640, 420),
            legend: Legend::Below,
            notes: Vec::new(),
        }
    }

    /// Replace the title.
    pub fn title(mut self, title: &str) -> Self {
        self.title = title.to_string();
        self
    }

    /// Axis labels.
    pub fn labels(mut self, x_label: &str, y_label: &str) -> Self {
        self.x_label = x_label.to_string();
        self.y_label = y_label.to_string();
        self
    }

    /// Size of the chart in pixels (a legend below adds its rows to the height).
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// A logarithmic x axis (every x must be > 0).
    pub fn log_x(mut self) -> Self {
        self.log_x = true;
        self
    }

    /// A logarithmic y axis (every y must be > 0).
    pub fn log_y(mut self) -> Self {
        self.log_y = true;
        self
    }

    /// Fix the x range instead of fitting it to the data.
    pub fn x_range(mut self, lo: f64, hi: f64) -> Self {
        self.x_range = Some((lo, hi));
        self
    }

    /// Fix the y range instead of fitting it to the data.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Draw the reference line y = x across the chart, named `name` in the legend.
    pub fn identity_line(mut self, name: &str) -> Self {
        self.identity = Some(name.to_string());
        self
    }

    /// Put the legend in the lower right corner of the plot.
    pub fn legend_lower_right(self) -> Self {
        self.legend(Legend::LowerRight)
    }

    /// Where the legend goes (default: [`Legend::Below`], off the data).
    pub fn legend(mut self, position: Legend) -> Self {
        self.legend = position;
        self
    }

    /// Add a series drawn with `mark`.
    pub fn series<'a>(
        mut self,
        name: &str,
        x: impl Into<ArrayView1<'a, f64>>,
        y: impl Into<ArrayView1<'a, f64>>,
        mark: Mark,
    ) -> Self {
        self.series.push(Series {
            name: name.to_string(),
            x: x.into().to_vec(),
            y: y.into().to_vec(),
            mark,
            dash: None,
            marker: None,
            color: None,
        });
        self
    }

    /// Add a line (solid for the first line, then dashed, dotted, dash-dot).
    pub fn line<'a>(
        self,
        name: &str,
        x: impl Into<ArrayView1<'a, f64>>,
        y: impl Into<ArrayView1<'a, f64>>,
    ) -> Self {
        self.series(name, x, y, Mark::Line)
    }

    /// Add a dashed line.
    pub fn dashed<'a>(
        self,
        name: &str,
        x: impl Into<ArrayView1<'a, f64>>,
        y: impl Into<ArrayView1<'a, f64>>,
    ) -> Self {
        self.series(name, x, y, Mark::Dashed)
    }

    /// Add a cloud of points.
    pub fn points<'a>(
        self,
        name: &str,
        x: impl Into<ArrayView1<'a, f64>>,
        y: impl Into<ArrayView1<'a, f64>>,
    ) -> Self {
        self.series(name, x, y, Mark::Points)
    }

    /// Draw the last series added with this dash pattern.
    pub fn with_dash(mut self, dash: Dash) -> Self {
        if let Some(s) = self.series.last_mut() {
            s.dash = Some(dash);
        }
        self
    }

    /// Put this marker on the last series added (a long line gets one every ~40 px).
    pub fn with_marker(mut self, marker: Marker) -> Self {
        if let Some(s) = self.series.last_mut() {
            s.marker = Some(marker);
        }
        self
    }

    /// Draw the last series added in this colour (e.g. one of [`PALETTE`](super::PALETTE)).
    pub fn with_color(mut self, color: RGBColor) -> Self {
        if let Some(s) = self.series.last_mut() {
            s.color = Some(color);
        }
        self
    }

    /// A dashed vertical line at `x` across the plot, with `label` at its top (e.g. "best = 4").
    pub fn vline(mut self, x: f64, label: &str) -> Self {
        self.notes.push(Note::VLine {
            x,
            label: label.to_string(),
        });
        self
    }

    /// A dashed horizontal line at `y` across the plot, with `label` at its right end.
    pub fn hline(mut self, y: f64, label: &str) -> Self {
        self.notes.push(Note::HLine {
            y,
            label: label.to_string(),
        });
        self
    }

    /// Ring the point (x, y) and write `text` beside it.
    pub fn annotate(mut self, x: f64, y: f64, text: &str) -> Self {
        self.notes.push(Note::Point {
            x,
            y,
            text: text.to_string(),
        });
        self
    }

    /// Early stopping on a loss chart: a dashed vertical line labelled "best = `epoch`" and a
    /// ring around the restored weights' loss at (`epoch`, `loss`).
    pub fn best_epoch(self, epoch: usize, loss: f64) -> Self {
        let x = epoch as f64;
        self.vline(x, &format!("best = {epoch}"))
            .annotate(x, loss, "")
    }

    pub(super) fn note(mut self, note: Note) -> Self {
        self.notes.push(note);
        self
    }

    /// The legend entries: the y = x line, then every named series.
    pub(super) fn legend_entries(&self, styles: &[Style]) -> Vec<Entry> {
        let identity = self.identity.iter().map(|name| Entry {
            name: name.clone(),
            style: Style::reference(),
        });
        let named = self
            .series
            .iter()
            .zip(styles)
            .filter(|(s, _)| !s.name.is_empty())
            .map(|(s, &style)| Entry {
                name: s.name.clone(),
                style,
            });
        identity.chain(named).collect()
    }
}
