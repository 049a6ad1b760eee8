//! `create_link`: the shop owner's amount, description and customer name become a Paynet link
//! with its QR code.

use crate::error::AppError;
use crate::state::AppState;
use serde::Serialize;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paynet::CreateLink;
use tahsildar_core::{qr, Lang};
use tauri::State;

/// Paynet documents no PayLink limits; these are its limits for the same fields elsewhere
/// (description 140), kept so the provider never has to refuse what we sent.
pub const DESCRIPTION_MAX_CHARS: usize = 140;
pub const CUSTOMER_MAX_CHARS: usize = 100;
/// How long a new link stays payable.
pub const EXPIRE_HOURS: u32 = 72;

/// What the form sent, checked: ready to go to the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkInput {
    pub amount: Money,
    pub description: String,
    pub customer: String,
}

/// The new link, as the result panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkDto {
    pub id: String,
    pub url: String,
    pub amount_minor: i64,
    /// `1.234,56 TL`
    pub amount_text: String,
    pub description: String,
    pub customer: String,
    /// `data:image/png;base64,…`, drawn in Rust so the page loads nothing.
    pub qr_png_data_url: String,
    pub provider: &'static str,
    pub demo: bool,
}

/// Checks the form in the order the user fills it, so the first message is about the first field
/// to fix. Surrounding spaces are dropped; inner spacing is the user's own.
pub fn validate(amount: &str, description: &str, customer: &str, lang: Lang) -> Result<LinkInput, AppError> {
    let amount = Money::parse(amount, Currency::Tl).map_err(|e| AppError::amount(&e, lang))?;
    let description = required_text(description, "description", DESCRIPTION_MAX_CHARS, lang)?;
    let customer = required_text(customer, "customer", CUSTOMER_MAX_CHARS, lang)?;
    Ok(LinkInput { amount, description, customer })
}

fn required_text(value: &str, field: &'static str, max: usize, lang: Lang) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        let message = match (field, lang) {
            ("description", Lang::Tr) => "Ne için ödeme alındığını yazın, örneğin \"2 kg baklava\".",
            ("description", Lang::En) => "Say what the payment is for, for example \"2 kg baklava\".",
            (_, Lang::Tr) => "Ödeyecek kişinin adını ve soyadını yazın; Paynet bunu istiyor.",
            (_, Lang::En) => "Enter the payer's full name; Paynet requires it.",
        };
        return Err(AppError::invalid(field, format!("{field}_required"), message));
    }
    let len = value.chars().count();
    if len > max {
        let message = match lang {
            Lang::Tr => format!("En fazla {max} karakter yazın (şu an {len})."),
            Lang::En => format!("Use at most {max} characters (now {len})."),
        };
        return Err(AppError::invalid(field, format!("{field}_too_long"), message));
    }
    Ok(value.to_string())
}

/// Sends the Paynet create and builds the DTO. A create is never retried here: a second attempt
/// after an unclear failure could make a second link.
pub async fn create(state: &AppState, input: LinkInput, lang: Lang) -> Result<LinkDto, AppError> {
    let mut request = CreateLink::new(input.amount, input.customer.clone());
    request.note = Some(input.description.clone());
    // Our own unique reference, so a link can be found again (detail, transaction/check) even
    // when its id never reached us. Paynet's reference_no is at most 50 characters.
    request.reference_no = Some(format!("TSD-{}", uuid::Uuid::new_v4().simple()));
    request.expire_hours = Some(EXPIRE_HOURS);

    let created = state.paynet.create(&request).await.map_err(|e| AppError::provider(&e, lang))?;
    let qr_png_data_url = qr::png_data_url(&created.url).map_err(|e| {
        AppError::internal(match lang {
            Lang::Tr => format!("Link oluştu ama QR kodu çizilemedi: {e}"),
            Lang::En => format!("The link was created but its QR code could not be drawn: {e}"),
        })
    })?;
    Ok(LinkDto {
        id: created.id.0,
        url: created.url,
        amount_minor: input.amount.minor(),
        amount_text: input.amount.format(),
        description: input.description,
        customer: input.customer,
        qr_png_data_url,
        provider: "paynet",
        demo: state.is_demo(),
    })
}

#[tauri::command]
pub async fn create_link(
    state: State<'_, AppState>,
    amount: String,
    description: String,
    customer: String,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = lang.unwrap_or_default();
    let input = validate(&amount, &description, &customer, lang)?;
    create(&state, input, lang).await
}
