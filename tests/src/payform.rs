//! The sandbox's payment page as a browser sees it: fetch the page, read `form#pay` (its action
//! and every field with its prefilled value), change the card fields, post it back.

use crate::html::{start_tags, Tag};
use reqwest::Url;

/// A form ready to submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayForm {
    /// Absolute URL the form posts to (its `action` resolved against the page URL).
    pub action: Url,
    /// Lower-case `method`; `get` when the form names none, as in a browser.
    pub method: String,
    /// Named fields in document order, as a browser would send them.
    pub fields: Vec<(String, String)>,
}

impl PayForm {
    /// Finds `form#pay` in `html` (served at `page_url`).
    pub fn parse(html: &str, page_url: &Url) -> Result<PayForm, String> {
        let tags = start_tags(html);
        let form_at = tags
            .iter()
            .position(|t| t.name == "form" && t.attr("id") == Some("pay"))
            .ok_or_else(|| format!("no form#pay on {page_url}; the page was:\n{}", snippet(html)))?;
        let form = &tags[form_at];
        let action = page_url
            .join(form.attr("action").unwrap_or(""))
            .map_err(|e| format!("form#pay on {page_url} has a bad action: {e}"))?;
        let method = form.attr("method").unwrap_or("get").to_ascii_lowercase();
        // The form's own tags: up to `</form>`, or up to the next form if it is left open.
        let close = html[form.end..].to_ascii_lowercase().find("</form").map_or(html.len(), |p| form.end + p);
        let inside: Vec<&Tag> =
            tags[form_at + 1..].iter().take_while(|t| t.start < close && t.name != "form").collect();
        let mut fields = Vec::new();
        let mut i = 0;
        while i < inside.len() {
            let tag = inside[i];
            i += 1;
            let Some(name) = tag.attr("name").filter(|n| !n.is_empty()) else { continue };
            if tag.attr("disabled").is_some() {
                continue;
            }
            match tag.name.as_str() {
                "input" => {
                    let kind = tag.attr("type").unwrap_or("text").to_ascii_lowercase();
                    let checked = tag.attr("checked").is_some();
                    match kind.as_str() {
                        "submit" | "button" | "reset" | "image" | "file" => {}
                        "checkbox" | "radio" if !checked => {}
                        "checkbox" | "radio" => {
                            fields.push((name.to_string(), tag.attr("value").unwrap_or("on").to_string()))
                        }
                        _ => fields.push((name.to_string(), tag.attr("value").unwrap_or("").to_string())),
                    }
                }
                "select" => {
                    // A browser sends the selected option, else the first one.
                    let mut options = Vec::new();
                    while i < inside.len() && matches!(inside[i].name.as_str(), "option" | "optgroup") {
                        if inside[i].name == "option" {
                            options.push(inside[i]);
                        }
                        i += 1;
                    }
                    let chosen = options.iter().find(|o| o.attr("selected").is_some()).or(options.first());
                    if let Some(option) = chosen {
                        let value = option.attr("value").ok_or_else(|| {
                            format!("select `{name}` on {page_url}: an option without a value attribute (this reader needs one)")
                        })?;
                        fields.push((name.to_string(), value.to_string()));
                    }
                }
                "textarea" => {
                    return Err(format!(
                        "form#pay on {page_url} has a textarea `{name}`: this reader does not handle those"
                    ));
                }
                _ => {}
            }
        }
        Ok(PayForm { action, method, fields })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Sets an existing field (what a person typing does); a field the page lacks is an error.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => {
                field.1 = value.to_string();
                Ok(())
            }
            None => Err(format!("form#pay has no field `{name}` (it has: {:?})", self.names())),
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Submits like a browser: a urlencoded POST (or GET), following redirects. Returns the
    /// final status and page.
    pub async fn submit(&self, http: &reqwest::Client) -> Result<(reqwest::StatusCode, String), String> {
        let request = match self.method.as_str() {
            "post" => http.post(self.action.clone()).form(&self.fields),
            "get" => http.get(self.action.clone()).query(&self.fields),
            other => return Err(format!("form#pay uses method `{other}`")),
        };
        let response = request.send().await.map_err(|e| format!("posting the card form to {}: {e}", self.action))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| format!("reading the answer from {}: {e}", self.action))?;
        Ok((status, body))
    }
}

/// The start of a page, for error messages.
pub fn snippet(html: &str) -> String {
    let end = html.char_indices().nth(1500).map_or(html.len(), |(i, _)| i);
    html[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tahsildar_core::sandbox::page::{payment_form, PaymentPage, TEST_CARD_OK};

    fn page(action: &str, installments: u8, error: Option<&str>) -> String {
        payment_form(&PaymentPage {
            provider: "Paynet",
            amount_text: "120,50 TL",
            description: "Çay & <simit>",
            payer: Some("Ayşe \"Yılmaz\""),
            form_action: action,
            max_installments: installments,
            error,
            choice: None,
        })
        .0
    }

    // Reads the sandbox's real page, so a change there that would break the E2E payment shows
    // here first, in a fast test.
    #[test]
    fn reads_the_sandbox_card_form() {
        let url = Url::parse("http://127.0.0.1:5000/paynet/pay/abc?x=1").unwrap();
        let form = PayForm::parse(&page("/paynet/pay/abc?lang=tr&step=2", 6, Some("Kart <reddedildi>")), &url).unwrap();
        assert_eq!(form.action.as_str(), "http://127.0.0.1:5000/paynet/pay/abc?lang=tr&step=2");
        assert_eq!(form.method, "post");
        assert_eq!(form.names(), ["card_holder", "card_number", "expiry", "cvc", "installments"]);
        assert_eq!(form.get("card_holder"), Some("Ayşe \"Yılmaz\""));
        assert_eq!(form.get("card_number"), Some(TEST_CARD_OK));
        assert_eq!(form.get("installments"), Some("1"));
    }

    #[test]
    fn relative_action_and_single_payment() {
        let url = Url::parse("http://127.0.0.1:5000/paytr/link/XYZ").unwrap();
        let mut form = PayForm::parse(&page("pay", 1, None), &url).unwrap();
        assert_eq!(form.action.as_str(), "http://127.0.0.1:5000/paytr/link/pay");
        assert_eq!(form.get("installments"), None);
        form.set("cvc", "123").unwrap();
        assert_eq!(form.get("cvc"), Some("123"));
        assert!(form.set("iban", "x").unwrap_err().contains("no field `iban`"));
    }

    #[test]
    fn a_page_without_the_form_is_an_error() {
        let url = Url::parse("http://127.0.0.1:5000/").unwrap();
        let err = PayForm::parse("<form id=\"other\"><input name=a></form>", &url).unwrap_err();
        assert!(err.contains("no form#pay"), "{err}");
    }
}
