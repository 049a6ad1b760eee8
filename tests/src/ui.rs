//! Waiting for and reading what the window shows. Every wait has a deadline and its error says
//! what was last seen, so a failure reads like a bug report.

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

/// How long a step may take in the real window (app start included).
pub const STEP: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(150);

/// The element when it is present and displayed, else `None`.
pub async fn shown(c: &Client, css: &str) -> Option<Element> {
    let el = c.find(Locator::Css(css)).await.ok()?;
    el.is_displayed().await.ok()?.then_some(el)
}

/// What a person reads in the element: the value of a form field, else its text.
pub async fn read(el: &Element) -> Result<String, String> {
    let tag = el.tag_name().await.map_err(|e| e.to_string())?.to_ascii_lowercase();
    let text = if tag == "input" || tag == "textarea" {
        el.prop("value").await.map_err(|e| e.to_string())?.unwrap_or_default()
    } else {
        el.text().await.map_err(|e| e.to_string())?
    };
    Ok(text.trim().to_string())
}

/// Waits until `css` is displayed and its text satisfies `ok`; returns that text.
pub async fn wait_text(c: &Client, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> Result<String, String> {
    let deadline = Instant::now() + STEP;
    let mut last = String::from("(not displayed)");
    loop {
        if let Some(el) = shown(c, css).await {
            match read(&el).await {
                Ok(text) if ok(&text) => return Ok(text),
                Ok(text) => last = format!("{text:?}"),
                Err(e) => last = format!("(unreadable: {e})"),
            }
        }
        if Instant::now() > deadline {
            return Err(format!("`{css}` never showed {what} within {STEP:?}; last seen: {last}"));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until `css` is displayed.
pub async fn wait_shown(c: &Client, css: &str) -> Result<Element, String> {
    let deadline = Instant::now() + STEP;
    loop {
        if let Some(el) = shown(c, css).await {
            return Ok(el);
        }
        if Instant::now() > deadline {
            return Err(format!("`{css}` was not displayed within {STEP:?}"));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The displayed element `css`, now (no waiting).
pub async fn find(c: &Client, css: &str) -> Result<Element, String> {
    shown(c, css).await.ok_or_else(|| format!("`{css}` is not displayed"))
}

/// Focuses the field, empties it and types `text` as keystrokes.
pub async fn type_into(c: &Client, css: &str, text: &str) -> Result<(), String> {
    let el = wait_shown(c, css).await?;
    el.clear().await.map_err(|e| format!("clearing `{css}`: {e}"))?;
    el.send_keys(text).await.map_err(|e| format!("typing into `{css}`: {e}"))
}

/// Presses Enter in the field `css` (submits its form the way a person does).
pub async fn press_enter(c: &Client, css: &str) -> Result<(), String> {
    let enter = char::from(fantoccini::key::Key::Enter).to_string();
    find(c, css).await?.send_keys(&enter).await.map_err(|e| format!("pressing Enter in `{css}`: {e}"))
}

/// Runs a script in the page and returns its value.
pub async fn js(c: &Client, script: &str) -> Result<serde_json::Value, String> {
    c.execute(script, Vec::new()).await.map_err(|e| format!("script failed: {e}\n{script}"))
}
