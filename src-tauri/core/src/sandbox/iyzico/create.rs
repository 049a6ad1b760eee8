//! Creating links: `POST /v2/iyzilink/products` and the fast link (`shared/iyzico.md` §4.1,
//! §4.2, §9.4–§9.5).

use super::input::{self, Bad};
use super::request::{begin, json_body, refuse};
use super::view::created;
use super::{codes, failure, lock, Ctx, Fail, Kind, Link, Status, FAST_LINK_MAX_TRY_MINOR};
use crate::sandbox::{SandboxState, SharedState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

/// The rules between fields: flexible links need the merchant flag; stock needs a count.
pub(super) fn check_rules(
    st: &SandboxState,
    ctx: &Ctx,
    i: &input::LinkInput,
    stock_enabled: bool,
    stock_count: i64,
) -> Result<(), Box<Response>> {
    if i.flexible == Some(true) && !lock(&st.iyzico).settings.flexible_links {
        let msg = ctx.say("Esnek link bu üye işyeri için açık değil", "Flexible link is not enabled for this merchant");
        return Err(Box::new(failure(st, ctx, Fail::Invalid, codes::FLEXIBLE_NOT_ENABLED, &msg)));
    }
    if stock_enabled && stock_count < 1 {
        let bad = Bad {
            code: codes::INVALID_REQUEST,
            tr: "stockEnabled true iken stockCount en az 1 olmalıdır".into(),
            en: "stockCount must be at least 1 when stockEnabled is true".into(),
        };
        return Err(Box::new(refuse(st, ctx, bad)));
    }
    Ok(())
}

/// `POST /v2/iyzilink/products` (§4.1).
pub(super) async fn create(
    State(st): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let max_image = lock(&st.iyzico).settings.max_image_bytes;
    let read = json_body(&headers, &body).and_then(|m| {
        input::require(&m, &["name", "description", "price", "currencyCode", "encodedImageFile"])?;
        input::read(&m, max_image)
    });
    let i = match read {
        Ok(i) => i,
        Err(bad) => return refuse(&st, &req.ctx, bad),
    };
    let (stock_enabled, stock_count) = (i.stock_enabled.unwrap_or(false), i.stock_count.unwrap_or(0));
    if let Err(r) = check_rules(&st, &req.ctx, &i, stock_enabled, stock_count) {
        return *r;
    }
    let mut state = lock(&st.iyzico);
    let link = Link {
        token: state.new_token(),
        kind: Kind::Iyzilink,
        status: Status::Active,
        name: i.name.unwrap_or_default(),
        description: i.description.unwrap_or_default(),
        price_minor: i.price_minor.unwrap_or_default(),
        currency: i.currency.unwrap_or("TRY"),
        conversation_id: i.conversation_id,
        image: i.image,
        image_version: 0,
        // The TR page's defaults when omitted (§4.1).
        address_ignorable: i.address_ignorable.unwrap_or(true),
        installment_requested: i.installment_requested.unwrap_or(false),
        stock_enabled,
        stock_count,
        sold_limit: i.sold_limit.unwrap_or(0),
        sold_count: 0,
        flexible: i.flexible.unwrap_or(false),
        preset_prices: i.preset_prices.unwrap_or_default(),
        category_type: i.category_type.unwrap_or_else(|| "UNKNOWN".into()),
    };
    let response = created(&st, &req.ctx, &link);
    state.links.push(link);
    response
}

/// `POST /v2/iyzilink/fast-link/products` (§4.2): needs an approved (ACTIVE) iyzilink, at most
/// 750 TRY, single use.
pub(super) async fn create_fast(
    State(st): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let read = json_body(&headers, &body).and_then(|m| {
        input::require(&m, &["price", "currencyCode"])?;
        input::read(&m, 0)
    });
    let i = match read {
        Ok(i) => i,
        Err(bad) => return refuse(&st, &req.ctx, bad),
    };
    let (price_minor, currency) = (i.price_minor.unwrap_or_default(), i.currency.unwrap_or("TRY"));
    let mut state = lock(&st.iyzico);
    let approved = state.links.iter().any(|l| l.kind == Kind::Iyzilink && l.status == Status::Active);
    let refusal = if !approved {
        Some((
            "Hızlı link için onaylı bir iyzico linkiniz olmalıdır",
            "You need an approved iyzico link to create a fast link",
        ))
    } else if currency == "TRY" && price_minor > FAST_LINK_MAX_TRY_MINOR {
        Some(("Hızlı link tutarı en fazla 750 TL olabilir", "A fast link can be at most 750 TRY"))
    } else {
        None
    };
    if let Some((tr, en)) = refusal {
        drop(state);
        return failure(&st, &req.ctx, Fail::Invalid, codes::FAST_LINK_REFUSED, &req.ctx.say(tr, en));
    }
    let link = Link {
        token: state.new_token(),
        kind: Kind::FastLink,
        status: Status::Active,
        name: String::new(),
        description: i.description.unwrap_or_default(),
        price_minor,
        currency,
        conversation_id: i.conversation_id,
        image: None,
        image_version: 0,
        address_ignorable: true,
        installment_requested: false,
        stock_enabled: false,
        stock_count: 0,
        sold_limit: 1,
        sold_count: 0,
        flexible: false,
        preset_prices: Vec::new(),
        category_type: "UNKNOWN".into(),
    };
    let response = created(&st, &req.ctx, &link);
    state.links.push(link);
    response
}
