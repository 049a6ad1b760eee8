//! Parsing of Paynet answers as the docs show them (and as they vary).

use super::parse;
use super::types::PaynetStatus;
use crate::providers::ErrorKind;
use chrono::NaiveDate;

fn ok(body: &str) -> super::wire::Obj {
    parse::envelope(200, body.as_bytes()).expect("envelope accepted")
}

#[test]
fn detail_doc_example_parses() {
    let body = r#"{"company_code":"1001","agent_id":"1001","xact_id":"xk_EAAAAK/JIGdb8*Ygkt","reference_no":"",
      "email":"info@paynet.com.tr","user_name":"          ","name_surname":"O*** Ö******","amount":120,"currency":"TL",
      "installment":0,"phone":"539560****","bank_id":"","expire_date":"2019-10-18T21:46:17.71",
      "create_date":"2019-10-18T09:46:17.717","note":"","status":0,"multi_payment":true,
      "payments":[{"xact_id":"xk_EAJG","id":5435}],"object_name":null,"code":0,"message":null}"#;
    let d = parse::detail(200, &ok(body)).unwrap();
    assert_eq!(d.amount_minor, 12000);
    assert_eq!(d.status, PaynetStatus::Waiting);
    assert_eq!(d.reference_no, None, "blank reference is none");
    assert_eq!(d.note, None);
    assert_eq!(d.xact_id.as_deref(), Some("xk_EAAAAK/JIGdb8*Ygkt"));
    let exp = NaiveDate::from_ymd_opt(2019, 10, 18).unwrap().and_hms_milli_opt(21, 46, 17, 710).unwrap();
    assert_eq!(d.expire_date, Some(exp));
    assert_eq!(d.create_date.unwrap().and_utc().timestamp_subsec_millis(), 717);
    assert_eq!(d.payments.len(), 1);
    assert_eq!(d.payments[0].id, Some(5435));
}

#[test]
fn code_as_string_amount_with_comma_and_date_without_fraction() {
    let body = r#"{"code":"0","status":"1","amount":"20,50","name_surname":"Ali","expire_date":"2024-05-01T10:00:00",
      "referance_no":"INV-1"}"#;
    let d = parse::detail(200, &ok(body)).unwrap();
    assert_eq!(d.amount_minor, 2050);
    assert_eq!(d.status, PaynetStatus::Paid);
    assert_eq!(d.reference_no.as_deref(), Some("INV-1"));
    assert_eq!(d.expire_date.unwrap().to_string(), "2024-05-01 10:00:00");
}

#[test]
fn decimal_amounts_never_lose_kurus() {
    for (raw, minor) in
        [("149.90", 14990), ("149.9", 14990), ("0.29", 29), ("1234.56", 123456), ("\"1.234,56\"", 123456)]
    {
        let body = format!(r#"{{"code":0,"status":0,"amount":{raw}}}"#);
        assert_eq!(parse::detail(200, &ok(&body)).unwrap().amount_minor, minor, "{raw}");
    }
}

#[test]
fn unknown_status_is_kept() {
    let d = parse::detail(200, &ok(r#"{"code":0,"status":7,"amount":1}"#)).unwrap();
    assert_eq!(d.status, PaynetStatus::Unknown(7));
    assert_eq!(d.status.code(), 7);
    assert_eq!(PaynetStatus::from_code(3), PaynetStatus::Passive);
    assert_eq!(serde_json::to_string(&PaynetStatus::Expired).unwrap(), "2");
}

#[test]
fn http_errors_keep_paynet_type_code_and_message() {
    let e =
        parse::envelope(401, br#"{"type":"authorization_error","message":"Unauthorized","code":401,"result_code":7}"#)
            .err()
            .unwrap();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert_eq!(e.error_type.as_deref(), Some("authorization_error"));
    assert_eq!(e.code.as_deref(), Some("7"));
    assert_eq!(e.message, "Unauthorized");
    assert_eq!(e.http_status, Some(401));

    let cases = [
        (400, "invalid_request_error", 11, ErrorKind::Validation),
        (404, "no_data_error", 12, ErrorKind::NotFound),
        (500, "api_error", 8, ErrorKind::Server),
    ];
    for (status, ty, rc, kind) in cases {
        let body = format!(r#"{{"type":"{ty}","message":"m","code":{status},"result_code":"{rc}"}}"#);
        let e = parse::envelope(status, body.as_bytes()).err().unwrap();
        assert_eq!((e.kind, e.code.as_deref()), (kind, Some(rc.to_string().as_str())), "{ty}");
    }
}

#[test]
fn result_codes_on_http_200_map_to_kinds() {
    for (code, kind) in [
        (1, ErrorKind::Rejected),
        (5, ErrorKind::Rejected),
        (7, ErrorKind::Auth),
        (8, ErrorKind::Server),
        (10, ErrorKind::Server),
        (11, ErrorKind::Validation),
        (12, ErrorKind::NotFound),
    ] {
        let body = format!(r#"{{"object_name":"mailorder","code":{code},"message":"Başarısız"}}"#);
        let e = parse::envelope(200, body.as_bytes()).err().unwrap();
        assert_eq!(e.kind, kind, "code {code}");
        assert_eq!(e.message, "Başarısız");
    }
}

#[test]
fn unreadable_answers_are_protocol_errors_with_status() {
    let e = parse::envelope(200, b"{not json").err().unwrap();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Protocol, Some(200)));
    let e = parse::envelope(404, b"<html>Not Found</html>").err().unwrap();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Protocol, Some(404)));
    let e = parse::envelope(502, b"<html>Bad Gateway</html>").err().unwrap();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(502)));
    let e = parse::detail(200, &ok(r#"{"code":0,"status":0,"amount":"abc"}"#)).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Protocol);
    let e = parse::created(200, &ok(r#"{"code":0,"id":"x"}"#)).err().unwrap();
    assert_eq!(e.kind, ErrorKind::Protocol);
}

#[test]
fn list_envelope_and_paging() {
    let body = r#"{"total_count":3,"limit":2,"has_more":true,"starting_after":0,"ending_before":null,"code":0,
      "Data":[{"id":"a","status":0,"amount":10,"reference_no":"r1","create_date":"2024-01-02T03:04:05.1"},
              {"id":"b","status":"2","amount":"5,5","referance_no":"r2"}]}"#;
    let page = parse::list(200, &ok(body), 0).unwrap();
    assert_eq!(page.total, Some(3));
    assert!(page.has_more);
    assert_eq!(page.rows[1].amount_minor, 550);
    assert_eq!(page.rows[1].status, Some(PaynetStatus::Expired));
    assert_eq!(page.rows[1].reference_no.as_deref(), Some("r2"));
    // Without `has_more` the total decides.
    let page = parse::list(200, &ok(r#"{"code":0,"total_count":3,"Data":[{"amount":1}]}"#), 2).unwrap();
    assert!(!page.has_more);
    let page = parse::list(200, &ok(r#"{"code":0,"total_count":3,"Data":[{"amount":1}]}"#), 1).unwrap();
    assert!(page.has_more);
}

#[test]
fn transactions_read_agent_reference_and_flags() {
    let body = r#"{"object_name":"transaction","code":0,"message":"","Data":[
      {"xact_id":"xk_1","amount":120.5,"currency":"TL","is_succeed":true,"agent_reference":"INV-9","xact_date":"2024-03-01T12:00:00.5"},
      {"xact_id":"xk_2","amount":"120,50","is_succeed":"false"}]}"#;
    let t = parse::transactions(200, &ok(body)).unwrap();
    assert_eq!(t.len(), 2);
    assert!(t[0].is_succeed && !t[1].is_succeed);
    assert_eq!((t[0].amount_minor, t[1].amount_minor), (12050, 12050));
    assert_eq!(t[0].reference_no.as_deref(), Some("INV-9"));
    assert_eq!(t[1].currency, "TL");
    assert_eq!((t[0].net_minor, t[1].net_minor), (None, None), "no netAmount: not said");
}

/// Issue 11 §1: `netAmount` is kept for the day report; an odd one is left unsaid, never fatal.
#[test]
fn transactions_read_the_net_amount_tolerantly() {
    let body = r#"{"code":0,"Data":[{"xact_id":"a","amount":120.5,"netAmount":116.29,"is_succeed":true},
      {"xact_id":"b","amount":"120,50","netAmount":"116,29","is_succeed":true},
      {"xact_id":"c","amount":10,"netAmount":"yok","is_succeed":true}]}"#;
    let t = parse::transactions(200, &ok(body)).unwrap();
    assert_eq!(t.iter().map(|x| x.net_minor).collect::<Vec<_>>(), [Some(11629), Some(11629), None]);
}

#[test]
fn dates_with_offsets_become_turkish_time() {
    use super::wire::parse_date;
    assert_eq!(parse_date("2024-05-01T09:00:00Z").unwrap().unwrap().to_string(), "2024-05-01 12:00:00");
    assert_eq!(parse_date("2024-05-01 09:00:00").unwrap().unwrap().to_string(), "2024-05-01 09:00:00");
    assert_eq!(parse_date("0001-01-01T00:00:00").unwrap(), None);
    assert!(parse_date("18.10.2019").is_err());
}

#[test]
fn json_numbers_use_the_dot_as_decimal_point() {
    use super::wire::json_number_minor;
    assert_eq!(json_number_minor("1.250"), Some(125));
    assert_eq!(json_number_minor("120"), Some(12000));
    assert_eq!(json_number_minor("0.5"), Some(50));
    assert_eq!(json_number_minor("-3.05"), Some(-305));
    assert_eq!(json_number_minor("1.999"), None);
    assert_eq!(json_number_minor("1e3"), None);
    assert_eq!(json_number_minor("1."), None);
    assert_eq!(json_number_minor("99999999999999999999"), None);
}

/// Issue 8 §2: `list`/`detail` dates as a string or a number (the docs type list dates as
/// "double"), unknown fields ignored, a row without the fields we hoped for skipped, not fatal.
#[test]
fn list_and_detail_tolerate_numeric_dates_unknown_fields_and_odd_rows() {
    let body = r#"{"code":0,"total_count":3,"Data":[
        {"id":"g1","reference_no":"R1","status":1,"amount":120,"expire_date":1795000000,"create_date":"2026-11-22T10:00:00","brand_new":{"x":[1]}},
        {"id":"g2","status":0,"amount":50,"expire_date":72.5},
        {"id":"g3","status":"?","note":"no amount here"}]}"#;
    let page = parse::list(200, &ok(body), 0).unwrap();
    assert_eq!(page.rows.len(), 2, "the row without an amount is skipped");
    let r = &page.rows[0];
    assert_eq!((r.status, r.amount_minor), (Some(PaynetStatus::Paid), 12_000));
    assert_eq!(r.expire_date.map(|d| d.date()), NaiveDate::from_ymd_opt(2026, 11, 18), "Unix seconds, Turkish time");
    assert_eq!(page.rows[1].expire_date, None, "a number we cannot read as a time is no date, not an error");
    let detail = parse::detail(
        200,
        &ok(r#"{"code":0,"status":2,"amount":"120","expire_date":12,"create_date":1795000000000,"payments":[]}"#),
    )
    .unwrap();
    assert_eq!(detail.status, PaynetStatus::Expired);
    assert_eq!(detail.expire_date, None);
    assert!(detail.create_date.is_some(), "Unix milliseconds");
}
