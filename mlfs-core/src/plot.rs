//! Figures as PNG: drawn by plotters into an in-memory bitmap, shown inline by evcxr and
//! readable on GitHub.
//!
//! plotters' usual `evcxr_figure` emits SVG inside HTML, which GitHub strips from a rendered
//! notebook. Here every helper returns a [`Figure`]: an RGB buffer that is encoded as PNG and
//! printed through evcxr's display protocol (`EVCXR_BEGIN_CONTENT image/png` + base64), or saved
//! to a file with [`Figure::save`]. Text uses the bundled DejaVu Sans, so a fresh machine needs no
//! system fonts.
//!
//! ```no_run
//! use mlfs_core::plot;
//! let x: Vec<f64> = (1..=100).map(f64::from).collect();
//! let loss: Vec<f64> = x.iter().map(|i| 1.0 / i).collect();
//! let fig = plot::loss_curves("Training loss")
//!     .line("train", &x, &loss)
//!     .render()?;
//! fig.save("loss.png")?;
//! # Ok::<(), mlfs_core::Error>(())
//! ```

use std::path::Path;

use base64::Engine;
use ndarray::{Array1, Array2, ArrayView1};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::error::{Error, Result};

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// The series' colours (the "tab10" palette, colour-blind friendlier than pure RGB).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

fn plot_err<E: std::fmt::Debug>(e: E) -> Error {
    Error::Plot(format!("{e:?}"))
}

/// A rendered figure: `width × height` RGB pixels.
#[derive(Clone)]
pub struct Figure {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl std::fmt::Debug for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Figure({}×{} px)", self.width, self.height)
    }
}

impl Figure {
    /// Draw a figure of `width × height` pixels on a white background with `draw`.
    pub fn draw(
        width: u32,
        height: u32,
        draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<()>,
    ) -> Result<Figure> {
        register_font("sans-serif", FontStyle::Normal, FONT)
            .map_err(|_| Error::Plot("the bundled font could not be loaded".into()))?;
        let mut rgb = vec![255u8; width as usize * height as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
            root.fill(&WHITE).map_err(plot_err)?;
            draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        Ok(Figure { width, height, rgb })
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The raw RGB pixels, row by row.
    pub fn pixels(&self) -> &[u8] {
        &self.rgb
    }

    /// The figure encoded as PNG (best compression, adaptive filter: small files for GitHub).
    pub fn png_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Best);
            encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            let mut writer = encoder.write_header().map_err(plot_err)?;
            writer.write_image_data(&self.rgb).map_err(plot_err)?;
        }
        Ok(out)
    }

    /// Write the figure to a PNG file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.png_bytes()?).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// evcxr's display hook: a cell whose value is a `Figure` shows it as an `image/png`.
    pub fn evcxr_display(&self) {
        match self.png_bytes() {
            Ok(bytes) => println!(
                "EVCXR_BEGIN_CONTENT image/png\n{}\nEVCXR_END_CONTENT",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ),
            Err(e) => eprintln!("Error: {e}"),
        }
    }
}

/// Where a chart's legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legend {
    UpperRight,
    UpperMiddle,
    UpperLeft,
    LowerRight,
    LowerLeft,
}

impl Legend {
    fn position(self) -> SeriesLabelPosition {
        match self {
            Legend::UpperRight => SeriesLabelPosition::UpperRight,
            Legend::UpperMiddle => SeriesLabelPosition::UpperMiddle,
            Legend::UpperLeft => SeriesLabelPosition::UpperLeft,
            Legend::LowerRight => SeriesLabelPosition::LowerRight,
            Legend::LowerLeft => SeriesLabelPosition::LowerLeft,
        }
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A solid line through the points in order.
    Line,
    /// A dashed line (reference curves).
    Dashed,
    /// Dots, no line.
    Points,
}

/// One named series of (x, y) pairs.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub mark: Mark,
}

/// A 2-D chart: named series, axis labels, optional log-x axis and a y = x reference line.
///
/// Build it with the helpers ([`scatter`], [`line`], [`loss_curves`], [`predicted_vs_actual`],
/// [`roc`]) or [`Chart::new`], add series, then [`Chart::render`]. A legend appears as soon as
/// one series has a non-empty name.
#[derive(Debug, Clone)]
pub struct Chart {
    title: String,
    x_label: String,
    y_label: String,
    series: Vec<Series>,
    log_x: bool,
    identity: Option<String>,
    x_range: Option<(f64, f64)>,
    y_range: Option<(f64, f64)>,
    size: (u32, u32),
    legend: Legend,
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
            identity: None,
            x_range: None,
            y_range: None,
            size: (640, 420),
            legend: Legend::UpperRight,
        }
    }

    /// Axis labels.
    pub fn labels(mut self, x_label: &str, y_label: &str) -> Self {
        self.x_label = x_label.to_string();
        self.y_label = y_label.to_string();
        self
    }

    /// Size in pixels.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// A logarithmic x axis (every x must be > 0).
    pub fn log_x(mut self) -> Self {
        self.log_x = true;
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

    /// Put the legend in the lower right corner instead of the upper right.
    pub fn legend_lower_right(self) -> Self {
        self.legend(Legend::LowerRight)
    }

    /// Where the legend goes (default: upper right).
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
        });
        self
    }

    /// Add a solid line.
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

    /// Check the series, then draw the chart.
    pub fn render(&self) -> Result<Figure> {
        let series = self.validated_series()?;
        let (x_lo, x_hi) = match self.x_range {
            Some((lo, hi)) if self.log_x => (log10_checked(lo)?, log10_checked(hi)?),
            Some(r) => r,
            None => padded_range(series.iter().flat_map(|s| s.x.iter().copied())),
        };
        let (y_lo, y_hi) = self
            .y_range
            .unwrap_or_else(|| padded_range(series.iter().flat_map(|s| s.y.iter().copied())));
        let (width, height) = self.size;
        Figure::draw(width, height, |root| {
            self.draw_chart(root, &series, (x_lo, x_hi), (y_lo, y_hi))
        })
    }

    /// The series with log10 applied to x if asked, after checking lengths and finiteness.
    fn validated_series(&self) -> Result<Vec<Series>> {
        if self.series.is_empty() {
            return Err(Error::EmptyInput {
                context: format!("plot '{}' (no series added)", self.title),
            });
        }
        self.series
            .iter()
            .map(|s| {
                let context = format!("plot series '{}'", s.name);
                if s.x.len() != s.y.len() {
                    return Err(Error::shape(&context, s.x.len(), s.y.len()));
                }
                if s.x.is_empty() {
                    return Err(Error::EmptyInput { context });
                }
                let bad = s.x.iter().chain(&s.y).enumerate();
                if let Some((i, &v)) = bad.clone().find(|(_, v)| !v.is_finite()) {
                    return Err(Error::NonFinite {
                        context,
                        position: format!("index {}", i % s.x.len()),
                        value: v,
                    });
                }
                let x = if self.log_x {
                    s.x.iter()
                        .map(|&v| log10_checked(v))
                        .collect::<Result<_>>()?
                } else {
                    s.x.clone()
                };
                Ok(Series { x, ..s.clone() })
            })
            .collect()
    }

    fn draw_chart(
        &self,
        root: &DrawingArea<BitMapBackend<'_>, Shift>,
        series: &[Series],
        (x_lo, x_hi): (f64, f64),
        (y_lo, y_hi): (f64, f64),
    ) -> Result<()> {
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
            .map_err(plot_err)?;
        // On a log axis spanning a decade or more, label only the powers of ten (1, 10, 100, …):
        // labels such as 3.16 or 1.58 at the in-between grid lines only distract.
        let log_x = self.log_x;
        let decades_only = log_x && x_hi - x_lo >= 1.0;
        let x_format = move |v: &f64| {
            if !log_x {
                format_tick(*v)
            } else if decades_only && (v - v.round()).abs() > 1e-9 {
                String::new()
            } else {
                format_tick(10f64.powf(if decades_only { v.round() } else { *v }))
            }
        };
        chart
            .configure_mesh()
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .x_label_formatter(&x_format)
            .y_label_formatter(&|v: &f64| format_tick(*v))
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .light_line_style(RGBColor(235, 235, 235))
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()
            .map_err(plot_err)?;
        if let Some(name) = &self.identity {
            let (lo, hi) = (x_lo.max(y_lo), x_hi.min(y_hi));
            let style = BLACK.mix(0.6).stroke_width(1);
            chart
                .draw_series(DashedLineSeries::new(vec![(lo, lo), (hi, hi)], 6, 4, style))
                .map_err(plot_err)?
                .label(name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        for (k, s) in series.iter().enumerate() {
            draw_series(&mut chart, s, PALETTE[k % PALETTE.len()])?;
        }
        if self.identity.is_some() || series.iter().any(|s| !s.name.is_empty()) {
            chart
                .configure_series_labels()
                .position(self.legend.position())
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(190, 190, 190))
                .label_font(("sans-serif", 13))
                .draw()
                .map_err(plot_err)?;
        }
        Ok(())
    }
}

type Cartesian<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn draw_series(chart: &mut Cartesian<'_, '_>, s: &Series, color: RGBColor) -> Result<()> {
    let points: Vec<(f64, f64)> = s.x.iter().copied().zip(s.y.iter().copied()).collect();
    let annotation = match s.mark {
        Mark::Line => {
            let style = color.stroke_width(2);
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(plot_err)?
        }
        Mark::Dashed => {
            let style = color.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new(points, 8, 5, style))
                .map_err(plot_err)?
        }
        Mark::Points => {
            let style = color.mix(0.65).filled();
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 3, style)))
                .map_err(plot_err)?
        }
    };
    if !s.name.is_empty() {
        let annotation = annotation.label(s.name.as_str());
        if s.mark == Mark::Points {
            annotation.legend(move |(x, y)| Circle::new((x + 10, y), 4, color.filled()));
        } else {
            annotation.legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        }
    }
    Ok(())
}

fn log10_checked(v: f64) -> Result<f64> {
    if v > 0.0 {
        Ok(v.log10())
    } else {
        Err(Error::invalid(
            "x value on a log axis",
            v,
            "a logarithmic axis needs x > 0 (count iterations from 1)",
        ))
    }
}

/// The data range widened by 5% on each side (±1 around a single value).
fn padded_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if hi > lo {
        let pad = 0.05 * (hi - lo);
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, hi + 1.0)
    }
}

/// A short tick label: 3 significant digits, scientific outside [1e-3, 1e5).
fn format_tick(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

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

/// An empty loss-curve chart: log-x axis labelled "iteration" and "loss"; add `.line(...)`s.
pub fn loss_curves(title: &str) -> Chart {
    Chart::new(title).labels("iteration", "loss").log_x()
}

/// An empty predicted-vs-actual chart with the y = x line; add `.points(name, actual, predicted)`.
pub fn predicted_vs_actual(title: &str) -> Chart {
    Chart::new(title)
        .labels("actual", "predicted")
        .identity_line("perfect prediction")
        .legend_lower_right()
}

/// An empty ROC chart on [0, 1]² with the chance diagonal; add `.line(name, fpr, tpr)`.
pub fn roc(title: &str) -> Chart {
    Chart::new(title)
        .labels("false positive rate", "true positive rate")
        .x_range(0.0, 1.0)
        .y_range(0.0, 1.0)
        .identity_line("chance")
        .legend_lower_right()
        .size(520, 460)
}

/// A decision-boundary map for a binary classifier on two features.
///
/// `score` receives an m×2 grid of points covering the data (plus a margin) and returns one
/// value in [0, 1] per row (the predicted probability of class 1). The map shades blue (0)
/// through white (0.5) to orange (1); the points `x` (n×2) are drawn on top, coloured by their
/// 0/1 `labels`.
pub fn decision_boundary(
    title: &str,
    x: &Array2<f64>,
    labels: &Array1<f64>,
    resolution: usize,
    score: impl Fn(&Array2<f64>) -> Result<Array1<f64>>,
) -> Result<Figure> {
    if x.ncols() != 2 {
        return Err(Error::shape(
            "decision_boundary",
            "2 feature columns",
            x.ncols(),
        ));
    }
    if labels.len() != x.nrows() {
        return Err(Error::shape(
            "decision_boundary labels",
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
    crate::data::check_finite_matrix(x.view(), "decision_boundary")?;
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
            "decision_boundary score",
            grid.nrows(),
            p.len(),
        ));
    }
    Figure::draw(560, 500, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(50)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("x₁")
            .y_desc("x₂")
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(plot_err)?;
        let cells = grid.outer_iter().zip(p.iter()).map(|(g, &pk)| {
            let (cx, cy) = (g[0], g[1]);
            Rectangle::new(
                [
                    (cx - step.0 / 2.0, cy - step.1 / 2.0),
                    (cx + step.0 / 2.0, cy + step.1 / 2.0),
                ],
                diverging(pk).filled(),
            )
        });
        chart.draw_series(cells).map_err(plot_err)?;
        for (class, color) in [(0.0, PALETTE[0]), (1.0, PALETTE[1])] {
            let pts = x
                .outer_iter()
                .zip(labels.iter())
                .filter(|(_, &l)| l == class)
                .map(|(r, _)| (r[0], r[1]));
            chart
                .draw_series(pts.map(|pt| {
                    EmptyElement::at(pt)
                        + Circle::new((0, 0), 4, color.filled())
                        + Circle::new((0, 0), 4, WHITE.stroke_width(1))
                }))
                .map_err(plot_err)?
                .label(format!("class {class}"))
                .legend(move |(a, b)| Circle::new((a + 10, b), 4, color.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(190, 190, 190))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(plot_err)
    })
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

/// A grid of small grey-scale images (e.g. 8×8 digits), each with a caption.
///
/// `images` holds one flattened image per row (`height·width` values, row-major); `captions`
/// one string per image. Each image is scaled to its own min..max, dark ink on white.
pub fn image_grid(
    title: &str,
    images: &Array2<f64>,
    (height, width): (usize, usize),
    captions: &[String],
    columns: usize,
) -> Result<Figure> {
    let k = images.nrows();
    if k == 0 {
        return Err(Error::EmptyInput {
            context: "image_grid".into(),
        });
    }
    if images.ncols() != height * width {
        return Err(Error::shape(
            "image_grid",
            format!("{} values per image ({height}×{width})", height * width),
            images.ncols(),
        ));
    }
    if captions.len() != k {
        return Err(Error::shape("image_grid captions", k, captions.len()));
    }
    if columns == 0 {
        return Err(Error::invalid("columns", 0, "need at least one column"));
    }
    crate::data::check_finite_matrix(images.view(), "image_grid")?;
    let rows = k.div_ceil(columns);
    let cell = 96u32;
    let (w, h) = (cell * columns as u32, cell * rows as u32 + 36);
    Figure::draw(w, h, |root| {
        let body = root.titled(title, ("sans-serif", 20)).map_err(plot_err)?;
        let panels = body.split_evenly((rows, columns));
        for ((img, caption), panel) in images.outer_iter().zip(captions).zip(panels.iter()) {
            let (lo, hi) = img
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let span = if hi > lo { hi - lo } else { 1.0 };
            let inner = panel
                .titled(caption, ("sans-serif", 13))
                .map_err(plot_err)?
                .margin(2, 6, 10, 10);
            let (pw, ph) = inner.dim_in_pixel();
            let side = (pw / width as u32).min(ph / height as u32).max(1) as i32;
            for r in 0..height {
                for c in 0..width {
                    let ink = (img[r * width + c] - lo) / span;
                    let g = (255.0 * (1.0 - ink)).round() as u8;
                    let (x0, y0) = (c as i32 * side, r as i32 * side);
                    inner
                        .draw(&Rectangle::new(
                            [(x0, y0), (x0 + side, y0 + side)],
                            RGBColor(g, g, g).filled(),
                        ))
                        .map_err(plot_err)?;
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(format_tick(0.0), "0");
        assert_eq!(format_tick(1000.0), "1000");
        assert_eq!(format_tick(0.25), "0.25");
        assert_eq!(format_tick(1.23456), "1.23");
        assert_eq!(format_tick(2e6), "2.0e6");
    }

    #[test]
    fn diverging_map_is_white_at_one_half() {
        assert_eq!(diverging(0.5), RGBColor(255, 255, 255));
        assert_eq!(diverging(0.0), RGBColor(158, 202, 225));
        assert_eq!(diverging(f64::NAN), RGBColor(255, 255, 255));
    }
}
