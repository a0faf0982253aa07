//! A grid of small grey-scale images with captions (e.g. misclassified digits).

use ndarray::Array2;
use plotters::prelude::*;

use super::style::{FONT, TEXT_PX, TITLE_PX};
use super::{check_finite, plot_err, Figure};
use crate::error::{within, Error, Result};

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
    try_image_grid(title, images, (height, width), captions, columns).map_err(within(IMAGE_GRID))
}

const IMAGE_GRID: &str = "plot::image_grid";

/// [`image_grid`], with errors not yet named after it.
fn try_image_grid(
    title: &str,
    images: &Array2<f64>,
    (height, width): (usize, usize),
    captions: &[String],
    columns: usize,
) -> Result<Figure> {
    let k = images.nrows();
    if k == 0 {
        return Err(Error::EmptyInput {
            context: IMAGE_GRID.into(),
        });
    }
    if images.ncols() != height * width {
        return Err(Error::shape(
            IMAGE_GRID,
            format!("{} values per image ({height}×{width})", height * width),
            images.ncols(),
        ));
    }
    if captions.len() != k {
        return Err(Error::shape(
            "plot::image_grid (captions)",
            k,
            captions.len(),
        ));
    }
    if columns == 0 {
        return Err(Error::invalid("columns", 0, "need at least one column"));
    }
    check_finite(images.view(), IMAGE_GRID)?;
    let rows = k.div_ceil(columns);
    let cell = 96u32;
    let (w, h) = (cell * columns as u32, cell * rows as u32 + 36);
    Figure::draw(w, h, |root| {
        let body = root.titled(title, (FONT, TITLE_PX)).map_err(plot_err)?;
        let panels = body.split_evenly((rows, columns));
        for ((img, caption), panel) in images.outer_iter().zip(captions).zip(panels.iter()) {
            let (lo, hi) = img
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let span = if hi > lo { hi - lo } else { 1.0 };
            let inner = panel
                .titled(caption, (FONT, TEXT_PX))
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
