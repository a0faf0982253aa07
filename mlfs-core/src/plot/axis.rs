//! Axes: the drawn range (padded, so no data lies on the frame), the tick positions and their
//! labels, on a linear or a logarithmic scale.
//!
//! A log axis is drawn in log10 units: every value `v` becomes `log10 v` before it is plotted,
//! and a tick at `t` is labelled `10^t`. Which ticks get labels depends on the room: decades
//! only (1, 10, 100) on a long axis, and 1-2-5 or 1-2-3-5 sequences when the range is one or two
//! decades, so that a reader can find epoch 4 or 21 on it.

use crate::error::{Error, Result};

/// One axis of a chart, in drawing units (log10 of the data on a log axis).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
}

/// Tick positions in drawing units: labelled (`major`) and grid-only (`minor`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub major: Vec<f64>,
    pub minor: Vec<f64>,
}

/// Fraction of the data span added on each side of an axis fitted to the data.
pub(super) const PAD: f64 = 0.05;

impl Axis {
    /// Data value → drawing units.
    pub fn to_drawing(self, v: f64) -> Result<f64> {
        if self.log {
            log10_checked(v)
        } else {
            Ok(v)
        }
    }

    /// The label of a tick at drawing position `t`.
    pub fn label(self, t: f64) -> String {
        format_tick(if self.log { 10f64.powf(t) } else { t })
    }

    /// The axis widened by `fraction` of its span on each side.
    pub fn padded(self, fraction: f64) -> Axis {
        let pad = fraction * (self.hi - self.lo);
        Axis {
            lo: self.lo - pad,
            hi: self.hi + pad,
            ..self
        }
    }

    /// Ticks for an axis `pixels` long whose labels need `min_gap` pixels between them.
    pub fn ticks(self, pixels: u32, min_gap: f64) -> Ticks {
        let px_per_unit = f64::from(pixels.max(1)) / (self.hi - self.lo);
        if self.log {
            log_ticks(self.lo, self.hi, min_gap / px_per_unit)
        } else {
            let max_count = (f64::from(pixels) / min_gap).floor().max(2.0) as usize;
            Ticks {
                major: linear_ticks(self.lo, self.hi, max_count),
                minor: Vec::new(),
            }
        }
    }
}

/// At most `max_count` "nice" ticks (steps of 1, 2, 2.5 or 5 × 10^k) inside [lo, hi].
pub(super) fn linear_ticks(lo: f64, hi: f64, max_count: usize) -> Vec<f64> {
    let raw = (hi - lo) / max_count.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return vec![lo];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| k as f64 * step)
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        .collect()
}

/// Log-axis ticks in log10 units, labels at least `min_gap` log10 units apart.
///
/// Tries, from densest to sparsest, the mantissas {1, 2, 3, 5}, {1, 2, 5}, {1, 3}, {1} in every
/// decade, then every second, fifth, tenth decade; keeps the densest that fits. Under half a
/// decade a log axis looks linear, so it falls back to linear ticks on the data values.
fn log_ticks(lo: f64, hi: f64, min_gap: f64) -> Ticks {
    let candidates: [&[f64]; 4] = [&[1.0, 2.0, 3.0, 5.0], &[1.0, 2.0, 5.0], &[1.0, 3.0], &[1.0]];
    let mut major = Vec::new();
    for mantissas in candidates {
        major = log_sequence(lo, hi, mantissas, 1);
        if fits(&major, min_gap) {
            break;
        }
    }
    let mut every = 1;
    while !fits(&major, min_gap) && every < 1000 {
        every = if every == 1 {
            2
        } else if every == 2 {
            5
        } else {
            every * 2
        };
        major = log_sequence(lo, hi, &[1.0], every);
    }
    if major.len() < 3 {
        let n = ((hi - lo) / min_gap).floor().max(2.0) as usize;
        major = linear_ticks(10f64.powf(lo), 10f64.powf(hi), n)
            .into_iter()
            .filter(|&v| v > 0.0)
            .map(f64::log10)
            .collect();
    }
    let minor = if hi - lo <= 5.0 {
        log_sequence(lo, hi, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 1)
            .into_iter()
            .filter(|t| !major.iter().any(|m| (m - t).abs() < 1e-9))
            .collect()
    } else {
        Vec::new()
    };
    Ticks { major, minor }
}

/// log10(m·10^k) for each mantissa m and every `every`-th decade k, inside [lo, hi].
fn log_sequence(lo: f64, hi: f64, mantissas: &[f64], every: i64) -> Vec<f64> {
    let (k_lo, k_hi) = (lo.floor() as i64, hi.ceil() as i64);
    (k_lo..=k_hi)
        .filter(|k| k.rem_euclid(every) == 0)
        .flat_map(|k| mantissas.iter().map(move |m| k as f64 + m.log10()))
        .filter(|&t| t >= lo - 1e-9 && t <= hi + 1e-9)
        .collect()
}

/// Whether consecutive ticks are at least `min_gap` apart.
fn fits(ticks: &[f64], min_gap: f64) -> bool {
    ticks.windows(2).all(|w| w[1] - w[0] >= min_gap)
}

pub(super) fn log10_checked(v: f64) -> Result<f64> {
    if v > 0.0 {
        Ok(v.log10())
    } else {
        Err(Error::invalid(
            "value on a log axis",
            v,
            "a logarithmic axis needs values > 0 (count iterations from 1)",
        ))
    }
}

/// The smallest and largest value (±1 around a single value, so the span is never zero).
pub(super) fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    }
}

/// The data range widened by 5% on each side (±1 around a single value).
pub(super) fn padded_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = extent(values);
    let pad = PAD * (hi - lo);
    (lo - pad, hi + pad)
}

/// A short tick label: 3 significant digits, scientific outside [1e-3, 1e5).
pub(super) fn format_tick(v: f64) -> String {
    let a = v.abs();
    if a < 1e-12 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(axis: Axis, ticks: &[f64]) -> Vec<String> {
        ticks.iter().map(|&t| axis.label(t)).collect()
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(format_tick(0.0), "0");
        assert_eq!(format_tick(1000.0), "1000");
        assert_eq!(format_tick(0.25), "0.25");
        assert_eq!(format_tick(1.23456), "1.23");
        assert_eq!(format_tick(2e6), "2.0e6");
        assert_eq!(format_tick(-1e-17), "0");
    }

    #[test]
    fn linear_ticks_are_nice_and_inside() {
        let plain = Axis {
            lo: 0.0,
            hi: 1.0,
            log: false,
        };
        let roc = linear_ticks(-0.02, 1.02, 6);
        assert_eq!(labels(plain, &roc), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        let loss = linear_ticks(0.03, 0.25, 5);
        assert_eq!(labels(plain, &loss), ["0.05", "0.1", "0.15", "0.2", "0.25"]);
    }

    #[test]
    fn a_short_log_axis_labels_more_than_decades() {
        // 1..21 epochs on 500 px: a reader must find 4 and 21
        let axis = Axis {
            lo: 0.0,
            hi: 21f64.log10(),
            log: true,
        }
        .padded(PAD);
        let ticks = axis.ticks(500, 56.0);
        assert_eq!(labels(axis, &ticks.major), ["1", "2", "3", "5", "10", "20"]);
        assert!(ticks
            .minor
            .iter()
            .any(|&t| (t - 4f64.log10()).abs() < 1e-12));
    }

    #[test]
    fn a_long_log_axis_labels_decades() {
        let axis = Axis {
            lo: 0.0,
            hi: 6.0,
            log: true,
        };
        let ticks = axis.ticks(500, 56.0);
        assert_eq!(
            labels(axis, &ticks.major),
            ["1", "10", "100", "1000", "10000", "1.0e5", "1.0e6"]
        );
        let three = Axis {
            lo: 0.0,
            hi: 2000f64.log10(),
            log: true,
        };
        let major = labels(three, &three.ticks(500, 56.0).major);
        assert_eq!(major, ["1", "3", "10", "30", "100", "300", "1000"]);
    }

    #[test]
    fn a_log_axis_under_half_a_decade_falls_back_to_linear_ticks() {
        let axis = Axis {
            lo: 0.05f64.log10(),
            hi: 0.15f64.log10(),
            log: true,
        };
        let major = labels(axis, &axis.ticks(300, 30.0).major);
        assert!(major.len() >= 3, "{major:?}");
    }
}
