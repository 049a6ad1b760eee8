//! The picture iyzico requires on every link (`encodedImageFile`, §4.1): a clean PNG card with
//! the amount large, the description, and the shop's name when set. Drawn with `ab_glyph` and a
//! bundled DejaVu Sans Bold cut to Latin (every Turkish letter, ₺ € £ ₽; `assets/fonts/`).

use super::error::IyzicoError;
use super::types::LinkImage;
use crate::money::Money;
use crate::providers::ErrorKind;
use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder, Rgb, RgbImage};

pub const WIDTH: u32 = 600;
pub const HEIGHT: u32 = 400;

pub(crate) static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold-subset.ttf");

const BACKGROUND: Rgb<u8> = Rgb([255, 255, 255]);
const BAND: Rgb<u8> = Rgb([30, 100, 240]);
const INK: Rgb<u8> = Rgb([20, 28, 40]);
const MUTED: Rgb<u8> = Rgb([90, 100, 115]);
const MARGIN: f32 = 40.0;

pub(crate) fn font() -> FontRef<'static> {
    // The bundled font is a fixed, valid TrueType file; a test parses it.
    FontRef::try_from_slice(FONT_BYTES).expect("the bundled font parses")
}

/// Renders the card: shop name (if any) in the top band, the amount (`1.234,56 TL`) large, and
/// the description on up to three lines, cut with `…` when longer.
pub fn render(amount: Money, description: &str, shop: Option<&str>) -> Result<LinkImage, IyzicoError> {
    let font = font();
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, BACKGROUND);
    let band_h = 72;
    for y in 0..band_h {
        for x in 0..WIDTH {
            img.put_pixel(x, y, BAND);
        }
    }
    let inner = WIDTH as f32 - 2.0 * MARGIN;
    if let Some(shop) = shop.map(str::trim).filter(|s| !s.is_empty()) {
        let line = fit(&font, 30.0, &clean(&font, shop), inner);
        draw(&mut img, &font, 30.0, &line, MARGIN, 48.0, BACKGROUND);
    }
    let amount_text = amount.format();
    draw(&mut img, &font, amount_size(&font, &amount_text, inner), &amount_text, MARGIN, 180.0, INK);
    for (i, line) in wrap(&font, 28.0, &clean(&font, description), inner, 3).iter().enumerate() {
        draw(&mut img, &font, 28.0, line, MARGIN, 250.0 + 40.0 * i as f32, MUTED);
    }
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Best, FilterType::Adaptive)
        .write_image(img.as_raw(), WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .map_err(|_| IyzicoError::new(ErrorKind::Validation, "the link image could not be made"))?;
    LinkImage::new(png)
}

/// One line, with control characters as spaces. A letter or digit the font lacks shows as `?`
/// (never an empty box: something is written there); a symbol it lacks (emoji, their joiners and
/// variation selectors) is left out, as "Doğum günü pastası 🎂" reads fine without the cake.
pub(crate) fn clean(font: &FontRef<'_>, text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter_map(|c| match c {
            ' ' => Some(c),
            _ if font.glyph_id(c) != GlyphId(0) => Some(c),
            _ if c.is_alphanumeric() => Some('?'),
            _ => None,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The amount's size: 84 px, smaller for long amounts so it fits in `max` pixels.
fn amount_size(font: &FontRef<'_>, text: &str, max: f32) -> f32 {
    let mut size = 84.0;
    while size > 24.0 && width(font, size, text) > max {
        size -= 4.0;
    }
    size
}

fn width(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut w = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            w += scaled.kern(p, id);
        }
        w += scaled.h_advance(id);
        prev = Some(id);
    }
    w
}

/// `text` cut with `…` so it fits in `max` pixels.
fn fit(font: &FontRef<'_>, size: f32, text: &str, max: f32) -> String {
    if width(font, size, text) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() && width(font, size, &format!("{}…", chars.iter().collect::<String>())) > max {
        chars.pop();
    }
    format!("{}…", chars.iter().collect::<String>().trim_end())
}

/// Greedy word wrap into at most `lines` lines; the last one is cut with `…` if text remains.
fn wrap(font: &FontRef<'_>, size: f32, text: &str, max: f32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    for (i, word) in words.iter().enumerate() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if width(font, size, &candidate) <= max || current.is_empty() {
            current = candidate;
            continue;
        }
        out.push(fit(font, size, &current, max));
        current = word.to_string();
        if out.len() == lines - 1 {
            let rest = words[i..].join(" ");
            out.push(fit(font, size, &rest, max));
            return out;
        }
    }
    if !current.is_empty() {
        out.push(fit(font, size, &current, max));
    }
    out
}

/// Draws `text` with its baseline at `y`, blending glyph coverage over what is there.
fn draw(img: &mut RgbImage, font: &FontRef<'_>, size: f32, text: &str, x0: f32, y: f32, color: Rgb<u8>) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut x = x0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(x, y));
        x += scaled.h_advance(id);
        prev = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px, py) = (bounds.min.x as i64 + gx as i64, bounds.min.y as i64 + gy as i64);
            if px < 0 || py < 0 || px >= WIDTH as i64 || py >= HEIGHT as i64 {
                return;
            }
            let a = coverage.clamp(0.0, 1.0);
            let under = img.get_pixel(px as u32, py as u32).0;
            let mix = |u: u8, c: u8| (u as f32 * (1.0 - a) + c as f32 * a).round() as u8;
            img.put_pixel(
                px as u32,
                py as u32,
                Rgb([mix(under[0], color.0[0]), mix(under[1], color.0[1]), mix(under[2], color.0[2])]),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn card_is_a_small_png_of_the_right_size() {
        let m = Money::new(123456, Currency::Tl).unwrap();
        let img =
            render(m, "Çiçekli ağaç süsü, ıhlamur ve şeftali: İzmir’den özel gönderi", Some("Güneş Öğüt Çay Evi"))
                .unwrap();
        let bytes = img.bytes();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
        let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
        // Something was drawn below the band (the amount), not a blank card.
        let rgb = decoded.to_rgb8();
        let inked = (80..HEIGHT)
            .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
            .filter(|&(x, y)| rgb.get_pixel(x, y).0[0] < 128)
            .count();
        assert!(inked > 2000, "{inked} dark pixels");
    }

    #[test]
    fn turkish_letters_have_their_own_glyphs() {
        let font = font();
        for c in "ÇçĞğİıÖöŞşÜü₺€£".chars() {
            assert_ne!(font.glyph_id(c), GlyphId(0), "{c} would be drawn as an empty box");
            assert!(font.outline_glyph(font.glyph_id(c).with_scale(40.0)).is_some(), "{c} has no outline");
        }
        // A letter with a mark is drawn differently from its base letter: the mark is there.
        for (marked, base) in [('Ş', 'S'), ('ğ', 'g'), ('İ', 'I'), ('ı', 'i'), ('Ç', 'C'), ('ö', 'o')] {
            assert_ne!(coverage(&font, marked), coverage(&font, base), "{marked} vs {base}");
        }
    }

    fn coverage(font: &FontRef<'_>, c: char) -> Vec<u8> {
        let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, BACKGROUND);
        draw(&mut img, font, 60.0, &c.to_string(), 10.0, 100.0, INK);
        img.into_raw()
    }

    #[test]
    fn unknown_letters_become_question_marks_symbols_go_and_long_text_is_cut() {
        let font = font();
        assert_eq!(clean(&font, "Çay\t☕  漢 ok"), "Çay ? ok");
        assert_eq!(clean(&font, "Doğum günü pastası 🎂🎉 👨‍👩‍👧 ❤️"), "Doğum günü pastası");
        let lines = wrap(&font, 28.0, &"uzun kelime ".repeat(60), WIDTH as f32 - 2.0 * MARGIN, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        assert!(lines.iter().all(|l| width(&font, 28.0, l) <= WIDTH as f32 - 2.0 * MARGIN));
    }

    #[test]
    fn the_largest_amount_still_fits() {
        let font = font();
        let m = Money::new(crate::money::MAX_MINOR, Currency::Gbp).unwrap();
        assert!(render(m, "x", None).is_ok());
        let inner = WIDTH as f32 - 2.0 * MARGIN;
        let size = amount_size(&font, &m.format(), inner);
        assert!((40.0..84.0).contains(&size), "{size}");
        assert!(width(&font, size, &m.format()) <= inner);
        assert_eq!(amount_size(&font, "5,00 TL", inner), 84.0);
    }
}
