//! [`Figure`]: an RGB bitmap drawn by plotters, encoded as PNG, shown by evcxr or saved.

use std::path::Path;

use base64::Engine;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::plot_err;
use super::style::FONT as FONT_FAMILY;
use crate::error::{within, Error, Result};

static FONT_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Register the bundled DejaVu Sans as "sans-serif" (before any text is drawn or measured).
pub(super) fn register_font() -> Result<()> {
    plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_TTF).map_err(|_| {
        Error::Plot {
            context: String::new(),
            message: "the bundled font could not be loaded".into(),
        }
    })
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
        Self::try_draw(width, height, draw).map_err(within("Figure::draw"))
    }

    /// [`Figure::draw`], with errors not yet named after it.
    fn try_draw(
        width: u32,
        height: u32,
        draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<()>,
    ) -> Result<Figure> {
        register_font()?;
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
            let named = |e| plot_err(e).within("Figure::png_bytes");
            let mut writer = encoder.write_header().map_err(named)?;
            writer.write_image_data(&self.rgb).map_err(named)?;
        }
        Ok(out)
    }

    /// Write the figure to a PNG file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        const CONTEXT: &str = "Figure::save";
        let path = path.as_ref();
        let bytes = self.png_bytes().map_err(within(CONTEXT))?;
        std::fs::write(path, bytes).map_err(|source| Error::Io {
            context: CONTEXT.into(),
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
