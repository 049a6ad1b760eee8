//! QR codes rendered locally (the UI's strict CSP loads nothing remote).

use base64::Engine;
use image::{ImageEncoder, Luma};
use qrcode::{EcLevel, QrCode};

/// Pixels per QR module: large enough to scan from a phone held at arm's length.
const MODULE_PX: u32 = 8;

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the text is too long for a QR code")]
    TooLong,
    #[error("the QR image could not be encoded: {0}")]
    Encode(String),
}

/// A PNG of `text` as a QR code: error correction M, 4-module quiet zone, 8 px per module,
/// black on white.
pub fn png(text: &str) -> Result<Vec<u8>, QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| QrError::TooLong)?;
    let img = code
        .render::<Luma<u8>>()
        .quiet_zone(true) // qrcode's quiet zone is the standard 4 modules
        .module_dimensions(MODULE_PX, MODULE_PX)
        .dark_color(Luma([0]))
        .light_color(Luma([255]))
        .build();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::L8)
        .map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(out)
}

/// Standard base64 of [`png`].
pub fn png_base64(text: &str) -> Result<String, QrError> {
    Ok(base64::engine::general_purpose::STANDARD.encode(png(text)?))
}

/// `data:image/png;base64,…` of [`png`], for an `<img src>`.
pub fn png_data_url(text: &str) -> Result<String, QrError> {
    Ok(format!("data:image/png;base64,{}", png_base64(text)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> String {
        let img = image::load_from_memory(bytes).unwrap().to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn png_decodes_back_to_the_exact_text() {
        for text in [
            "https://paynet.link/p/AbC123xyz",
            "http://127.0.0.1:41234/paytr/link/7f3a2c?lang=tr&amount=1234,56",
            "Ödeme: çğıöşü ₺",
        ] {
            let bytes = png(text).unwrap();
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
            assert_eq!(decode(&bytes), text);
        }
    }

    #[test]
    fn image_has_quiet_zone_and_module_size() {
        let bytes = png("https://example.com/x").unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_luma8();
        let code = QrCode::with_error_correction_level(b"https://example.com/x", EcLevel::M).unwrap();
        let modules = code.width() as u32 + 8;
        assert_eq!(img.width(), modules * MODULE_PX);
        assert_eq!(img.height(), img.width());
        // The quiet zone is white; the top-left finder pattern starts black right after it.
        assert_eq!(img.get_pixel(4 * MODULE_PX - 1, 4 * MODULE_PX - 1).0, [255]);
        assert_eq!(img.get_pixel(4 * MODULE_PX, 4 * MODULE_PX).0, [0]);
        assert!(img.pixels().all(|p| p.0 == [0] || p.0 == [255]));
    }

    #[test]
    fn data_url_carries_the_png() {
        let url = png_data_url("hello").unwrap();
        let b64 = url.strip_prefix("data:image/png;base64,").unwrap();
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
        assert_eq!(bytes, png("hello").unwrap());
        assert_eq!(decode(&bytes), "hello");
    }

    #[test]
    fn too_long_text_is_an_error_not_a_panic() {
        let text = "x".repeat(5000);
        assert!(matches!(png(&text), Err(QrError::TooLong)));
    }
}
