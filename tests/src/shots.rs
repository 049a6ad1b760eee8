//! Screenshots: the window through WebDriver, the whole X display through ImageMagick's
//! `import`, and reading a QR code back out of a picture.

use crate::paths;
use fantoccini::Client;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Saves the window's content as `target/e2e-shots/<name>.png`.
pub async fn save_window(c: &Client, name: &str) -> Result<PathBuf, String> {
    // WebKitWebDriver captures the last painted frame: let a scroll or change just made paint
    // first (two animation frames; at most half a second if frames are not coming).
    let settle = "const done = arguments[arguments.length - 1];
        setTimeout(done, 500);
        requestAnimationFrame(() => requestAnimationFrame(() => done()));";
    c.execute_async(settle, Vec::new()).await.map_err(|e| format!("waiting for a painted frame: {e}"))?;
    let png = c.screenshot().await.map_err(|e| format!("window screenshot: {e}"))?;
    save(name, &png)
}

pub fn save(name: &str, png: &[u8]) -> Result<PathBuf, String> {
    let dir = paths::shots_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(path)
}

/// Saves the whole X display (`import -window root`) as `target/e2e-shots/<name>.png`, when
/// there is an X display and ImageMagick; `None` otherwise (the window shot is the evidence).
pub fn save_display(name: &str) -> Option<PathBuf> {
    std::env::var_os("DISPLAY")?;
    let import = paths::find_on_path("import")?;
    let path = paths::shots_dir().join(format!("{name}.png"));
    let ok = Command::new(import)
        .args(["-window", "root"])
        .arg(&path)
        .stdin(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    ok.then_some(path)
}

/// Pixel size of a PNG.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), String> {
    let img =
        image::load_from_memory_with_format(png, image::ImageFormat::Png).map_err(|e| format!("not a PNG: {e}"))?;
    Ok((img.width(), img.height()))
}

/// The texts of every QR code readable in a PNG.
pub fn read_qr_codes(png: &[u8]) -> Result<Vec<String>, String> {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| format!("not a PNG: {e}"))?
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let mut texts = Vec::new();
    for grid in prepared.detect_grids() {
        let (_, text) = grid.decode().map_err(|e| format!("a QR code was found but could not be read: {e}"))?;
        texts.push(text);
    }
    Ok(texts)
}
