//! The iyzilink requests we send and the answers we read (`shared/iyzico.md` §4, §5).

use super::error::{validation, IyzicoError};
use super::price;
use crate::money::Money;
use crate::Lang;
use base64::Engine;
use serde::Serialize;
use std::fmt;

/// The image a link needs (`encodedImageFile`, required on create): PNG or JPEG bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkImage(Vec<u8>);

/// iyzico documents no size limit (§10.6); anything larger is refused before sending.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

impl LinkImage {
    /// Checks the bytes are a PNG or JPEG (by their signature) of at most [`MAX_IMAGE_BYTES`].
    pub fn new(bytes: Vec<u8>) -> Result<LinkImage, IyzicoError> {
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        if !png && !jpeg {
            return Err(validation("the link image must be a PNG or JPEG file"));
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(validation(format!("the link image is larger than {} KB", MAX_IMAGE_BYTES / 1024)));
        }
        Ok(LinkImage(bytes))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Standard base64 without a `data:` prefix, as `encodedImageFile` wants it.
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
}

impl fmt::Debug for LinkImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LinkImage({} bytes)", self.0.len())
    }
}

/// What a link sells and how often. Used by both create and update.
///
/// Single use (the default, [`LinkFields::single_use`]): `stockEnabled:true, stockCount:1` *and*
/// the legacy `soldLimit:1`. The current OpenAPI documents the stock pair (§4.1); the official
/// SDKs' sandbox tests still pass `soldLimit:1` (§4.1, §5), and §10.9 leaves open which one the
/// server enforces. Sending both means whichever it honours caps the link at one sale, so a second
/// payment cannot arrive on a link we show as paid. Update sends them again because §10.7 leaves
/// open whether omitted fields are reset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkFields {
    pub name: String,
    pub description: String,
    pub price: Money,
    /// Our own reference, echoed back by iyzico and kept on the link.
    pub conversation_id: Option<String>,
    /// The payer page's and iyzico's messages' language.
    pub lang: Lang,
    /// `true`: the payer is not asked for an address.
    pub address_ignorable: bool,
    pub installment_requested: bool,
    /// `Some(n)`: `stockEnabled:true, stockCount:n`; `None`: no stock control.
    pub stock: Option<u32>,
    /// The legacy `soldLimit`, sent when set.
    pub sold_limit: Option<u32>,
}

impl LinkFields {
    /// A single-use link (see the type's doc), no address asked, no installments.
    pub fn single_use(name: &str, description: &str, price: Money) -> LinkFields {
        LinkFields {
            name: name.to_string(),
            description: description.to_string(),
            price,
            conversation_id: None,
            lang: Lang::Tr,
            address_ignorable: true,
            installment_requested: false,
            stock: Some(1),
            sold_limit: Some(1),
        }
    }
}

pub(crate) fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Tr => "tr",
        Lang::En => "en",
    }
}

/// The create/update body, in the order of the docs' example (§4.1, vector V1).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LinkBody<'a> {
    locale: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversation_id: Option<&'a str>,
    name: &'a str,
    description: &'a str,
    price: String,
    currency_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoded_image_file: Option<String>,
    address_ignorable: bool,
    installment_requested: bool,
    stock_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    stock_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sold_limit: Option<u32>,
}

/// Checks `f` as iyzico would (§4.1, §9.4) and builds its body; `image` is required on create.
pub(crate) fn link_body<'a>(f: &'a LinkFields, image: Option<&LinkImage>) -> Result<LinkBody<'a>, IyzicoError> {
    let name = f.name.trim();
    let description = f.description.trim();
    if name.is_empty() {
        return Err(validation("the link needs a name"));
    }
    if description.is_empty() {
        return Err(validation("the link needs a description"));
    }
    if [name, description].iter().any(|t| t.chars().any(char::is_control)) {
        return Err(validation("the link's name and description must be plain text on one line"));
    }
    let currency_code = price::currency_code(f.price.currency())
        .ok_or_else(|| validation(format!("iyzico links take TRY, USD, EUR or GBP, not {}", f.price.currency())))?;
    let conversation_id = f.conversation_id.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if f.stock == Some(0) || f.sold_limit == Some(0) {
        return Err(validation("a link's stock and sale limit must be at least 1"));
    }
    Ok(LinkBody {
        locale: locale(f.lang),
        conversation_id,
        name,
        description,
        price: price::price_text(f.price),
        currency_code,
        encoded_image_file: image.map(LinkImage::base64),
        address_ignorable: f.address_ignorable,
        installment_requested: f.installment_requested,
        stock_enabled: f.stock.is_some(),
        stock_count: f.stock,
        sold_limit: f.sold_limit,
    })
}

/// A link token: opaque, but it goes into the path, so only `[A-Za-z0-9_-]` (§4.1: never seen
/// otherwise), which also keeps the signed path equal to the sent one.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(transparent)]
pub struct IyzicoToken(pub String);

impl IyzicoToken {
    pub fn parse(s: &str) -> Result<IyzicoToken, IyzicoError> {
        let t = s.trim();
        if t.is_empty() || t.len() > 64 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(validation(format!("'{t}' is not an iyzico link token")));
        }
        Ok(IyzicoToken(t.to_string()))
    }
}

impl fmt::Display for IyzicoToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What create and update answer (`data.token/url/imageUrl`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedLink {
    pub token: IyzicoToken,
    pub url: String,
    pub image_url: Option<String>,
}

/// `productStatus` (§5): ACTIVE, PASSIVE, DELETED, or a value we do not know yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    Active,
    Passive,
    Deleted,
    Other(String),
}

impl LinkStatus {
    pub(crate) fn from_text(s: &str) -> LinkStatus {
        match s.trim().to_ascii_uppercase().as_str() {
            "ACTIVE" => LinkStatus::Active,
            "PASSIVE" => LinkStatus::Passive,
            "DELETED" => LinkStatus::Deleted,
            _ => LinkStatus::Other(s.trim().to_string()),
        }
    }
}

/// The status a link can be set to (`PATCH …/status/{productStatus}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetStatus {
    Active,
    Passive,
}

impl SetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SetStatus::Active => "ACTIVE",
            SetStatus::Passive => "PASSIVE",
        }
    }
}

/// One link as get and list show it (§5). Every field but the token is optional: §10.10 leaves
/// the shape open, and `raw` keeps the whole object for fields we do not read yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IyzicoLink {
    pub token: IyzicoToken,
    pub name: Option<String>,
    pub description: Option<String>,
    /// `None` when absent or not a plain price (logged; the link is still tracked by `sold_count`).
    pub price_minor: Option<i64>,
    pub currency_code: Option<String>,
    pub conversation_id: Option<String>,
    pub product_type: Option<String>,
    pub status: Option<LinkStatus>,
    pub url: Option<String>,
    pub image_url: Option<String>,
    /// Successful sales through the link: how a payment shows (§7.1).
    pub sold_count: Option<u32>,
    pub sold_limit: Option<i64>,
    pub remaining_sold_limit: Option<i64>,
    pub stock_enabled: Option<bool>,
    pub stock_count: Option<i64>,
    pub address_ignorable: Option<bool>,
    pub installment_requested: Option<bool>,
    pub raw: String,
}

/// One page of `GET /v2/iyzilink/products`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    pub items: Vec<IyzicoLink>,
    pub total_count: Option<u64>,
    pub current_page: Option<u32>,
    pub page_count: Option<u32>,
    /// Items that could not be read (no token, not an object): skipped and logged.
    pub skipped: usize,
}

use secrecy::SecretString;

/// The two values from the iyzico panel (API key and secret key). Neither prints.
#[derive(Clone)]
pub struct IyzicoCredentials {
    pub api_key: SecretString,
    pub secret_key: SecretString,
}

impl std::fmt::Debug for IyzicoCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IyzicoCredentials").finish_non_exhaustive()
    }
}
