//! `shared/iyzico.md` §8's vectors through the code that signs and builds each request, and the
//! reading of every answer shape §3–§5 show. Requests over HTTP are in `tests_http.rs`.

use super::response;
use super::sign::{authorization, signature};
use super::types::link_body;
use super::*;
use crate::money::{Currency, Money};

const API: &str = "sandbox-apikey-123";
const SECRET: &str = "sandbox-secret-456";
pub(super) const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

pub(super) fn tiny_png() -> LinkImage {
    use base64::Engine;
    LinkImage::new(base64::engine::general_purpose::STANDARD.decode(PNG_1X1).unwrap()).unwrap()
}

/// V1's fields: 149,90 TL, stock 40, no legacy limit.
pub(super) fn v1_fields() -> LinkFields {
    LinkFields {
        conversation_id: Some("conv-0001".into()),
        stock: Some(40),
        sold_limit: None,
        ..LinkFields::single_use("Kahve", "250g filtre kahve", Money::new(14990, Currency::Tl).unwrap())
    }
}

/// V6's fields.
pub(super) fn v6_fields() -> LinkFields {
    LinkFields {
        conversation_id: Some("conv-0005".into()),
        address_ignorable: false,
        installment_requested: true,
        stock: Some(12),
        sold_limit: None,
        ..LinkFields::single_use("Kahve 500g", "500g filtre kahve", Money::new(27900, Currency::Tl).unwrap())
    }
}

pub(super) const V1_BODY: &str = r#"{"locale":"tr","conversationId":"conv-0001","name":"Kahve","description":"250g filtre kahve","price":"149.90","currencyCode":"TRY","encodedImageFile":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","addressIgnorable":true,"installmentRequested":false,"stockEnabled":true,"stockCount":40}"#;
pub(super) const V6_BODY: &str = r#"{"locale":"tr","conversationId":"conv-0005","name":"Kahve 500g","description":"500g filtre kahve","price":"279.00","currencyCode":"TRY","encodedImageFile":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","addressIgnorable":false,"installmentRequested":true,"stockEnabled":true,"stockCount":12}"#;

/// (random key, signed path, body, signature, Authorization) for V1–V7, V2b, V2c, V3b.
pub(super) const VECTORS: [(&str, &str, &str, &str, &str); 10] = [
    ("1722246017090123456789", "/v2/iyzilink/products", V1_BODY, "f62262f6a77d8ba10518648387572f63737c2e21c594f9318175d0b9f5e7c629", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MDEyMzQ1Njc4OSZzaWduYXR1cmU6ZjYyMjYyZjZhNzdkOGJhMTA1MTg2NDgzODc1NzJmNjM3MzdjMmUyMWM1OTRmOTMxODE3NWQwYjlmNWU3YzYyOQ=="),
    ("1722246017091123456789", "/v2/iyzilink/products", "", "aaeafe432f2557ecc96c8e13b6b21492966f00ce53c6557bb92e3b6594512ff1", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MTEyMzQ1Njc4OSZzaWduYXR1cmU6YWFlYWZlNDMyZjI1NTdlY2M5NmM4ZTEzYjZiMjE0OTI5NjZmMDBjZTUzYzY1NTdiYjkyZTNiNjU5NDUxMmZmMQ=="),
    ("k2Rq7Zp1", "/v2/iyzilink/products/AbC123/status/PASSIVE", "", "a5f7780a5e2c3139f4558d780ed94fd4fc93e07edd8ac3f6c577857d09703ae6", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6azJScTdacDEmc2lnbmF0dXJlOmE1Zjc3ODBhNWUyYzMxMzlmNDU1OGQ3ODBlZDk0ZmQ0ZmM5M2UwN2VkZDhhYzNmNmM1Nzc4NTdkMDk3MDNhZTY="),
    ("5b9f5000c5310", "/v2/iyzilink/products/AbC123", "", "37fdeca87671c70f02ff601ab128418d1adbfc3fe3c327274dbb2cf374a69ec9", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6NWI5ZjUwMDBjNTMxMCZzaWduYXR1cmU6MzdmZGVjYTg3NjcxYzcwZjAyZmY2MDFhYjEyODQxOGQxYWRiZmMzZmUzYzMyNzI3NGRiYjJjZjM3NGE2OWVjOQ=="),
    ("0f8fad5b-d9cb-469f-a165-70867728950e", "/v2/iyzilink/products/AbC123", "", "d984a13d1ce9d7f867d09280d0afff859634da021d037746236da666fa33b390", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MGY4ZmFkNWItZDljYi00NjlmLWExNjUtNzA4Njc3Mjg5NTBlJnNpZ25hdHVyZTpkOTg0YTEzZDFjZTlkN2Y4NjdkMDkyODBkMGFmZmY4NTk2MzRkYTAyMWQwMzc3NDYyMzZkYTY2NmZhMzNiMzkw"),
    ("1722246017095123456789", "/v2/iyzilink/products/AbC123", V6_BODY, "999d5b0fe46c203a725ce3214b18c432d87e2765b5722693653f1f18ae612d30", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5NTEyMzQ1Njc4OSZzaWduYXR1cmU6OTk5ZDViMGZlNDZjMjAzYTcyNWNlMzIxNGIxOGM0MzJkODdlMjc2NWI1NzIyNjkzNjUzZjFmMThhZTYxMmQzMA=="),
    ("1722246017096123456789", "/v2/iyzilink/fast-link/products", r#"{"locale":"tr","conversationId":"conv-0006","description":"Masa 4","price":"120.00","currencyCode":"TRY"}"#, "939f955a32cd69e30a4f7f88e56f1955a565ec786b822e055cee732b968a3414", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5NjEyMzQ1Njc4OSZzaWduYXR1cmU6OTM5Zjk1NWEzMmNkNjllMzBhNGY3Zjg4ZTU2ZjE5NTVhNTY1ZWM3ODZiODIyZTA1NWNlZTczMmI5NjhhMzQxNA=="),
    ("1722246017091123456789", "/v2/iyzilink/products", "{}", "591316dbba5e98ac9a989db85758f99b5091f41d6678ae13d9db8d3b27dfee60", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MTEyMzQ1Njc4OSZzaWduYXR1cmU6NTkxMzE2ZGJiYTVlOThhYzlhOTg5ZGI4NTc1OGY5OWI1MDkxZjQxZDY2NzhhZTEzZDlkYjhkM2IyN2RmZWU2MA=="),
    ("Ab3dE6gH", "/v2/iyzilink/products/", "null", "4020a4f2800cad79d4f7fb6145f5f25106cb496787dee110bc93bc75b34e922f", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6QWIzZEU2Z0gmc2lnbmF0dXJlOjQwMjBhNGYyODAwY2FkNzlkNGY3ZmI2MTQ1ZjVmMjUxMDZjYjQ5Njc4N2RlZTExMGJjOTNiYzc1YjM0ZTkyMmY="),
    ("k2Rq7Zp1", "/v2/iyzilink/products/AbC123/status/PASSIVE", r#"{"locale":"tr","token":"AbC123","productStatus":"PASSIVE"}"#, "f1aaa9897efcb0443adcbe4f27436a62752fea29d342709ccaa1a877b093565e", "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6azJScTdacDEmc2lnbmF0dXJlOmYxYWFhOTg5N2VmY2IwNDQzYWRjYmU0ZjI3NDM2YTYyNzUyZmVhMjlkMzQyNzA5Y2NhYTFhODc3YjA5MzU2NWU="),
];

#[test]
fn every_section_8_vector_byte_for_byte() {
    for (rnd, path, body, sig, header) in VECTORS {
        assert_eq!(signature(SECRET, rnd, path, body.as_bytes()), sig, "{rnd}{path}");
        assert_eq!(authorization(API, SECRET, rnd, path, body.as_bytes()), header, "{rnd}{path}");
    }
    assert_eq!(V1_BODY.len(), 334);
    assert_eq!(V6_BODY.len(), 339);
}

#[test]
fn the_query_and_uppercase_hex_are_not_what_is_signed() {
    let with_query = "/v2/iyzilink/products?locale=tr&conversationId=conv-0002&page=1&count=10";
    let sig = signature(SECRET, "1722246017091123456789", with_query, b"");
    assert_eq!(sig, "74706324bffef995c55c1b3217e5eaebc7b88ae22764e0d00b74eb3e18e9f140");
    assert_ne!(sig, VECTORS[1].3);
    assert!(VECTORS[0].3.chars().all(|c| !c.is_ascii_uppercase()));
}

#[test]
fn create_and_update_bodies_are_exactly_v1_and_v6() {
    let image = tiny_png();
    let v1 = serde_json::to_string(&link_body(&v1_fields(), Some(&image)).unwrap()).unwrap();
    assert_eq!(v1, V1_BODY);
    let v6 = serde_json::to_string(&link_body(&v6_fields(), Some(&image)).unwrap()).unwrap();
    assert_eq!(v6, V6_BODY);
}

#[test]
fn single_use_body_caps_at_one_sale_both_ways() {
    let mut f = LinkFields::single_use("Çay", "İki bardak çay", Money::new(123456, Currency::Usd).unwrap());
    f.lang = crate::Lang::En;
    let body = serde_json::to_string(&link_body(&f, None).unwrap()).unwrap();
    assert_eq!(
        body,
        r#"{"locale":"en","name":"Çay","description":"İki bardak çay","price":"1234.56","currencyCode":"USD","addressIgnorable":true,"installmentRequested":false,"stockEnabled":true,"stockCount":1,"soldLimit":1}"#
    );
    let unlimited = LinkFields { stock: None, sold_limit: None, ..f };
    let body = serde_json::to_string(&link_body(&unlimited, None).unwrap()).unwrap();
    assert!(body.ends_with(r#""installmentRequested":false,"stockEnabled":false}"#), "{body}");
}

#[test]
fn bad_requests_are_refused_before_sending() {
    let ok = LinkFields::single_use("Kahve", "250g", Money::new(100, Currency::Tl).unwrap());
    let cases = [
        LinkFields { price: Money::new(100, Currency::Rub).unwrap(), ..ok.clone() },
        LinkFields { name: "  ".into(), ..ok.clone() },
        LinkFields { description: String::new(), ..ok.clone() },
        LinkFields { name: "a\nb".into(), ..ok.clone() },
        LinkFields { stock: Some(0), ..ok.clone() },
    ];
    for f in cases {
        let e = link_body(&f, None).err().expect("refused");
        assert_eq!(e.kind, ErrorKind::Validation, "{f:?}");
    }
    assert!(link_body(&ok, None).is_ok());
    for t in ["", "a/b", "../x", "a b", "a?b", "ş"] {
        assert!(IyzicoToken::parse(t).is_err(), "{t}");
    }
    assert!(LinkImage::new(b"GIF89a....".to_vec()).is_err());
    assert!(LinkImage::new([b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0; MAX_IMAGE_BYTES]].concat()).is_err());
}

fn ok(body: &str) -> response::Obj {
    response::envelope(200, body.as_bytes(), "test").unwrap()
}

fn err(status: u16, body: &str) -> IyzicoError {
    response::envelope(status, body.as_bytes(), "test").unwrap_err()
}

#[test]
fn create_answer_verbatim_from_the_docs() {
    let body = r#"{"status":"success","locale":"en","systemTime":1687827915258,"conversationId":"123456","data":{"token":"WxI","url":"https://sandbox.iyzi.link/WxI","imageUrl":"https://sandbox-img.iyzi.link/Wx/I.jpg"}}"#;
    let c = response::created(&ok(body), body.as_bytes(), "create").unwrap();
    assert_eq!(c.token.0, "WxI");
    assert_eq!(c.url, "https://sandbox.iyzi.link/WxI");
    assert_eq!(c.image_url.as_deref(), Some("https://sandbox-img.iyzi.link/Wx/I.jpg"));
    let no_token = r#"{"status":"success","data":{"url":"https://iyzi.link/x"}}"#;
    assert_eq!(response::created(&ok(no_token), no_token.as_bytes(), "create").unwrap_err().kind, ErrorKind::Protocol);
    let no_data = r#"{"status":"success"}"#;
    assert_eq!(response::created(&ok(no_data), no_data.as_bytes(), "create").unwrap_err().kind, ErrorKind::Protocol);
}

#[test]
fn get_answer_oldbook_and_todays_8_decimals() {
    let body = r#"{"status":"success","locale":"tr","systemTime":1545226460890,"conversationId":"123456789","data":{"name":"Sample Integration","conversationId":"123456789","description":"Sample Integration","price":1,"currencyId":1,"currencyCode":"TRY","token":"BLE","productType":"IYZILINK","productStatus":"ACTIVE","merchantId":50343,"url":"https://sandbox.iyzi.link/BLE","imageUrl":"https://sandbox-img.iyzi.link/BL/E.jpg","addressIgnorable":false,"soldCount":0,"soldLimit":1,"remainingSoldLimit":1,"installmentRequested":false}}"#;
    let l = response::one(&ok(body), body.as_bytes()).unwrap();
    assert_eq!((l.token.0.as_str(), l.price_minor, l.sold_count), ("BLE", Some(100), Some(0)));
    assert_eq!((l.status, l.sold_limit, l.remaining_sold_limit), (Some(LinkStatus::Active), Some(1), Some(1)));
    assert_eq!((l.address_ignorable, l.installment_requested), (Some(false), Some(false)));
    assert_eq!(l.product_type.as_deref(), Some("IYZILINK"));
    assert!(l.raw.contains("\"merchantId\":50343"));
    for (price, minor) in [
        ("1234.5", 123450),
        ("\"1234.56\"", 123456),
        ("1234.56", 123456),
        ("1.00000000", 100),
        ("\"149.90000000\"", 14990),
    ] {
        let body = format!(
            r#"{{"status":"success","data":{{"token":"AbC","price":{price},"soldCount":"1","productStatus":"PASSIVE","newField":{{"a":[1,2]}},"stockEnabled":true,"stockCount":0}}}}"#
        );
        let l = response::one(&ok(&body), body.as_bytes()).unwrap();
        assert_eq!(l.price_minor, Some(minor), "{price}");
        assert_eq!((l.sold_count, l.status.clone()), (Some(1), Some(LinkStatus::Passive)));
        assert_eq!((l.stock_enabled, l.stock_count), (Some(true), Some(0)));
    }
    // Only a token: every other field is optional; an odd price or status does not fail the link.
    let body = r#"{"status":"success","data":{"token":"Q1","price":"12,50","productStatus":"ARCHIVED"}}"#;
    let l = response::one(&ok(body), body.as_bytes()).unwrap();
    assert_eq!((l.price_minor, l.sold_count, l.name), (None, None, None));
    assert_eq!(l.status, Some(LinkStatus::Other("ARCHIVED".into())));
    let body = r#"{"status":"success","data":"item"}"#;
    assert_eq!(response::one(&ok(body), body.as_bytes()).unwrap_err().kind, ErrorKind::Protocol);
}

#[test]
fn list_answer_reads_pages_and_skips_odd_items() {
    let body = r#"{"status":"success","locale":"tr","systemTime":1545226669152,"conversationId":"123456789","data":{"listingReviewed":true,"totalCount":"85","currentPage":1,"pageCount":43,"items":[{"token":"BLE","price":5,"soldCount":1,"productStatus":"ACTIVE"},{"name":"no token"},7,{"token":"BK4","price":"abc","soldCount":0}]}}"#;
    let page = response::list(&ok(body), body.as_bytes()).unwrap();
    assert_eq!((page.total_count, page.current_page, page.page_count, page.skipped), (Some(85), Some(1), Some(43), 2));
    let tokens: Vec<&str> = page.items.iter().map(|l| l.token.0.as_str()).collect();
    assert_eq!(tokens, ["BLE", "BK4"]);
    assert_eq!((page.items[0].price_minor, page.items[1].price_minor), (Some(500), None));
    let empty = r#"{"status":"success","data":{"totalCount":0,"currentPage":3,"pageCount":0,"items":[]}}"#;
    let page = response::list(&ok(empty), empty.as_bytes()).unwrap();
    assert!(page.items.is_empty());
    let bad = r#"{"status":"success","data":{"items":{"token":"x"}}}"#;
    assert_eq!(response::list(&ok(bad), bad.as_bytes()).unwrap_err().kind, ErrorKind::Protocol);
}

#[test]
fn envelopes_of_status_and_delete() {
    // PHP mocks: systemTime as a string on status, conversationId echoed on delete.
    ok(r#"{"status":"success","locale":"tr","systemTime":"1710349430773"}"#);
    ok(r#"{"status":"success","locale":"tr","systemTime":1537165387437,"conversationId":"123456789"}"#);
}

#[test]
fn failures_keep_iyzicos_code_and_message() {
    let e = err(
        200,
        r#"{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza","locale":"tr","systemTime":1688561366716,"conversationId":"123456789"}"#,
    );
    assert_eq!((e.kind, e.code.as_deref(), e.http_status), (ErrorKind::Auth, Some("1000"), Some(200)));
    assert_eq!(e.message, "Geçersiz imza");
    let e = err(200, r#"{"status":"failure","errorCode":"1001","errorMessage":"api bilgileri bulunamadı"}"#);
    assert_eq!(e.kind, ErrorKind::Auth);
    // D-LIMIT's sample: the code as a JSON number.
    let e = err(200, r#"{"status":"failure","errorCode":50000,"errorMessage":"Request Limit Exceeded","locale":"en"}"#);
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::RateLimited, Some("50000")));
    assert!(e.is_rate_limited() && e.kind.retryable());
    let e = err(401, r#"{"status":"failure","errorCode":"1000","errorMessage":"Invalid signature"}"#);
    assert_eq!((e.kind, e.http_status), (ErrorKind::Auth, Some(401)));
    let e = err(404, r#"{"status":"failure","errorCode":"9999","errorMessage":"x","errorGroup":"LINK"}"#);
    assert_eq!((e.kind, e.group.as_deref()), (ErrorKind::NotFound, Some("LINK")));
    let e = err(400, r#"{"status":"failure","errorCode":"24","errorMessage":"price is mandatory"}"#);
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Validation, Some("24")));
    let e = err(200, r#"{"status":"failure"}"#);
    assert_eq!((e.kind, e.code), (ErrorKind::Rejected, None));
}

#[test]
fn unreadable_answers_map_by_http_status() {
    assert_eq!(err(200, "<html>ok</html>").kind, ErrorKind::Protocol);
    assert_eq!(err(404, "Not Found").kind, ErrorKind::Protocol);
    let e = err(502, "<html>Bad Gateway</html>");
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(502)));
    assert_eq!(err(429, "slow down").kind, ErrorKind::RateLimited);
    assert_eq!(err(200, r#"{"locale":"tr"}"#).kind, ErrorKind::Protocol);
    assert_eq!(err(200, r#"{"status":"maybe"}"#).kind, ErrorKind::Protocol);
    assert_eq!(err(500, r#"{"status":"success"}"#).kind, ErrorKind::Protocol);
    assert_eq!(err(200, "[]").kind, ErrorKind::Protocol);
}

#[test]
fn debug_and_errors_never_show_the_keys() {
    let c = IyzicoClient::new(
        "http://127.0.0.1:9",
        "sandbox-APIKEY-visible-nowhere".into(),
        "sandbox-SECRET-visible-nowhere".into(),
        std::time::Duration::from_secs(1),
    )
    .unwrap();
    let dbg = format!("{c:?} {:?}", tiny_png());
    assert!(!dbg.contains("APIKEY") && !dbg.contains("SECRET"), "{dbg}");
    assert!(dbg.contains("127.0.0.1:9"));
    let e = IyzicoClient::new("http://h", "key with space".into(), "s".into(), std::time::Duration::from_secs(1))
        .unwrap_err();
    assert!(!e.message.contains("key with space") && e.kind == ErrorKind::Auth);
    for bad in ["ftp://h", "not a url", "http://h/prefix", "http://h?x=1"] {
        assert!(IyzicoClient::new(bad, "a".into(), "b".into(), std::time::Duration::from_secs(1)).is_err(), "{bad}");
    }
}
