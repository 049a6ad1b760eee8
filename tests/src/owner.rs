//! The shop owner's steps in the window, by the app's stable element ids: switch language, open a
//! view, save keys in Ayarlar, create a link, find it in Linkler. Each step waits for the window
//! to show its outcome, so a test reads as the owner's story.

use crate::ui;
use fantoccini::{Client, Locator};

/// The four views, by their nav button (`#nav-<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Create,
    Share,
    Links,
    Settings,
}

impl View {
    pub fn id(self) -> &'static str {
        match self {
            View::Create => "create",
            View::Share => "share",
            View::Links => "links",
            View::Settings => "settings",
        }
    }

    /// The view's root section (`section.view-<id>`).
    fn root(self) -> String {
        format!("section.view-{}", self.id())
    }
}

/// Clicks the view's tab and waits until the view is the one displayed.
pub async fn go(c: &Client, view: View) -> Result<(), String> {
    ui::click(c, &format!("#nav-{}", view.id())).await?;
    ui::wait_shown(c, &view.root()).await.map(|_| ())
}

/// Chooses the language in Ayarlar (`tr` or `en`) and waits until the page is in it.
pub async fn set_lang(c: &Client, lang: &str) -> Result<(), String> {
    go(c, View::Settings).await?;
    ui::select_value(c, "#lang", lang).await?;
    ui::wait_until(&format!("the page switching to `{lang}`"), || async {
        let now = ui::js(c, "return document.documentElement.lang").await?;
        let now = now.as_str().unwrap_or_default().to_string();
        if now == lang {
            Ok(())
        } else {
            Err(format!("<html lang={now:?}>"))
        }
    })
    .await?;
    // The views are rebuilt in the new language: wait for the settings view to be back.
    ui::wait_shown(c, "#lang").await.map(|_| ())
}

/// Types the Paynet secret key into Ayarlar, saves it and waits for `#paynet-status` to read
/// `saved` (the catalogue's "Kayıtlı"/"Saved"). Returns the status text.
pub async fn save_paynet_key(c: &Client, key: &str, saved: &str) -> Result<String, String> {
    go(c, View::Settings).await?;
    ui::type_into(c, "#paynet-key", key).await?;
    ui::click(c, "#paynet-save").await?;
    ui::wait_text(c, "#paynet-status", &format!("{saved:?}"), |t| t == saved).await
}

/// Types the three PayTR values, saves them and waits for `#paytr-status` to read `saved`.
pub async fn save_paytr(c: &Client, id: &str, key: &str, salt: &str, saved: &str) -> Result<String, String> {
    go(c, View::Settings).await?;
    ui::type_into(c, "#paytr-id", id).await?;
    ui::type_into(c, "#paytr-key", key).await?;
    ui::type_into(c, "#paytr-salt", salt).await?;
    ui::click(c, "#paytr-save").await?;
    ui::wait_text(c, "#paytr-status", &format!("{saved:?}"), |t| t == saved).await
}

/// Types both iyzico keys, saves them and waits for `#iyzico-status` to read `saved`.
pub async fn save_iyzico(c: &Client, api_key: &str, secret_key: &str, saved: &str) -> Result<String, String> {
    go(c, View::Settings).await?;
    ui::type_into(c, "#iyzico-api-key", api_key).await?;
    ui::type_into(c, "#iyzico-secret-key", secret_key).await?;
    ui::click(c, "#iyzico-save").await?;
    ui::wait_text(c, "#iyzico-status", &format!("{saved:?}"), |t| t == saved).await
}

/// What the owner types into "Yeni link".
pub struct LinkInput<'a> {
    /// `paynet`, `paytr` or `iyzico`; chosen in `#provider` when the form offers a choice.
    pub provider: &'a str,
    pub amount: &'a str,
    pub description: &'a str,
    pub customer: &'a str,
}

/// What the share view shows after a create.
#[derive(Debug, Clone)]
pub struct Created {
    pub url: String,
    /// The provider's link id (`#link-id`).
    pub provider_id: String,
}

/// Fills "Yeni link" without submitting it.
pub async fn fill_form(c: &Client, input: &LinkInput<'_>) -> Result<(), String> {
    go(c, View::Create).await?;
    ui::wait_shown(c, "#create-form").await?;
    if ui::shown(c, "#provider").await.is_some() {
        ui::select_value(c, "#provider", input.provider).await?;
    } else {
        // A hidden choice means one provider is offered: it must be the one the test means.
        let offered = ui::js(c, "const p = document.querySelector('#provider'); return p ? p.value : null").await?;
        if offered.as_str() != Some(input.provider) {
            return Err(format!(
                "the form offers no provider choice, and its provider is {offered}, not {:?}",
                input.provider
            ));
        }
    }
    ui::type_into(c, "#amount", input.amount).await?;
    ui::type_into(c, "#description", input.description).await?;
    ui::type_into(c, "#customer", input.customer).await
}

/// Fills and submits "Yeni link", then waits for the result with its QR, link and link number.
pub async fn create_link(c: &Client, input: &LinkInput<'_>) -> Result<Created, String> {
    fill_form(c, input).await?;
    ui::click(c, "#create-submit").await?;
    if let Err(e) = ui::wait_shown(c, "#result").await {
        return Err(format!("{e}; the form says: {}", form_messages(c).await));
    }
    ui::wait_qr_loaded(c).await?;
    let url = ui::read_link_url(c).await?;
    let provider_id = ui::wait_text(c, "#link-id", "a link id", |t| !t.is_empty()).await?;
    Ok(Created { url, provider_id })
}

/// Every error or warning the form displays now (for failure messages).
pub async fn form_messages(c: &Client) -> String {
    let mut seen = Vec::new();
    if let Ok(els) =
        c.find_all(Locator::Css("#create-form .field-error, #form-error, #same-amount-warning, #toast")).await
    {
        for el in els {
            if el.is_displayed().await.unwrap_or(false) {
                let id = el.attr("id").await.ok().flatten().unwrap_or_default();
                let text = el.text().await.unwrap_or_default();
                seen.push(format!("#{id}: {text:?}"));
            }
        }
    }
    if seen.is_empty() {
        "(nothing)".into()
    } else {
        seen.join("; ")
    }
}

/// The local row id (`data-link-id`) of the one row in Linkler whose text holds `needle`.
pub async fn find_row(c: &Client, needle: &str) -> Result<String, String> {
    go(c, View::Links).await?;
    ui::wait_until(&format!("a Linkler row showing {needle:?}"), || async {
        let rows = c
            .find_all(Locator::Css("#links-table tr[data-link-id]"))
            .await
            .map_err(|e| format!("reading the table: {e}"))?;
        let mut texts = Vec::new();
        for row in rows {
            let id = row.attr("data-link-id").await.map_err(|e| e.to_string())?.unwrap_or_default();
            let text = ui::dom_text(c, &row_css(&id)).await?;
            if text.contains(needle) {
                return Ok(id);
            }
            texts.push(text);
        }
        Err(format!("rows: {texts:?}"))
    })
    .await
}

/// The CSS of the Linkler row with local id `id`.
pub fn row_css(id: &str) -> String {
    format!("#links-table tr[data-link-id=\"{id}\"]")
}

/// The CSS of row `id`'s part `inner` (e.g. `.act-cancel`).
pub fn in_row(id: &str, inner: &str) -> String {
    format!("{} {inner}", row_css(id))
}

/// Waits until row `id`'s status pill says `status` (its `data-status`); returns the pill's text.
pub async fn wait_row_status(c: &Client, id: &str, status: &str) -> Result<String, String> {
    let pill = in_row(id, ".status");
    ui::wait_until(&format!("row {id} turning {status:?}"), || async {
        let el = ui::shown(c, &pill).await.ok_or("no status pill displayed")?;
        let now = el.attr("data-status").await.map_err(|e| e.to_string())?.unwrap_or_default();
        let text = el.text().await.map_err(|e| e.to_string())?;
        if now == status {
            Ok(text)
        } else {
            Err(format!("data-status={now:?} ({text:?})"))
        }
    })
    .await
}

/// Clicks a destructive row button that asks once more in place ("Emin misiniz? Tekrar
/// tıklayın"): once, then again while it is armed. A button without that step acts on the first
/// click and is gone or changed by the second look.
pub async fn click_confirmed(c: &Client, css: &str) -> Result<(), String> {
    ui::click(c, css).await?;
    // Read in one script: a button that acted on the first click may already be drawn over.
    let armed = ui::js_with(
        c,
        "const el = document.querySelector(arguments[0]);
        return !!el && el.classList.contains('armed');",
        vec![serde_json::Value::from(css)],
    )
    .await?
    .as_bool()
    .unwrap_or(false);
    if armed {
        ui::click(c, css).await?;
    }
    Ok(())
}
