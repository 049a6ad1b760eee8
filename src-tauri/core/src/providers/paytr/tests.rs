//! The test vectors of `shared/providers.md` §7, reproduced through the code that builds each
//! request, plus the envelope mapping and helpers.

use super::forms::{self, paytr_token, verify_callback};
use super::response::{self, Endpoint, Outcome};
use super::types::*;
use crate::money::{Currency, Money};
use crate::providers::ErrorKind;
use chrono::NaiveDateTime;

fn creds() -> PaytrCredentials {
    PaytrCredentials {
        merchant_id: "123456".into(),
        merchant_key: "KEYabcdef1234567".into(),
        merchant_salt: "SALTzyxw98765432".into(),
    }
}

fn id(s: &str) -> PaytrLinkId {
    PaytrLinkId(s.into())
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, forms::DATE_TIME).unwrap()
}

#[test]
fn token_is_standard_base64_of_hmac() {
    assert_eq!(
        paytr_token("NB2Zlz3123456SALTzyxw98765432", "KEYabcdef1234567"),
        "j1Fnr4sEUyBsSuDOetT6iYkqlmySESmrETSxpz3b160="
    );
}

#[test]
fn vectors_d1_d2_d3_delete() {
    let c = creds();
    assert_eq!(
        forms::delete_form(&c, &[id("NB2Zlz3")]).get("paytr_token"),
        Some("j1Fnr4sEUyBsSuDOetT6iYkqlmySESmrETSxpz3b160=")
    );
    assert_eq!(
        forms::delete_form(&c, &[id("xNK7erZ")]).get("paytr_token"),
        Some("CQO24Ha3FEhNmqwEpcB0x5L+MVKoGSH+w+Q8CNrkMoc=")
    );
    let bulk = forms::delete_form(&c, &[id("AAAA111"), id("BBBB222"), id("CCCC333")]);
    assert_eq!(bulk.get("id"), Some("AAAA111,BBBB222,CCCC333"));
    assert_eq!(bulk.get("merchant_id"), Some("123456"));
    assert_eq!(bulk.get("paytr_token"), Some("gCDbfLVEVssllcPRdG5eNYB07nQq7LcrASO/QtZKnPc="));
}

fn c1() -> CreateLink {
    CreateLink {
        max_installment: 12,
        ..CreateLink::product("Örnek Ürün / Hizmet Adı", Money::new(1445, Currency::Tl).unwrap())
    }
}

#[test]
fn vector_c1_create_product_utf8() {
    let req = c1();
    validate_create(&req).unwrap();
    let f = forms::create_form(&creds(), &req);
    assert_eq!(f.get("name"), Some("Örnek Ürün / Hizmet Adı"));
    assert_eq!(f.get("price"), Some("1445"));
    assert_eq!(f.get("min_count"), Some("1"));
    assert_eq!(f.get("paytr_token"), Some("fsYnjyylLQk2UPCdEBGVaatNH6cl6lpBTHzxnVn+h6o="));
    // Fields outside the token leave it unchanged.
    let extra = CreateLink {
        link_type: LinkType::Product { min_count: 1, max_count: Some(5) },
        expiry: Some(dt("2026-05-31 17:00:00")),
        get_qr: true,
        callback: Some(Callback { link: "https://relay.example.com/paytr".into(), id: "INV2024001".into() }),
        ..req
    };
    let f2 = forms::create_form(&creds(), &extra);
    assert_eq!(f2.get("paytr_token"), f.get("paytr_token"));
    assert_eq!(f2.get("expiry_date"), Some("2026-05-31 17:00:00"));
    assert_eq!(f2.get("max_count"), Some("5"));
    assert_eq!(f2.get("get_qr"), Some("1"));
    assert_eq!(f2.get("callback_id"), Some("INV2024001"));
    // The posted body carries the UTF-8 name percent-encoded and the token's `+`/`/`/`=` escaped.
    let body = f.encode();
    assert!(body.contains("name=%C3%96rnek+%C3%9Cr%C3%BCn+%2F+Hizmet+Ad%C4%B1"), "{body}");
    assert!(body.contains("paytr_token=fsYnjyylLQk2UPCdEBGVaatNH6cl6lpBTHzxnVn%2Bh6o%3D"), "{body}");
}

#[test]
fn vector_c2_create_collection() {
    let req = CreateLink {
        link_type: LinkType::Collection { email: "musteri@example.com".into() },
        ..CreateLink::product("Fatura 2024-001 tahsilati", Money::new(250000, Currency::Tl).unwrap())
    };
    validate_create(&req).unwrap();
    let f = forms::create_form(&creds(), &req);
    assert_eq!(f.get("link_type"), Some("collection"));
    assert_eq!(f.get("email"), Some("musteri@example.com"));
    assert_eq!(f.get("min_count"), None);
    assert_eq!(f.get("paytr_token"), Some("Ar70PBHAdBv5uUGc8kS97OBejtO3x/fFDbN0DHXEa44="));
}

#[test]
fn vector_c3_create_usd_english() {
    let req = CreateLink {
        max_installment: 6,
        lang: crate::Lang::En,
        link_type: LinkType::Product { min_count: 2, max_count: None },
        ..CreateLink::product("Consulting hour", Money::new(9999, Currency::Usd).unwrap())
    };
    let f = forms::create_form(&creds(), &req);
    assert_eq!((f.get("currency"), f.get("lang")), (Some("USD"), Some("en")));
    assert_eq!(f.get("paytr_token"), Some("xgpDAv2SQLVhgL8vjS7YxHz5hmmiydZ37eQb8z16cdA="));
}

#[test]
fn flex_token_has_no_seventh_element() {
    let req = CreateLink {
        link_type: LinkType::Flex { max_price: Some(Money::new(5000, Currency::Tl).unwrap()), user_name: None },
        ..CreateLink::product("Bagis linki", Money::new(1000, Currency::Tl).unwrap())
    };
    let f = forms::create_form(&creds(), &req);
    let expected = paytr_token("Bagis linki1000TL1flextrSALTzyxw98765432", "KEYabcdef1234567");
    assert_eq!(f.get("paytr_token"), Some(expected.as_str()));
    assert_eq!(f.get("flex_max_price"), Some("5000"));
}

#[test]
fn vector_s1_sms_from_any_mobile_form() {
    let phone = crate::phone::TrMobile::parse("+90 555 123 45 67").unwrap();
    let f = forms::sms_form(&creds(), &id("NB2Zlz3"), &phone.with_zero());
    assert_eq!(f.get("cell_phone"), Some("05551234567"));
    assert_eq!(f.get("paytr_token"), Some("aDeyabVNabEEZBfuRC5p6OL5J5J8PLl+I0Cb/09k04I="));
}

#[test]
fn vector_e1_email() {
    let f = forms::email_form(&creds(), &id("NB2Zlz3"), "musteri@example.com");
    assert_eq!(f.get("paytr_token"), Some("ea+0j0D+OZ3flHRtV1W7hjWsb2akEmmcs+ZUVAQAf/M="));
}

#[test]
fn vector_q1_status() {
    let f = forms::status_form(&creds(), "PTR1A2B3C4D5");
    assert_eq!(f.get("paytr_token"), Some("kGC0cIfRGT8GseJ1KQadpSzHP1opzFW/l6ovyK5/Zio="));
}

#[test]
fn vector_r1_report() {
    let f = forms::report_form(&creds(), dt("2024-05-01 00:00:00"), dt("2024-05-03 23:59:59"));
    assert_eq!(f.get("start_date"), Some("2024-05-01 00:00:00"));
    assert_eq!(f.get("end_date"), Some("2024-05-03 23:59:59"));
    assert_eq!(f.get("paytr_token"), Some("Djilo09BJSG4CN5qpQLjdsPuLD4mXgh6Hm6pykYhImc="));
}

fn cb1() -> CallbackFields {
    serde_json::from_value(serde_json::json!({
        "hash": "EFy6+Yx2V3IxLjkR7XJW/GFJMFXy1E69v2XlP806LpI=", "merchant_oid": "PTR1A2B3C4D5", "status": "success",
        "total_amount": "1445", "payment_amount": "1445", "payment_type": "card", "currency": "TL",
        "callback_id": "INV2024001", "merchant_id": "123456", "test_mode": "1"
    }))
    .unwrap()
}

#[test]
fn vector_cb1_callback_verifies_and_tampering_fails() {
    assert!(verify_callback(&cb1(), "KEYabcdef1234567", "SALTzyxw98765432"));
    assert!(!verify_callback(&cb1(), "KEYabcdef1234567", "otherSALT"));
    assert!(!verify_callback(
        &CallbackFields { total_amount: "1".into(), ..cb1() },
        "KEYabcdef1234567",
        "SALTzyxw98765432"
    ));
    assert!(!verify_callback(&CallbackFields { hash: String::new(), ..cb1() }, "KEYabcdef1234567", "SALTzyxw98765432"));
}

#[test]
fn windows_are_under_three_days_and_cover_the_range() {
    let w = forms::report_windows(dt("2024-05-01 00:00:00"), dt("2024-05-07 23:59:59"));
    assert_eq!(w.len(), 3);
    assert_eq!(w[0], (dt("2024-05-01 00:00:00"), dt("2024-05-03 23:59:59")));
    assert_eq!(w[1].0, dt("2024-05-04 00:00:00"));
    assert_eq!(w[2], (dt("2024-05-07 00:00:00"), dt("2024-05-07 23:59:59")));
    assert_eq!(forms::report_windows(dt("2024-05-01 10:00:00"), dt("2024-05-01 10:00:00")).len(), 1);
}

#[test]
fn envelope_maps_to_error_kinds() {
    let kind = |ep, body: &str| response::check(ep, body.as_bytes()).err().map(|e| e.kind);
    assert_eq!(
        kind(Endpoint::Link, r#"{"status":"failed","reason":"paytr_token gonderilmedi veya gecersiz"}"#),
        Some(ErrorKind::Auth)
    );
    assert_eq!(
        kind(
            Endpoint::Link,
            r#"{"status":"failed","reason":"Zorunlu alan degeri gecersiz veya gonderilmedi (Link API - create): price"}"#
        ),
        Some(ErrorKind::Validation)
    );
    assert_eq!(
        kind(Endpoint::Link, r#"{"status":"failed","reason":"Invalid id or link has already been deleted"}"#),
        Some(ErrorKind::NotFound)
    );
    // PayTR's Turkish wording, with and without Turkish letters (issue 8 §2).
    for reason in ["Gecersiz id veya link zaten silinmis", "Geçersiz ID veya link zaten silinmiş", "Link silinmis"] {
        let body = format!(r#"{{"status":"failed","reason":"{reason}"}}"#);
        assert_eq!(kind(Endpoint::Link, &body), Some(ErrorKind::NotFound), "{reason}");
    }
    assert_eq!(kind(Endpoint::Status, r#"{"status":"error","err_no":"003","err_msg":"x"}"#), Some(ErrorKind::Auth));
    assert_eq!(
        kind(Endpoint::Status, r#"{"status":"error","err_no":"004","err_msg":"merchant_oid ile islem bulunamadi"}"#),
        Some(ErrorKind::NotFound)
    );
    assert_eq!(
        kind(Endpoint::Report, r#"{"status":"error","err_no":5,"err_msg":"tarih araligi"}"#),
        Some(ErrorKind::Server)
    );
    assert_eq!(kind(Endpoint::Link, r#"{"status":"weird"}"#), Some(ErrorKind::Protocol));
    assert_eq!(kind(Endpoint::Link, "<html>"), Some(ErrorKind::Protocol));
    assert!(matches!(
        response::check(Endpoint::Report, br#"{"status":"failed","reason":"islem yok"}"#),
        Ok(Outcome::NoRows)
    ));
    let e = response::check(Endpoint::Report, br#"{"status":"error","err_no":"010","err_msg":"En fazla 3 gun"}"#)
        .unwrap_err();
    assert_eq!(
        (e.code.as_deref(), e.message.as_str(), e.error_type.as_deref()),
        (Some("010"), "En fazla 3 gun", Some("error"))
    );
}

#[test]
fn status_and_report_amounts_are_read_as_text() {
    let s = response::payment_status(br#"{"status":"success","payment_amount":"10,8","payment_total":11.12,"currency":"TL","taksit":"2","test_mode":"1","payment_date":"2026-01-02 10:00:00"}"#).unwrap();
    assert_eq!(
        (s.payment_amount_minor, s.payment_total_minor, s.installments, s.test_mode),
        (1080, 1112, Some(2), true)
    );
    let rows = response::report_rows(br#"{"status":"success","data":[{"islem_tipi":"S","siparis_no":"PX1","islem_tutari":"14.45","odeme_tutari":"14,88","para_birimi":"TL","taksit":"2","islem_tarihi":"03.05.2024"}]}"#).unwrap();
    assert_eq!(rows[0].amount_minor, 1445);
    assert_eq!(rows[0].paid_minor, 1488);
    assert_eq!(rows[0].date, chrono::NaiveDate::from_ymd_opt(2024, 5, 3).unwrap());
    assert_eq!(response::report_date("03.05.2024 14:05").map(|d| d.1.is_some()), Some(true));
    assert_eq!(response::report_date("2024/05/03"), None);
}

#[test]
fn create_is_checked_before_sending() {
    let ok = CreateLink::product("Kahve", Money::new(100, Currency::Tl).unwrap());
    assert!(validate_create(&ok).is_ok());
    let bad = |r: CreateLink| validate_create(&r).unwrap_err().kind;
    assert_eq!(bad(CreateLink { name: "abc".into(), ..ok.clone() }), ErrorKind::Validation);
    assert_eq!(bad(CreateLink { max_installment: 13, ..ok.clone() }), ErrorKind::Validation);
    assert_eq!(bad(CreateLink { max_installment: 0, ..ok.clone() }), ErrorKind::Validation);
    let cb = |link: &str, id: &str| CreateLink {
        callback: Some(Callback { link: link.into(), id: id.into() }),
        ..ok.clone()
    };
    for (link, cid) in [
        ("https://localhost/cb", "A1"),
        ("http://127.0.0.1/cb", "A1"),
        ("https://relay.example.com:8443/cb", "A1"),
        ("ftp://relay.example.com/cb", "A1"),
        ("https://relay.example.com/cb", "has space"),
        ("https://relay.example.com/cb", ""),
    ] {
        assert!(validate_create(&cb(link, cid)).is_err(), "{link} {cid}");
    }
    assert!(validate_create(&cb("https://relay.example.com/cb?x=1", "A1")).is_ok());
    let long_email = format!("{}@example.com", "a".repeat(95));
    assert!(
        validate_create(&CreateLink { link_type: LinkType::Collection { email: long_email }, ..ok.clone() }).is_err()
    );
}

#[test]
fn secrets_never_print() {
    let c = creds();
    let printed = format!("{c:?} {:?}", super::PaytrClient::new("http://127.0.0.1:9", c.clone()).unwrap());
    assert!(printed.contains("123456"));
    assert!(!printed.contains("KEYabcdef") && !printed.contains("SALTzyxw"), "{printed}");
    let f = forms::status_form(&c, "PTR1");
    assert!(!format!("{f:?}").contains(f.get("paytr_token").unwrap()));
}

/// Issue 8 §2: one odd row never fails the report. It is skipped; `odeme_tutari` may be absent
/// (then the charge is the order amount); refunds may be negative; rows may sit under `data`,
/// `list` or another top-level array.
#[test]
fn report_rows_are_read_tolerantly() {
    let good = r#"{"islem_tipi":"S","siparis_no":"PX1","islem_tutari":"10.00","para_birimi":"TL","islem_tarihi":"03.05.2024"}"#;
    let bad = r#"{"siparis_no":"P","islem_tutari":"x","islem_tarihi":"03.05.2024"}"#;
    let refund = r#"{"islem_tipi":"I","siparis_no":"PX1","islem_tutari":"-10.00","islem_tarihi":"04.05.2024"}"#;
    for key in ["data", "list", "rows"] {
        let body = format!(r#"{{"status":"success","{key}":[{good},{bad},{refund},{{"taksit":"?"}}]}}"#);
        let rows = response::report_rows(body.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2, "{key}: the unreadable rows are skipped");
        assert_eq!((rows[0].amount_minor, rows[0].paid_minor), (1000, 1000), "no odeme_tutari: charged = amount");
        assert_eq!((rows[1].kind.as_str(), rows[1].amount_minor), ("I", -1000));
    }
    // Another top-level array that is not rows (a list of strings) is not taken for them.
    let body = format!(r#"{{"status":"success","warnings":["x"],"items":[{good}]}}"#);
    assert_eq!(response::report_rows(body.as_bytes()).unwrap().len(), 1);
    assert_eq!(response::report_rows(br#"{"status":"success"}"#).unwrap_err().kind, ErrorKind::Protocol);
}

/// Issue 11 §1: `net_tutar` (what PayTR pays out) is read for the day report; absent or odd, it
/// is unsaid and the sale still counts.
#[test]
fn report_rows_keep_the_net_when_given() {
    let row = |net: &str| {
        format!(r#"{{"islem_tipi":"S","siparis_no":"P1","islem_tutari":"100.00","islem_tarihi":"03.05.2024"{net}}}"#)
    };
    let body = format!(
        r#"{{"status":"success","data":[{},{},{},{}]}}"#,
        row(r#","net_tutar":"96.51""#),
        row(r#","net_tutar":"1.234,50""#),
        row(r#","net_tutar":"?""#),
        row("")
    );
    let rows = response::report_rows(body.as_bytes()).unwrap();
    assert_eq!(rows.iter().map(|r| r.net_minor).collect::<Vec<_>>(), [Some(9651), Some(123_450), None, None]);
}

#[test]
fn flex_links_need_their_maximum_and_products_are_single_use_by_default() {
    let product = CreateLink::product("Kahve", Money::new(100, Currency::Tl).unwrap());
    assert_eq!(product.link_type, LinkType::Product { min_count: 1, max_count: Some(1) });
    assert_eq!(forms::create_form(&creds(), &product).get("max_count"), Some("1"));
    let flex = CreateLink { link_type: LinkType::Flex { max_price: None, user_name: None }, ..product };
    assert_eq!(validate_create(&flex).unwrap_err().kind, ErrorKind::Validation);
}

#[test]
fn reads_wait_ninety_seconds_and_link_calls_twenty() {
    let c = super::PaytrClient::new("http://127.0.0.1:9", creds()).unwrap();
    assert_eq!((c.timeout.as_secs(), c.report_timeout.as_secs()), (20, 90));
}
