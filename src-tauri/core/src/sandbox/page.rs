//! Shared HTML of the sandbox's payment pages: the card form a person pays on, the result and
//! the "this link is closed" page. Plain HTML with inline CSS: no JavaScript, nothing remote, so
//! it works in any browser (and under a strict test harness). Turkish first, short English under.
//!
//! Stable hooks for tests: `form#pay`, `#error`, `#amount`, `#result[data-outcome=paid|declined]`,
//! `#closed`.

use axum::response::Html;
use chrono::Datelike;

/// A card the "bank" approves.
pub const TEST_CARD_OK: &str = "4111111111111111";
/// A valid card the "bank" declines.
pub const TEST_CARD_DECLINED: &str = "4000000000000002";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What the card form shows. All text is plain (escaped here).
pub struct PaymentPage<'a> {
    /// "Paynet" or "PayTR".
    pub provider: &'a str,
    /// Already formatted, e.g. "1.234,56 TL".
    pub amount_text: &'a str,
    pub description: &'a str,
    pub payer: Option<&'a str>,
    /// Where the form posts (a path or URL).
    pub form_action: &'a str,
    /// 1 = single payment only, no installment choice.
    pub max_installments: u8,
    /// A problem with the previous attempt, shown above the form.
    pub error: Option<&'a str>,
    /// What the payer chooses besides the card (PayTR: a quantity, or a flex amount).
    pub choice: Option<PayerChoice>,
}

/// A choice the payer makes on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayerChoice {
    /// `quantity` from `min` to `max` (a multi-use PayTR product link).
    Quantity { min: u32, max: u32 },
    /// `amount` (text such as `150,00`) between the two formatted limits (a PayTR flex link).
    Amount { min_text: String, max_text: String },
}

/// The card form (`form#pay`, method POST, fields `card_holder`, `card_number`, `expiry`, `cvc`,
/// and `installments` when more than one is allowed). Prefilled with the approved test card so
/// a demo payment is one click.
pub fn payment_form(p: &PaymentPage) -> Html<String> {
    let mut body = String::new();
    body.push_str(&format!(
        r#"<p class="label">Ödenecek tutar<span class="en">Amount due</span></p>
<p id="amount" class="amount">{}</p>
<p id="description" class="description">{}</p>
"#,
        escape(p.amount_text),
        escape(p.description)
    ));
    if let Some(payer) = p.payer {
        body.push_str(&format!(
            "<p class=\"payer\">Ödeyen <span class=\"en\">Payer</span> <strong>{}</strong></p>\n",
            escape(payer)
        ));
    }
    if let Some(err) = p.error {
        body.push_str(&format!("<p id=\"error\" class=\"error\" role=\"alert\">{}</p>\n", escape(err)));
    }
    let holder = p.payer.unwrap_or("Test Kullanıcı");
    body.push_str(&format!(
        r#"<form id="pay" method="post" action="{action}">
<label for="card_holder">Kart üzerindeki isim<span class="en">Name on card</span></label>
<input id="card_holder" name="card_holder" autocomplete="cc-name" required value="{holder}">
<label for="card_number">Kart numarası<span class="en">Card number</span></label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="{card}">
<div class="row"><div>
<label for="expiry">Son kullanma (AA/YY)<span class="en">Expiry (MM/YY)</span></label>
<input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" required value="12/30">
</div><div>
<label for="cvc">CVC<span class="en">Security code</span></label>
<input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required value="000">
</div></div>
"#,
        action = escape(p.form_action),
        holder = escape(holder),
        card = TEST_CARD_OK,
    ));
    if p.max_installments > 1 {
        body.push_str("<label for=\"installments\">Taksit<span class=\"en\">Installments</span></label>\n<select id=\"installments\" name=\"installments\">\n<option value=\"1\" selected>Tek çekim (single payment)</option>\n");
        for n in 2..=p.max_installments {
            body.push_str(&format!("<option value=\"{n}\">{n} taksit</option>\n"));
        }
        body.push_str("</select>\n");
    }
    match &p.choice {
        Some(PayerChoice::Quantity { min, max }) => body.push_str(&format!(
            "<label for=\"quantity\">Adet<span class=\"en\">Quantity</span></label>\n<input id=\"quantity\" name=\"quantity\" type=\"number\" min=\"{min}\" max=\"{max}\" value=\"{min}\" required>\n"
        )),
        Some(PayerChoice::Amount { min_text, max_text }) => body.push_str(&format!(
            "<label for=\"amount\">Tutar ({} – {})<span class=\"en\">Amount</span></label>\n<input id=\"amount\" name=\"amount\" inputmode=\"decimal\" required>\n",
            escape(min_text),
            escape(max_text)
        )),
        None => {}
    }
    body.push_str(&format!(
        r#"<button type="submit">{} öde<span class="en">Pay</span></button>
</form>
<div class="hint"><strong>Deneme kartları</strong> (test cards): onaylanır / approved <code>{}</code>
· reddedilir / declined <code>{}</code>. Son kullanma ileri bir tarih, CVC 3 hane (any future
expiry, any 3-digit CVC).</div>
"#,
        escape(p.amount_text),
        spaced(TEST_CARD_OK),
        spaced(TEST_CARD_DECLINED)
    ));
    Html(document(p.provider, "Ödeme", &body))
}

/// The outcome of an attempt: `#result[data-outcome=paid]` when `ok`, else `declined`.
pub fn result_page(provider: &str, ok: bool, title: &str, message: &str) -> Html<String> {
    let (outcome, mark) = if ok { ("paid", "✓") } else { ("declined", "✗") };
    let body = format!(
        r#"<div id="result" class="result {outcome}" data-outcome="{outcome}">
<p class="mark" aria-hidden="true">{mark}</p>
<h2>{}</h2>
<p>{}</p>
</div>
"#,
        escape(title),
        escape(message)
    );
    Html(document(provider, title, &body))
}

/// A link that can no longer be paid (paid, expired, cancelled, deleted): `#closed`.
pub fn closed_page(provider: &str, message: &str) -> Html<String> {
    let body = format!(
        r#"<div id="closed" class="result closed">
<h2>Bu ödeme bağlantısı kullanılamıyor<span class="en">This payment link is no longer available</span></h2>
<p>{}</p>
</div>
"#,
        escape(message)
    );
    Html(document(provider, "Bağlantı kapalı", &body))
}

/// The card form's fields as posted.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CardForm {
    pub card_holder: String,
    pub card_number: String,
    pub expiry: String,
    pub cvc: String,
    #[serde(default)]
    pub installments: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardOutcome {
    Approved,
    /// The bank's reason, ready to show.
    Declined(String),
}

/// Simulates the bank. `Err` is a problem with what was typed, to show on the form again;
/// `Declined` is a well-formed card the bank refuses ([`TEST_CARD_DECLINED`]).
pub fn charge(form: &CardForm) -> Result<CardOutcome, String> {
    let today = crate::time::to_istanbul(chrono::Utc::now()).date();
    charge_on(form, today.year(), today.month())
}

/// [`charge`] as of a given Turkish calendar month (so expiry checks are testable).
pub fn charge_on(form: &CardForm, year: i32, month: u32) -> Result<CardOutcome, String> {
    if form.card_holder.trim().is_empty() {
        return Err("Kart üzerindeki isim boş olamaz. (Name on card is required.)".into());
    }
    let number: String = form.card_number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if number.len() < 12 || number.len() > 19 || !number.bytes().all(|b| b.is_ascii_digit()) || !luhn_ok(&number) {
        return Err("Kart numarası geçersiz. (Card number is not valid.)".into());
    }
    let (exp_year, exp_month) = parse_expiry(&form.expiry)
        .ok_or_else(|| "Son kullanma tarihi AA/YY biçiminde olmalı. (Expiry must be MM/YY.)".to_string())?;
    // A card is valid through the last day of its expiry month.
    if (exp_year, exp_month) < (year, month) {
        return Err("Kartın son kullanma tarihi geçmiş. (The card has expired.)".into());
    }
    let cvc = form.cvc.trim();
    if cvc.len() != 3 || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err("CVC 3 haneli olmalı. (CVC must be 3 digits.)".into());
    }
    if form.installments == Some(0) {
        return Err("Taksit sayısı geçersiz. (Invalid number of installments.)".into());
    }
    if number == TEST_CARD_DECLINED {
        return Ok(CardOutcome::Declined(
            "Kartınızı veren banka işlemi onaylamadı (yetersiz bakiye). (Declined by the card's bank: insufficient funds.)"
                .into(),
        ));
    }
    Ok(CardOutcome::Approved)
}

fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// "MM/YY" (spaces allowed, "MM/YYYY" too) as (year, month).
fn parse_expiry(s: &str) -> Option<(i32, u32)> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (m, y) = s.split_once('/')?;
    if m.is_empty() || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = m.parse().ok()?;
    if !(1..=12).contains(&month) || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = match y.len() {
        2 => 2000 + y.parse::<i32>().ok()?,
        4 => y.parse().ok()?,
        _ => return None,
    };
    Some((year, month))
}

/// "4111 1111 1111 1111", for reading.
fn spaced(card: &str) -> String {
    card.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

fn document(provider: &str, title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} · {provider} (sandbox)</title>
<style>{CSS}</style>
</head>
<body>
<main class="card">
<header><span class="brand">{provider}</span><span class="badge">SANDBOX · test ortamı</span></header>
{body}</main>
<footer>Bu sayfa Tahsildar'ın yerel deneme ortamıdır; gerçek bir ödeme alınmaz.<span class="en">Local sandbox: no real money moves.</span></footer>
</body>
</html>
"#,
        title = escape(title),
        provider = escape(provider),
    )
}

const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;padding:16px;background:#eef1f5;color:#1c2430;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
.card{max-width:440px;margin:0 auto;background:#fff;border-radius:14px;padding:20px 20px 24px;box-shadow:0 2px 12px rgba(20,30,50,.12)}\
header{display:flex;justify-content:space-between;align-items:center;margin-bottom:16px}\
.brand{font-weight:700;font-size:20px;color:#0b4f9c}\
.badge{font-size:11px;letter-spacing:.04em;background:#fff3cd;color:#7a5a00;border-radius:6px;padding:3px 7px}\
.en{display:block;font-size:12px;font-weight:400;color:#6b7685}\
.label{margin:0;color:#4a5566}\
.amount{margin:2px 0 6px;font-size:40px;font-weight:800;letter-spacing:-.01em;word-break:break-word}\
.description{margin:0 0 8px;color:#333d4b}\
.payer{margin:0 0 12px;color:#4a5566}\
.payer .en{display:inline}\
label{display:block;margin:12px 0 4px;font-weight:600;font-size:14px}\
input,select{width:100%;font-size:18px;padding:11px 12px;border:1px solid #b8c2cf;border-radius:9px;background:#fff}\
input:focus,select:focus{outline:3px solid #9cc3f5;border-color:#0b4f9c}\
.row{display:flex;gap:12px}.row>div{flex:1}\
button{margin-top:20px;width:100%;font-size:19px;font-weight:700;padding:14px;border:0;border-radius:10px;background:#0b7a3e;color:#fff;cursor:pointer}\
button .en{color:#d7f0e1}\
.error{background:#fdecec;color:#9b1c1c;border-radius:8px;padding:10px 12px}\
.hint{margin-top:18px;font-size:13px;color:#4a5566;background:#f5f7fa;border-radius:8px;padding:10px 12px}\
code{font-size:13px;white-space:nowrap}\
.result{text-align:center;padding:8px 0}\
.mark{font-size:56px;margin:0;line-height:1.1}\
.paid .mark{color:#0b7a3e}.declined .mark{color:#b42318}\
.closed h2 .en{margin-top:4px}\
footer{max-width:440px;margin:14px auto 0;text-align:center;font-size:12px;color:#6b7685}\
";

#[cfg(test)]
mod tests {
    use super::*;

    fn form(number: &str, expiry: &str, cvc: &str, holder: &str) -> CardForm {
        CardForm {
            card_holder: holder.into(),
            card_number: number.into(),
            expiry: expiry.into(),
            cvc: cvc.into(),
            installments: None,
        }
    }

    #[test]
    fn test_cards_pass_luhn_and_others_fail() {
        assert!(luhn_ok(TEST_CARD_OK));
        assert!(luhn_ok(TEST_CARD_DECLINED));
        assert!(!luhn_ok("4111111111111112"));
    }

    #[test]
    fn expiry_is_valid_through_its_month() {
        let f = form(TEST_CARD_OK, "03/27", "123", "Ayşe");
        assert_eq!(charge_on(&f, 2027, 3), Ok(CardOutcome::Approved));
        assert!(charge_on(&f, 2027, 4).unwrap_err().contains("geçmiş"));
        assert_eq!(parse_expiry("3 / 2031"), Some((2031, 3)));
        assert_eq!(parse_expiry("13/30"), None);
        assert_eq!(parse_expiry("1230"), None);
    }

    #[test]
    fn card_number_spacing_is_ignored() {
        let f = form("4111 1111-1111 1111", "12/30", "000", "Ayşe");
        assert_eq!(charge_on(&f, 2026, 1), Ok(CardOutcome::Approved));
    }
}
