//! Plane geometry for drawing: clipping a polyline to the chart's box, cutting a polyline into
//! dashes, and choosing which points of a long series get a marker.

/// The pieces of the polyline `points` inside the box `[x0, x1] × [y0, y1]`.
///
/// Each segment is clipped by Liang–Barsky; a segment that leaves the box ends a piece, so a
/// zoomed chart never draws over its own axes.
pub(super) fn clip_polyline(
    points: &[(f64, f64)],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let inside = |(x, y): (f64, f64)| x >= x0 && x <= x1 && y >= y0 && y <= y1;
    if points.len() == 1 && inside(points[0]) {
        return vec![points.to_vec()];
    }
    for w in points.windows(2) {
        match clip_segment(w[0], w[1], (x0, x1), (y0, y1)) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// The part of segment `a`–`b` inside the box (Liang–Barsky), if any.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
}

/// The "on" pieces of a pixel polyline under a dash `pattern` (on, off, on, off… lengths in
/// pixels); an empty pattern gives the whole line.
pub(super) fn dash_runs(points: &[(f32, f32)], pattern: &[f32]) -> Vec<Vec<(f32, f32)>> {
    if pattern.is_empty() || pattern.iter().any(|&l| l <= 0.0) {
        return vec![points.to_vec()];
    }
    let mut runs = Vec::new();
    let (mut k, mut left) = (0usize, pattern[0]);
    let mut run: Vec<(f32, f32)> = points.first().copied().into_iter().collect();
    for w in points.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut d = (b.0 - a.0).hypot(b.1 - a.1);
        while d > left {
            let t = left / d;
            a = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            d -= left;
            if k % 2 == 0 {
                run.push(a);
                runs.push(std::mem::take(&mut run));
            } else {
                run = vec![a];
            }
            k = (k + 1) % pattern.len().max(2);
            left = pattern[k % pattern.len()];
        }
        left -= d;
        if k % 2 == 0 {
            run.push(b);
        }
    }
    if k % 2 == 0 && run.len() > 1 {
        runs.push(run);
    }
    runs
}

/// Indices of the pixel points that get a marker: the first at arc length `phase`, then each
/// next one at least `gap` pixels (along the curve) after the previous.
pub(super) fn marker_indices(pixels: &[(f64, f64)], gap: f64, phase: f64) -> Vec<usize> {
    let mut chosen = Vec::new();
    let mut travelled = gap - phase;
    for (i, p) in pixels.iter().enumerate() {
        if i > 0 {
            let q = pixels[i - 1];
            travelled += (p.0 - q.0).hypot(p.1 - q.1);
        }
        if travelled >= gap {
            chosen.push(i);
            travelled = 0.0;
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_the_inside_and_splits_at_exits() {
        let box_ = ((0.0, 1.0), (0.0, 1.0));
        let pieces = clip_polyline(&[(-1.0, 0.5), (0.5, 0.5), (2.0, 0.5)], box_.0, box_.1);
        assert_eq!(pieces, vec![vec![(0.0, 0.5), (0.5, 0.5), (1.0, 0.5)]]);
        let out_and_back = [(0.5, 0.5), (0.5, 3.0), (0.6, 0.5)];
        assert_eq!(clip_polyline(&out_and_back, box_.0, box_.1).len(), 2);
        assert!(clip_polyline(&[(2.0, 2.0), (3.0, 3.0)], box_.0, box_.1).is_empty());
    }

    #[test]
    fn dashes_alternate_on_and_off() {
        let runs = dash_runs(&[(0.0, 0.0), (25.0, 0.0)], &[10.0, 5.0]);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 0.0), (10.0, 0.0)],
                vec![(15.0, 0.0), (25.0, 0.0)]
            ]
        );
        let solid = dash_runs(&[(0.0, 0.0), (3.0, 4.0)], &[]);
        assert_eq!(solid, vec![vec![(0.0, 0.0), (3.0, 4.0)]]);
        // dash-dot: on 10, off 4, on 2, off 4
        let dash_dot = dash_runs(&[(0.0, 0.0), (30.0, 0.0)], &[10.0, 4.0, 2.0, 4.0]);
        assert_eq!(dash_dot.len(), 3);
        assert_eq!(dash_dot[1], vec![(14.0, 0.0), (16.0, 0.0)]);
    }

    #[test]
    fn markers_are_spaced_along_the_curve() {
        let pixels: Vec<(f64, f64)> = (0..100).map(|i| (f64::from(i), 0.0)).collect();
        assert_eq!(marker_indices(&pixels, 30.0, 0.0), vec![0, 30, 60, 90]);
        assert_eq!(marker_indices(&pixels, 30.0, 10.0), vec![10, 40, 70]);
    }
}
