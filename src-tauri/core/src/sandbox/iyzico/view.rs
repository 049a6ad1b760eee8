//! How a link is shown: its URLs, the create/update answer and the §5 object of get and list.

use super::{currency_id, price_raw, success, Ctx, Kind, Link, Status, IMAGE_PREFIX, PAGE_PREFIX};
use crate::sandbox::SandboxState;
use axum::response::Response;
use serde_json::json;
use serde_json::value::RawValue;

/// The sandbox merchant's id, as links report it (§5 `merchantId`).
pub const MERCHANT_ID: u64 = 3_382_172;

pub(super) fn link_url(st: &SandboxState, token: &str) -> String {
    format!("{}{PAGE_PREFIX}/{token}", st.base_url)
}

/// `…/{t[0..2]}/{t[2..]}.jpg`, with `+V<n>` after image updates (§4.1).
pub(super) fn image_url(st: &SandboxState, link: &Link) -> String {
    let (head, tail) = link.token.split_at(2.min(link.token.len()));
    let version = if link.image_version > 0 { format!("+V{}", link.image_version) } else { String::new() };
    format!("{}{IMAGE_PREFIX}/{head}/{tail}{version}.jpg", st.base_url)
}

pub(super) fn created(st: &SandboxState, ctx: &Ctx, link: &Link) -> Response {
    success(st, ctx, json!({ "token": link.token, "url": link_url(st, &link.token), "imageUrl": image_url(st, link) }))
}

/// The link object of get and list (§5, §9.7).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LinkView {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversation_id: Option<String>,
    description: String,
    price: Box<RawValue>,
    currency_id: u32,
    currency_code: &'static str,
    token: String,
    product_type: &'static str,
    product_status: &'static str,
    merchant_id: u64,
    url: String,
    image_url: String,
    address_ignorable: bool,
    installment_requested: bool,
    sold_count: i64,
    sold_limit: i64,
    remaining_sold_limit: i64,
    stock_enabled: bool,
    stock_count: i64,
    flexible_link: bool,
    preset_price_values: Vec<Box<RawValue>>,
    category_type: String,
}

pub(super) fn view(st: &SandboxState, link: &Link) -> LinkView {
    LinkView {
        name: link.name.clone(),
        conversation_id: link.conversation_id.clone(),
        description: link.description.clone(),
        price: price_raw(link.price_minor, 8),
        currency_id: currency_id(link.currency),
        currency_code: link.currency,
        token: link.token.clone(),
        product_type: match link.kind {
            Kind::Iyzilink => "IYZILINK",
            Kind::FastLink => "FASTLINK",
        },
        product_status: match link.status {
            Status::Active => "ACTIVE",
            Status::Passive => "PASSIVE",
            Status::Deleted => "DELETED",
        },
        merchant_id: MERCHANT_ID,
        url: link_url(st, &link.token),
        image_url: image_url(st, link),
        address_ignorable: link.address_ignorable,
        installment_requested: link.installment_requested,
        sold_count: link.sold_count,
        sold_limit: link.sold_limit,
        remaining_sold_limit: link.sold_limit - link.sold_count,
        stock_enabled: link.stock_enabled,
        stock_count: link.stock_count,
        flexible_link: link.flexible,
        preset_price_values: link.preset_prices.iter().map(|p| price_raw(*p, 2)).collect(),
        category_type: link.category_type.clone(),
    }
}
