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

/// Runs a script in the page with `arguments` and returns its value.
pub async fn js_with(c: &Client, script: &str, args: Vec<serde_json::Value>) -> Result<serde_json::Value, String> {
    c.execute(script, args).await.map_err(|e| format!("script failed: {e}\n{script}"))
}

/// Polls `probe` until it gives `Ok`; an `Err` is what it saw instead (reported at the deadline).
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + STEP;
    loop {
        match probe().await {
            Ok(value) => return Ok(value),
            Err(seen) if Instant::now() > deadline => {
                return Err(format!("{what} did not happen within {STEP:?}; last seen: {seen}"))
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Waits until `css` is displayed and enabled, then clicks it. The list re-draws its rows when the
/// tracker or a command answers; an element drawn over between finding and clicking it was never
/// clicked (WebKitWebDriver: "Node ... was not found"), so it is found again and clicked then.
pub async fn click(c: &Client, css: &str) -> Result<(), String> {
    let deadline = Instant::now() + STEP;
    loop {
        let el = wait_until(&format!("`{css}` becoming clickable"), || async {
            let el = shown(c, css).await.ok_or("not displayed")?;
            match el.is_enabled().await {
                Ok(true) => Ok(el),
                Ok(false) => Err("disabled".to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await?;
        let done = match scroll_to(c, &el).await {
            Ok(()) => el.click().await.map_err(|e| format!("clicking `{css}`: {e}")),
            Err(e) => Err(format!("scrolling to `{css}`: {e}")),
        };
        match done {
            Err(e) if is_stale(&e) && Instant::now() < deadline => tokio::time::sleep(POLL).await,
            other => return other,
        }
    }
}

/// The error of an element that was replaced in the page after it was found.
pub fn is_stale(error: &str) -> bool {
    error.contains("was not found") || error.contains("stale element")
}

/// Brings `el` to the middle of the window, as a person scrolls to a control before using it:
/// WebKitWebDriver fails, with an empty message, on a control outside the window or hidden in a
/// scrolled box.
pub async fn scroll_to(c: &Client, el: &Element) -> Result<(), String> {
    let arg = serde_json::to_value(el).map_err(|e| e.to_string())?;
    c.execute("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", vec![arg])
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Chooses the option with `value` in the select `css`, as a person picking from the list.
pub async fn select_value(c: &Client, css: &str, value: &str) -> Result<(), String> {
    let el = wait_shown(c, css).await?;
    scroll_to(c, &el).await.map_err(|e| format!("scrolling to `{css}`: {e}"))?;
    el.select_by_value(value).await.map_err(|e| format!("choosing `{value}` in `{css}`: {e}"))
}

/// The value of attribute `name` of the first `css` in the page, displayed or not.
pub async fn attr(c: &Client, css: &str, name: &str) -> Result<Option<String>, String> {
    let el = c.find(Locator::Css(css)).await.map_err(|e| format!("`{css}` not found: {e}"))?;
    el.attr(name).await.map_err(|e| format!("reading `{name}` of `{css}`: {e}"))
}

/// `#qr` is an image (or holds one) that has loaded and has pixels.
pub async fn wait_qr_loaded(c: &Client) -> Result<(), String> {
    let script = r#"
        const q = document.querySelector('#qr');
        if (!q) return 'missing';
        const img = q.tagName === 'IMG' ? q : q.querySelector('img');
        if (!img) return 'no <img> in #qr (' + q.tagName + ')';
        if (!img.complete) return 'loading';
        return img.naturalWidth + 'x' + img.naturalHeight;
    "#;
    wait_until("#qr becoming a loaded image with pixels", || async {
        let seen = js(c, script).await?;
        let seen = seen.as_str().unwrap_or_default().to_string();
        match seen.split_once('x') {
            Some((w, h)) if w.parse::<u32>().unwrap_or(0) > 0 && h.parse::<u32>().unwrap_or(0) > 0 => Ok(()),
            _ => Err(seen),
        }
    })
    .await
}

/// The link as shown in `#link-url`: the field's value or text, else the anchor's href.
pub async fn read_link_url(c: &Client) -> Result<String, String> {
    let el = wait_shown(c, "#link-url").await?;
    let text = read(&el).await?;
    if text.starts_with("http") {
        return Ok(text);
    }
    match el.attr("href").await.map_err(|e| e.to_string())? {
        Some(href) if href.starts_with("http") => Ok(href),
        _ => Err(format!("#link-url shows {text:?}, not a link")),
    }
}

/// The DOM text of the first `css` (`textContent`, cells joined by spaces). WebKitWebDriver's own
/// element text drops cells styled with `text-overflow: ellipsis`, though they are on screen.
pub async fn dom_text(c: &Client, css: &str) -> Result<String, String> {
    // One script finds and reads the element, so a row drawn again in between cannot go stale.
    let script = "const el = document.querySelector(arguments[0]);
        if (!el) return null;
        const cells = el.querySelectorAll('td, th');
        return cells.length ? [...cells].map(c => c.textContent.trim()).join(' ') : el.textContent.trim();";
    let text = c
        .execute(script, vec![serde_json::Value::from(css)])
        .await
        .map_err(|e| format!("reading the text of `{css}`: {e}"))?;
    match text.as_str() {
        Some(text) => Ok(text.to_string()),
        None => Err(format!("`{css}` not found")),
    }
}
