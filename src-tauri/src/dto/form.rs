//! The "new link" form and the list filter as the UI sends them, and what the core makes of them.

use super::{pick, LinkStatusDto, ProviderId};
use chrono::{NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use tahsildar_core::links::{CreateForm, ExpiryChoice, FieldError, PaytrKind, PaytrOptions};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::store::LinkFilter;
use tahsildar_core::time::from_istanbul;
use tahsildar_core::Lang;
use ts_rs::TS;

/// How long the link stays payable; `at` is Turkey's wall clock, `YYYY-MM-DDTHH:MM`. `none`:
/// no expiry (iyzico links have none; PayTR may).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ExpiryDto {
    Days { days: u32 },
    Hours { hours: u32 },
    At { at: String },
    None,
}

impl Default for ExpiryDto {
    fn default() -> Self {
        ExpiryDto::Days { days: 3 }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum LinkTypeDto {
    #[default]
    Product,
    Collection,
    Flex,
}

/// The form as typed; text stays text so every mistake is reported on its own field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LinkFormDto {
    /// `null`: the last provider used (or the only one set up).
    #[ts(optional)]
    pub provider: Option<ProviderId>,
    /// `120`, `1.234,56`, `₺1234.56` …
    pub amount: String,
    /// `TL` (default), `USD`, `EUR`, `GBP`, `RUB` (the last four PayTR only).
    pub currency: String,
    pub description: String,
    pub customer: String,
    pub phone: String,
    pub email: String,
    pub send_sms: bool,
    pub send_email: bool,
    pub expiry: ExpiryDto,
    /// PayTR: 1 (single payment) to 12.
    pub max_installment: u32,
    /// PayTR's link type.
    pub link_type: LinkTypeDto,
    /// PayTR product links: the link closes after this many sales. Empty: unlimited.
    #[ts(optional)]
    pub stock: Option<u32>,
    /// PayTR flex links: the highest amount the payer may choose.
    #[ts(optional)]
    pub flex_max: Option<String>,
    /// The owner's own note (Paynet only).
    #[ts(optional)]
    pub reference: Option<String>,
}

impl Default for LinkFormDto {
    fn default() -> Self {
        LinkFormDto {
            provider: None,
            amount: String::new(),
            currency: "TL".into(),
            description: String::new(),
            customer: String::new(),
            phone: String::new(),
            email: String::new(),
            send_sms: false,
            send_email: false,
            expiry: ExpiryDto::default(),
            max_installment: 1,
            link_type: LinkTypeDto::default(),
            stock: None,
            flex_max: None,
            reference: None,
        }
    }
}

/// One field's problem; `field` is the form's own key (`amount`, `phone`, `stock`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FieldErrorDto {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The core names fields after its own form; the UI after this one.
fn ui_field(core: &str) -> &str {
    match core {
        "amountText" => "amount",
        "phoneText" => "phone",
        "paytr.maxCount" | "paytr.minCount" => "stock",
        "paytr.flexMaxText" => "flexMax",
        other => other,
    }
}

impl From<&FieldError> for FieldErrorDto {
    fn from(e: &FieldError) -> Self {
        FieldErrorDto { field: ui_field(e.field).to_string(), code: e.code.to_string(), message: e.message.clone() }
    }
}

fn field_error(field: &str, code: &str, message: String) -> FieldErrorDto {
    FieldErrorDto { field: field.into(), code: code.into(), message }
}

/// Reads `YYYY-MM-DDTHH:MM` (seconds allowed).
fn parse_at(text: &str) -> Option<NaiveDateTime> {
    tahsildar_core::time::parse_date_time(text, &["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
}

impl LinkFormDto {
    /// The core's form, plus the problems only this layer can see (an unknown currency, an
    /// unreadable date). The core's own checks run on the result.
    pub fn to_core(&self, lang: Lang) -> (CreateForm, Vec<FieldErrorDto>) {
        let mut errors = Vec::new();
        let currency = match self.currency.trim() {
            "" => Currency::Tl,
            code => code.parse().unwrap_or_else(|_| {
                errors.push(field_error(
                    "currency",
                    "currency_unknown",
                    pick(
                        lang,
                        "Para birimi TL, USD, EUR, GBP ya da RUB olmalı.",
                        "The currency must be TL, USD, EUR, GBP or RUB.",
                    ),
                ));
                Currency::Tl
            }),
        };
        let expiry = match &self.expiry {
            ExpiryDto::Days { days } => ExpiryChoice::Days(*days),
            ExpiryDto::Hours { hours } => ExpiryChoice::Hours(*hours),
            ExpiryDto::None => ExpiryChoice::None,
            ExpiryDto::At { at } => match parse_at(at) {
                Some(at) => ExpiryChoice::At(at),
                None => {
                    errors.push(field_error(
                        "expiry",
                        "expiry_unreadable",
                        pick(
                            lang,
                            "Son geçerlilik için bir tarih ve saat seçin.",
                            "Pick a date and time for the expiry.",
                        ),
                    ));
                    ExpiryChoice::Days(3)
                }
            },
        };
        let form = CreateForm {
            provider: self.provider.map(Into::into),
            amount_text: self.amount.clone(),
            currency,
            description: self.description.clone(),
            customer: self.customer.clone(),
            phone_text: self.phone.clone(),
            email: self.email.clone(),
            send_sms: self.send_sms,
            send_email: self.send_email,
            expiry,
            max_installment: self.max_installment,
            paytr: PaytrOptions {
                link_type: match self.link_type {
                    LinkTypeDto::Product => PaytrKind::Product,
                    LinkTypeDto::Collection => PaytrKind::Collection,
                    LinkTypeDto::Flex => PaytrKind::Flex,
                },
                max_count: self.stock,
                min_count: 1,
                flex_max_text: self.flex_max.clone().unwrap_or_default(),
            },
            reference: self.reference.clone().unwrap_or_default(),
        };
        (form, errors)
    }
}

/// Other PayTR links waiting with the same amount, and the nearest free amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SameAmountDto {
    pub count: u32,
    /// `1.234,57`: ready to put into the amount field.
    pub suggestion: String,
}

/// What `validate_link_form` found, without any network call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidationDto {
    pub errors: Vec<FieldErrorDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub same_amount: Option<SameAmountDto>,
}

/// `1.234,57`: the amount as the owner types it, without the currency.
pub fn amount_input_text(amount: Money) -> String {
    let text = amount.format();
    let suffix = format!(" {}", amount.currency().code());
    text.strip_suffix(&suffix).map(str::to_string).unwrap_or(text)
}

/// Which links to list or export. Days are Turkey's calendar days, both inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LinkFilterDto {
    #[ts(optional)]
    pub text: Option<String>,
    #[ts(optional)]
    pub statuses: Option<Vec<LinkStatusDto>>,
    #[ts(optional)]
    pub provider: Option<ProviderId>,
    /// `YYYY-MM-DD`
    #[ts(optional)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub to: Option<String>,
    #[ts(optional)]
    pub offset: Option<u32>,
    #[ts(optional)]
    pub limit: Option<u32>,
    /// "Hatırlatılacak": only the links due a reminder now (the other fields narrow it).
    #[ts(optional)]
    pub to_remind: Option<bool>,
}

impl LinkFilterDto {
    pub fn to_core(&self, lang: Lang) -> Result<LinkFilter, FieldErrorDto> {
        let day = |field: &str, text: &Option<String>| -> Result<Option<i64>, FieldErrorDto> {
            let Some(t) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
            let d = tahsildar_core::time::parse_date(t, &["%Y-%m-%d"]).ok_or_else(|| {
                field_error(
                    field,
                    "date_invalid",
                    pick(lang, "Tarihi YYYY-AA-GG biçiminde seçin.", "Pick the date as YYYY-MM-DD."),
                )
            })?;
            let d = if field == "to" { d.succ_opt().unwrap_or(d) } else { d };
            Ok(Some(from_istanbul(d.and_time(NaiveTime::MIN)).timestamp_millis()))
        };
        Ok(LinkFilter {
            text: self.text.clone().filter(|t| !t.trim().is_empty()),
            statuses: self.statuses.iter().flatten().map(|s| (*s).into()).collect(),
            provider: self.provider.map(Into::into),
            from_ms: day("from", &self.from)?,
            to_ms: day("to", &self.to)?,
            limit: self.limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_form_becomes_the_core_form() {
        let json = serde_json::json!({
            "provider": "paytr", "amount": "1.234,56", "currency": "USD", "description": "Baklava",
            "customer": "Ali", "phone": "0555 123 45 67", "email": "", "sendSms": true, "sendEmail": false,
            "expiry": { "kind": "at", "at": "2030-05-01T18:00" }, "maxInstallment": 3,
            "linkType": "product", "stock": 5
        });
        let dto: LinkFormDto = serde_json::from_value(json).unwrap();
        let (form, errors) = dto.to_core(Lang::Tr);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(form.currency, Currency::Usd);
        assert_eq!(form.amount_text, "1.234,56");
        assert_eq!(form.paytr.max_count, Some(5));
        assert_eq!(
            form.expiry,
            ExpiryChoice::At(NaiveDateTime::parse_from_str("2030-05-01 18:00", "%Y-%m-%d %H:%M").unwrap())
        );
    }

    #[test]
    fn an_iyzico_form_without_expiry_or_sending_becomes_the_core_form() {
        let json = serde_json::json!({
            "provider": "iyzico", "amount": "149,90", "currency": "TL", "description": "Kahve",
            "customer": "", "phone": "", "email": "", "sendSms": false, "sendEmail": false,
            "expiry": { "kind": "none" }, "maxInstallment": 1, "linkType": "product"
        });
        let dto: LinkFormDto = serde_json::from_value(json).unwrap();
        let (form, errors) = dto.to_core(Lang::Tr);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(form.provider, Some(tahsildar_core::providers::Provider::Iyzico));
        assert_eq!(form.expiry, ExpiryChoice::None);
    }

    #[test]
    fn unreadable_currency_and_date_are_field_errors() {
        let dto = LinkFormDto {
            currency: "DM".into(),
            expiry: ExpiryDto::At { at: "yarın".into() },
            ..LinkFormDto::default()
        };
        let (_, errors) = dto.to_core(Lang::En);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["currency", "expiry"]);
    }

    #[test]
    fn filter_days_are_turkish_and_the_end_is_inclusive() {
        let f = LinkFilterDto { from: Some("2026-05-01".into()), to: Some("2026-05-01".into()), ..Default::default() };
        let core = f.to_core(Lang::Tr).unwrap();
        // 2026-05-01 00:00 in Istanbul is 2026-04-30 21:00 UTC; the end is the next midnight.
        assert_eq!(core.from_ms, Some(1_777_582_800_000));
        assert_eq!(core.to_ms, Some(1_777_582_800_000 + 86_400_000));
        let bad = LinkFilterDto { to: Some("01.05.2026".into()), ..Default::default() };
        assert_eq!(bad.to_core(Lang::Tr).unwrap_err().field, "to");
    }

    #[test]
    fn suggestions_are_written_as_typed() {
        let tl = |m| Money::new(m, Currency::Tl).unwrap();
        assert_eq!(amount_input_text(tl(123_457)), "1.234,57");
        assert_eq!(amount_input_text(tl(5)), "0,05");
        assert_eq!(amount_input_text(Money::new(10_000_000, Currency::Usd).unwrap()), "100.000,00");
    }
}
