//! How series are told apart: colours, dash patterns, markers, and the font sizes.
//!
//! Colour is never the only difference between two series. Series `k` gets colour `k` of the
//! Okabe–Ito palette (distinguishable with the common colour-vision deficiencies); the `k`-th
//! line also gets its own dash pattern (solid, dashed, dotted, dash-dot), and lines of a few
//! points and point clouds get their own marker shape. Every choice can be overridden per series
//! with [`Chart::with_dash`](super::Chart::with_dash), [`Chart::with_marker`](super::Chart::with_marker)
//! and [`Chart::with_color`](super::Chart::with_color).

use plotters::style::RGBColor;

use super::chart::{Mark, Series};

/// The series colours: Okabe & Ito's colour-blind-safe palette, in the order series receive
/// them (yellow, weak on white, comes last).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// The font family registered by [`Figure::draw`](super::Figure::draw) (bundled DejaVu Sans).
pub(super) const FONT: &str = "sans-serif";
/// Font sizes in pixels at the PNG's natural size (notebooks show PNGs 1:1): none below 12.
pub(super) const TITLE_PX: f64 = 20.0;
pub(super) const AXIS_PX: f64 = 16.0;
pub(super) const TEXT_PX: f64 = 14.0;

/// Grey for reference lines (y = x, vertical markers) and for the other series in small multiples.
pub(super) const REFERENCE: RGBColor = RGBColor(90, 90, 90);
pub(super) const GHOST: RGBColor = RGBColor(205, 205, 205);

/// A line's dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
    DashDot,
}

impl Dash {
    /// The patterns given to the 1st, 2nd, 3rd, 4th line of a chart (then again).
    pub(super) const CYCLE: [Dash; 4] = [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::DashDot];

    /// Alternating on/off lengths in pixels (empty: solid).
    pub(super) fn pattern(self) -> &'static [f32] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[10.0, 5.0],
            Dash::Dotted => &[2.0, 4.0],
            Dash::DashDot => &[10.0, 4.0, 2.0, 4.0],
        }
    }
}

/// A marker shape, drawn filled with a thin white edge so overlapping markers stay apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    InvertedTriangle,
}

impl Marker {
    /// The shapes given to series in turn.
    pub(super) const CYCLE: [Marker; 5] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
        Marker::InvertedTriangle,
    ];
}

/// A line of at most this many points gets a marker at every point by default.
pub(super) const FEW_POINTS: usize = 25;

/// How one series is drawn, once the automatic choices are made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub color: RGBColor,
    /// The line's dash pattern; `None` draws no line (a point cloud).
    pub line: Option<Dash>,
    pub width: u32,
    pub marker: Option<Marker>,
    /// Marker radius in pixels.
    pub radius: u32,
    /// Fill opacity of the markers (dense clouds are see-through).
    pub opacity: f64,
    /// Whether markers get a white edge (off for dense clouds, where it turns into noise).
    pub edge: bool,
}

impl Style {
    /// The style for reference lines such as y = x.
    pub(super) fn reference() -> Style {
        Style {
            color: REFERENCE,
            line: Some(Dash::Dashed),
            width: 1,
            marker: None,
            radius: 0,
            opacity: 1.0,
            edge: false,
        }
    }

    /// The same series drawn as a thin grey line (context in a small multiple).
    pub(super) fn ghost(self) -> Style {
        Style {
            color: GHOST,
            line: Some(Dash::Solid),
            width: 2,
            marker: if self.line.is_none() {
                self.marker
            } else {
                None
            },
            edge: false,
            ..self
        }
    }
}

/// The style of every series: explicit choices first, then the automatic cycles.
pub(super) fn resolve(series: &[Series]) -> Vec<Style> {
    let (mut lines, mut clouds) = (0, 0);
    series
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let color = s.color.unwrap_or(PALETTE[k % PALETTE.len()]);
            let n = s.x.len();
            let style = match s.mark {
                Mark::Points => {
                    clouds += 1;
                    Style {
                        color,
                        line: None,
                        width: 0,
                        marker: Some(Marker::CYCLE[(clouds - 1) % Marker::CYCLE.len()]),
                        radius: if n <= 5 {
                            6
                        } else if n <= 200 {
                            4
                        } else {
                            3
                        },
                        opacity: if n <= 200 { 1.0 } else { 0.6 },
                        edge: n <= 200,
                    }
                }
                Mark::Line | Mark::Dashed => {
                    lines += 1;
                    let auto_dash = Dash::CYCLE[(lines - 1) % Dash::CYCLE.len()];
                    let auto_marker = Marker::CYCLE[k % Marker::CYCLE.len()];
                    Style {
                        color,
                        line: Some(if s.mark == Mark::Dashed {
                            Dash::Dashed
                        } else {
                            auto_dash
                        }),
                        width: 2,
                        marker: (3..=FEW_POINTS).contains(&n).then_some(auto_marker),
                        radius: 4,
                        opacity: 1.0,
                        edge: true,
                    }
                }
            };
            Style {
                line: s.dash.or(style.line),
                marker: s.marker.or(style.marker),
                ..style
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(mark: Mark, n: usize) -> Series {
        Series {
            name: String::new(),
            x: vec![1.0; n],
            y: vec![1.0; n],
            mark,
            dash: None,
            marker: None,
            color: None,
        }
    }

    #[test]
    fn four_lines_differ_in_more_than_colour() {
        let styles = resolve(&[
            series(Mark::Line, 2000),
            series(Mark::Line, 200),
            series(Mark::Line, 200),
            series(Mark::Line, 21),
        ]);
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.color, b.color);
                assert!(a.line != b.line || a.marker != b.marker, "{a:?} vs {b:?}");
            }
        }
        assert_eq!(
            styles[3].marker,
            Some(Marker::Diamond),
            "a short line gets markers"
        );
        assert_eq!(styles[0].marker, None, "a long line does not");
    }

    #[test]
    fn explicit_choices_win() {
        let mut s = series(Mark::Line, 2000);
        s.dash = Some(Dash::Dotted);
        s.marker = Some(Marker::Square);
        s.color = Some(PALETTE[6]);
        let style = resolve(&[s])[0];
        assert_eq!(
            (style.line, style.marker, style.color),
            (Some(Dash::Dotted), Some(Marker::Square), PALETTE[6])
        );
    }
}
