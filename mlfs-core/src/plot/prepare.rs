//! A [`Chart`] checked and converted to drawing units before anything is drawn: series lengths,
//! finiteness and log-axis signs, notes, and the axes fitted to the data or fixed by the user.

use super::axis::{extent, Axis, PAD};
use super::chart::{Chart, Note, Series};
use super::style::{resolve, Style};
use crate::error::{Error, Result};

impl Chart {
    /// Check the chart, then convert everything to drawing units and fix the axes.
    pub(super) fn prepare(&self) -> Result<Prepared> {
        let styles = resolve(&self.series);
        let x_axis = Axis {
            lo: 0.0,
            hi: 1.0,
            log: self.log_x,
        };
        let y_axis = Axis {
            lo: 0.0,
            hi: 1.0,
            log: self.log_y,
        };
        let series = self.validated_series(x_axis, y_axis)?;
        let notes = self
            .notes
            .iter()
            .map(|n| note_to_drawing(n, x_axis, y_axis))
            .collect::<Result<Vec<_>>>()?;
        let xs = series.iter().flat_map(|s| s.x.iter().copied());
        let ys = series.iter().flat_map(|s| s.y.iter().copied());
        let (note_x, note_y) = note_coordinates(&notes);
        let x = self.fit_axis(x_axis, self.x_range, xs.chain(note_x))?;
        let y = self.fit_axis(y_axis, self.y_range, ys.chain(note_y))?;
        Ok(Prepared {
            series,
            styles,
            x,
            y,
            notes,
        })
    }

    /// The axis over the fixed range (plus `range_pad`), or over the data plus 5%.
    fn fit_axis(
        &self,
        axis: Axis,
        fixed: Option<(f64, f64)>,
        values: impl Iterator<Item = f64>,
    ) -> Result<Axis> {
        match fixed {
            Some((lo, hi)) => {
                let (lo, hi) = (axis.to_drawing(lo)?, axis.to_drawing(hi)?);
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    return Err(Error::invalid(
                        &format!("axis range of plot '{}'", self.title),
                        format!("{lo}..{hi}"),
                        "give finite bounds with lo < hi",
                    ));
                }
                Ok(Axis { lo, hi, ..axis }.padded(self.range_pad))
            }
            None => {
                let (lo, hi) = extent(values);
                Ok(Axis { lo, hi, ..axis }.padded(PAD))
            }
        }
    }

    /// The series in drawing units, after checking lengths, finiteness and log-axis signs.
    fn validated_series(&self, x_axis: Axis, y_axis: Axis) -> Result<Vec<Series>> {
        if self.series.is_empty() {
            return Err(Error::EmptyInput {
                context: format!("chart '{}' (no series added)", self.title),
            });
        }
        self.series
            .iter()
            .map(|s| {
                let context = format!("series '{}'", s.name);
                if s.x.len() != s.y.len() {
                    return Err(Error::shape(&context, s.x.len(), s.y.len()));
                }
                if s.x.is_empty() {
                    return Err(Error::EmptyInput { context });
                }
                let all = s.x.iter().chain(&s.y).enumerate();
                if let Some((i, &v)) = all.clone().find(|(_, v)| !v.is_finite()) {
                    return Err(Error::NonFinite {
                        context,
                        position: format!("index {}", i % s.x.len()),
                        value: v,
                    });
                }
                let x =
                    s.x.iter()
                        .map(|&v| x_axis.to_drawing(v))
                        .collect::<Result<_>>()?;
                let y =
                    s.y.iter()
                        .map(|&v| y_axis.to_drawing(v))
                        .collect::<Result<_>>()?;
                Ok(Series { x, y, ..s.clone() })
            })
            .collect()
    }
}

/// A chart checked and converted to drawing units, with its axes fixed.
pub(super) struct Prepared {
    pub series: Vec<Series>,
    pub styles: Vec<Style>,
    pub x: Axis,
    pub y: Axis,
    pub notes: Vec<Note>,
}

fn note_to_drawing(note: &Note, x: Axis, y: Axis) -> Result<Note> {
    let finite = |v: f64, what: &str| {
        if v.is_finite() {
            Ok(v)
        } else {
            Err(Error::invalid(what, v, "give a finite coordinate"))
        }
    };
    Ok(match note {
        Note::VLine { x: vx, label } => Note::VLine {
            x: x.to_drawing(finite(*vx, "vline x")?)?,
            label: label.clone(),
        },
        Note::HLine { y: vy, label } => Note::HLine {
            y: y.to_drawing(finite(*vy, "hline y")?)?,
            label: label.clone(),
        },
        Note::Point { x: px, y: py, text } => Note::Point {
            x: x.to_drawing(finite(*px, "annotation x")?)?,
            y: y.to_drawing(finite(*py, "annotation y")?)?,
            text: text.clone(),
        },
        Note::Window { x: wx, y: wy } => Note::Window {
            x: (x.to_drawing(wx.0)?, x.to_drawing(wx.1)?),
            y: (y.to_drawing(wy.0)?, y.to_drawing(wy.1)?),
        },
    })
}

/// The x and y coordinates the notes need to be visible (lines and windows span the plot).
fn note_coordinates(notes: &[Note]) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for n in notes {
        match n {
            Note::VLine { x, .. } => xs.push(*x),
            Note::HLine { y, .. } => ys.push(*y),
            Note::Point { x, y, .. } => {
                xs.push(*x);
                ys.push(*y);
            }
            Note::Window { .. } => {}
        }
    }
    (xs, ys)
}
