//! Wall-clock timings that the notebook checker knows to ignore.
//!
//! A timing changes from run to run, so a notebook that printed one would never match its fresh
//! re-run. Every timing the notebooks print goes through [`Elapsed`], whose `Display` starts with
//! the marker `⏱`; the checker (`tools/nbcheck.py`) masks exactly `⏱ <number> <unit>` and nothing
//! else.

use std::fmt;
use std::time::{Duration, Instant};

/// A measured duration, displayed as `⏱ 12.3 ms`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Elapsed(pub Duration);

impl Elapsed {
    /// Seconds as `f64`.
    pub fn secs(&self) -> f64 {
        self.0.as_secs_f64()
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.secs();
        let text = if s < 1e-3 {
            format!("⏱ {:.1} µs", s * 1e6)
        } else if s < 1.0 {
            format!("⏱ {:.2} ms", s * 1e3)
        } else {
            format!("⏱ {:.3} s", s)
        };
        f.pad(&text)
    }
}

/// Run `f` once and return its result with the wall-clock time it took.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, Elapsed) {
    let start = Instant::now();
    let out = f();
    (out, Elapsed(start.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_carries_the_marker_and_a_unit() {
        assert_eq!(
            Elapsed(Duration::from_micros(250)).to_string(),
            "⏱ 250.0 µs"
        );
        assert_eq!(Elapsed(Duration::from_millis(12)).to_string(), "⏱ 12.00 ms");
        assert_eq!(
            Elapsed(Duration::from_millis(2500)).to_string(),
            "⏱ 2.500 s"
        );
        assert_eq!(
            format!("{:>12}", Elapsed(Duration::from_millis(12))),
            "  ⏱ 12.00 ms"
        );
    }

    #[test]
    fn time_returns_the_closure_result_and_at_least_its_duration() {
        // `sleep` lasts at least as long as asked, so the timing cannot be shorter.
        let (v, t) = time(|| {
            std::thread::sleep(Duration::from_millis(20));
            2 + 2
        });
        assert_eq!(v, 4);
        assert!(t.0 >= Duration::from_millis(20), "{t}");
        assert_eq!(t.secs(), t.0.as_secs_f64());
    }
}
