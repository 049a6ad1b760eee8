//! Issue 12 §2: the iyzico sandbox over real HTTP: every iyzilink endpoint's success and
//! documented failures, status and delete semantics, paging, the payment page and `soldCount`,
//! the reporting API and the faults (`shared/iyzico.md` §3–§9).

mod iyzico_common;

use iyzico_common::*;
use serde_json::json;
use tahsildar_core::sandbox::{lock, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY};

#[tokio::test]
async fn a_link_lives_through_create_get_list_update_status_and_delete() {
    let sb = sandbox().await;
    let a = signed(&sb, "POST", "/v2/iyzilink/products", Some(&create_body(json!({})))).await;
    let v = a.assert_ok();
    assert_eq!((v["locale"].as_str(), v["conversationId"].as_str()), (Some("tr"), Some("conv-1")));
    assert!(v["systemTime"].as_i64().unwrap() > 1_700_000_000_000);
    let token = v["data"]["token"].as_str().unwrap().to_string();
    assert_eq!(v["data"]["url"], format!("{}/iyzi-link/{token}", sb.base_url()));
    let image_url = v["data"]["imageUrl"].as_str().unwrap().to_string();
    assert_eq!(image_url, format!("{}/iyzi-img/{}/{}.jpg", sb.base_url(), &token[..2], &token[2..]));
    let img = reqwest::get(&image_url).await.unwrap();
    assert_eq!(img.headers()["content-type"], "image/png");
    assert!(img.bytes().await.unwrap().starts_with(b"\x89PNG"));

    // GET echoes the query's conversationId and shows the §5 object, price with 8 decimals.
    let g = signed(&sb, "GET", &format!("/v2/iyzilink/products/{token}?locale=en&conversationId=q-7"), None).await;
    let d = &g.assert_ok()["data"];
    assert_eq!((g.json["locale"].as_str(), g.json["conversationId"].as_str()), (Some("en"), Some("q-7")));
    assert!(g.text.contains("\"price\":149.90000000"), "{}", g.text);
    for (field, want) in [
        ("productStatus", json!("ACTIVE")),
        ("productType", json!("IYZILINK")),
        ("soldCount", json!(0)),
        ("currencyCode", json!("TRY")),
        ("currencyId", json!(1)),
        ("stockCount", json!(1)),
        ("name", json!("Kahve")),
        ("conversationId", json!("conv-1")),
    ] {
        assert_eq!(d[field], want, "{field}: {}", g.text);
    }
    let l = signed(&sb, "GET", "/v2/iyzilink/products?page=1&count=10", None).await;
    assert_eq!(l.assert_ok()["data"]["items"][0]["token"], token.as_str());

    // PUT without an image keeps it; with one, the image URL gets a version.
    let put =
        json!({"name": "Kahve 500g", "description": "500g", "price": "279.00", "currencyCode": "TRY"}).to_string();
    let u = signed(&sb, "PUT", &format!("/v2/iyzilink/products/{token}"), Some(&put)).await;
    assert_eq!(u.assert_ok()["data"]["imageUrl"], image_url.as_str());
    let g = get(&sb, &token).await;
    assert_eq!((g.json["data"]["name"].as_str(), g.json["data"]["stockCount"].as_i64()), (Some("Kahve 500g"), Some(1)));
    assert!(g.text.contains("\"price\":279.00000000"));
    let put_img =
        json!({"name": "K", "description": "d", "price": "5", "currencyCode": "TRY", "encodedImageFile": PNG_1X1});
    let u = signed(&sb, "PUT", &format!("/v2/iyzilink/products/{token}"), Some(&put_img.to_string())).await;
    assert!(u.assert_ok()["data"]["imageUrl"].as_str().unwrap().ends_with("+V1.jpg"), "{}", u.text);

    // PASSIVE: still gettable and listed, but takes no payment; ACTIVE again takes one.
    let p = signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{token}/status/PASSIVE?locale=tr"), None).await;
    assert!(p.assert_ok().get("data").is_none(), "{}", p.text);
    assert_eq!(get(&sb, &token).await.json["data"]["productStatus"], "PASSIVE");
    assert_eq!(pay(&sb, &token, "paid").await.0, 409);
    signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{token}/status/ACTIVE"), None).await.assert_ok();
    assert_eq!(pay(&sb, &token, "paid").await.0, 200);
    let bad = signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{token}/status/DELETED"), None).await;
    bad.assert_failure("11");

    // DELETE: envelope only; afterwards not found everywhere and gone from the list.
    let del = signed(&sb, "DELETE", &format!("/v2/iyzilink/products/{token}?conversationId=c-4"), None).await;
    assert_eq!(del.assert_ok()["conversationId"], "c-4");
    get(&sb, &token).await.assert_failure("201");
    signed(&sb, "DELETE", &format!("/v2/iyzilink/products/{token}"), None).await.assert_failure("201");
    signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{token}/status/ACTIVE"), None).await.assert_failure("201");
    signed(&sb, "PUT", &format!("/v2/iyzilink/products/{token}"), Some(&put)).await.assert_failure("201");
    let l = signed(&sb, "GET", "/v2/iyzilink/products", None).await;
    assert_eq!(l.assert_ok()["data"]["totalCount"], 0);
    assert_eq!(pay(&sb, &token, "paid").await.0, 404);
    sb.shutdown().await;
}

#[tokio::test]
async fn create_refuses_what_iyzico_refuses() {
    let sb = sandbox().await;
    for field in ["name", "description", "price", "currencyCode", "encodedImageFile"] {
        let a = signed(&sb, "POST", "/v2/iyzilink/products", Some(&create_body(json!({ field: null })))).await;
        a.assert_failure("24");
        assert_eq!(a.json["errorMessage"], format!("{field} gönderilmesi zorunludur"));
        let blank = signed(
            &sb,
            "POST",
            "/v2/iyzilink/products?locale=en",
            Some(&create_body(json!({ field: "", "locale": "en" }))),
        )
        .await;
        assert_eq!(blank.json["errorMessage"], format!("{field} is mandatory"), "{}", blank.text);
    }
    let gif = "R0lGODlhAQABAAAAACw=";
    for bad in [
        json!({"encodedImageFile": gif}),
        json!({"encodedImageFile": "data:image/png;base64,iVBORw0KGgo="}),
        json!({"encodedImageFile": "%%%"}),
        json!({"price": "149,90"}),
        json!({"price": "1.999"}),
        json!({"price": "0"}),
        json!({"price": "-5.00"}),
        json!({"currencyCode": "XYZ"}),
        json!({"currencyCode": "TL"}),
        json!({"stockEnabled": true, "stockCount": 0}),
        json!({"addressIgnorable": "yes"}),
        json!({"categoryType": "CARS"}),
    ] {
        let a = signed(&sb, "POST", "/v2/iyzilink/products", Some(&create_body(bad.clone()))).await;
        a.assert_failure("11");
        assert_eq!(a.status, 200, "failures are HTTP 200 by default");
    }
    // Not JSON, or not sent as application/json.
    signed(&sb, "POST", "/v2/iyzilink/products", Some("name=Kahve")).await.assert_failure("11");
    let body = create_body(json!({}));
    let auth =
        authorization(DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY, "r1", "/v2/iyzilink/products", body.as_bytes());
    let a = raw(
        &sb,
        "POST",
        "/v2/iyzilink/products",
        Some(body.as_bytes()),
        &[("authorization", auth), ("content-type", "text/plain".into())],
    )
    .await;
    a.assert_failure("11");
    // Flexible links need the merchant flag; other currencies and a numeric price are accepted.
    signed(&sb, "POST", "/v2/iyzilink/products", Some(&create_body(json!({"flexibleLink": true}))))
        .await
        .assert_failure("203");
    control(&sb, "/_sandbox/iyzico/settings", json!({"flexible_links": true})).await;
    let flex = json!({"flexibleLink": true, "presetPriceValues": [10.00, "20.50"]});
    let t = create(&sb, flex).await;
    assert!(get(&sb, &t).await.text.contains("\"presetPriceValues\":[10.00,20.50]"));
    for ok in [json!({"currencyCode": "EUR"}), json!({"price": 50}), json!({"currencyCode": "CHF", "price": "0.01"})] {
        create(&sb, ok).await;
    }
    // An image over the cap is refused.
    control(&sb, "/_sandbox/iyzico/settings", json!({"max_image_bytes": 50})).await;
    signed(&sb, "POST", "/v2/iyzilink/products", Some(&create_body(json!({})))).await.assert_failure("11");
    assert_eq!(lock(&sb.state().iyzico).link_count(), 4, "no refused create left a link");
    sb.shutdown().await;
}

#[tokio::test]
async fn wrong_keys_and_signatures_get_iyzicos_auth_codes() {
    let sb = sandbox().await;
    let body = create_body(json!({}));
    let path = "/v2/iyzilink/products";
    let send = |auth: Option<String>, body: String| {
        let sb = &sb;
        async move {
            let mut h = vec![("content-type", "application/json".to_string())];
            if let Some(a) = auth {
                h.push(("authorization", a));
            }
            raw(sb, "POST", path, Some(body.as_bytes()), &h).await
        }
    };
    send(None, body.clone()).await.assert_failure("1007");
    let unknown = authorization("sandbox-someone-else", DEMO_IYZICO_SECRET_KEY, "r", path, body.as_bytes());
    let a = send(Some(unknown), body.clone()).await;
    a.assert_failure("1001");
    assert_eq!(a.json["errorMessage"], "api bilgileri bulunamadı");
    let wrong_secret = authorization(DEMO_IYZICO_API_KEY, "sandbox-wrong", "r", path, body.as_bytes());
    let a = send(Some(wrong_secret), body.clone()).await;
    a.assert_failure("1000");
    assert_eq!(a.json["errorMessage"], "Geçersiz imza");
    assert_eq!(a.json["conversationId"], "conv-1", "the body's conversationId is echoed");
    // Signed, then one byte of the body changed in transit.
    let good = authorization(DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY, "r", path, body.as_bytes());
    send(Some(good.clone()), body.replace("149.90", "149.99")).await.assert_failure("1000");
    for malformed in ["IYZWSv2", "IYZWSv2 !!", "Bearer abc", "IYZWSv2  x"] {
        send(Some(malformed.into()), body.clone()).await.assert_failure("1000");
    }
    let en = create_body(json!({"locale": "en"}));
    let a = send(Some(authorization(DEMO_IYZICO_API_KEY, "x", "r", path, en.as_bytes())), en).await;
    assert_eq!(a.json["errorMessage"], "Invalid signature");
    // Strict mode: x-iyzi-rnd must come, equal to the signed random key.
    send(Some(good.clone()), body.clone()).await.assert_ok();
    control(&sb, "/_sandbox/iyzico/settings", json!({"require_rnd": true})).await;
    send(Some(good), body.clone()).await.assert_failure("1004");
    signed(&sb, "POST", path, Some(&body)).await.assert_ok();
    assert_eq!(lock(&sb.state().iyzico).link_count(), 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn failures_can_come_as_http_errors_instead() {
    let sb = sandbox().await;
    control(&sb, "/_sandbox/iyzico/settings", json!({"http_errors": true})).await;
    let a = raw(&sb, "GET", "/v2/iyzilink/products", None, &[]).await;
    assert_eq!((a.status, a.code()), (401, "1007".to_string()));
    let a = get(&sb, "nope").await;
    assert_eq!((a.status, a.code()), (404, "201".to_string()));
    let a = signed(&sb, "GET", "/v2/iyzilink/products?count=101", None).await;
    assert_eq!((a.status, a.code()), (400, "11".to_string()));
    sb.shutdown().await;
}

#[tokio::test]
async fn list_pages_newest_first_within_iyzicos_limits() {
    let sb = sandbox().await;
    let mut tokens = Vec::new();
    for i in 0..5 {
        tokens.push(create(&sb, json!({"name": format!("Ürün {i}")})).await);
    }
    let fast = json!({"price": "100.00", "currencyCode": "TRY", "description": "Masa 4"}).to_string();
    let f = signed(&sb, "POST", "/v2/iyzilink/fast-link/products?locale=tr", Some(&fast)).await;
    let fast_token = f.assert_ok()["data"]["token"].as_str().unwrap().to_string();
    let l = signed(&sb, "GET", "/v2/iyzilink/products?page=1&count=2&productType=IYZILINK", None).await;
    let d = &l.assert_ok()["data"];
    assert_eq!(
        (d["totalCount"].as_i64(), d["pageCount"].as_i64(), d["currentPage"].as_i64()),
        (Some(5), Some(3), Some(1))
    );
    assert_eq!(d["listingReviewed"], true);
    let names: Vec<_> =
        d["items"].as_array().unwrap().iter().map(|i| i["token"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, [tokens[4].clone(), tokens[3].clone()]);
    let last = signed(&sb, "GET", "/v2/iyzilink/products?page=3&count=2&productType=IYZILINK", None).await;
    assert_eq!(last.assert_ok()["data"]["items"].as_array().unwrap().len(), 1);
    let all = signed(&sb, "GET", "/v2/iyzilink/products?count=100", None).await;
    assert_eq!(all.assert_ok()["data"]["totalCount"], 6);
    let fl = signed(&sb, "GET", "/v2/iyzilink/products?productType=FASTLINK", None).await;
    assert_eq!(fl.assert_ok()["data"]["items"][0]["token"], fast_token.as_str());
    assert_eq!(fl.json["data"]["items"][0]["productType"], "FASTLINK");
    for q in ["page=0", "count=0", "count=101", "page=abc", "count=-1", "productType=OTHER"] {
        signed(&sb, "GET", &format!("/v2/iyzilink/products?{q}"), None).await.assert_failure("11");
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn fast_links_need_an_approved_link_stay_under_750_try_and_sell_once() {
    let sb = sandbox().await;
    let body = |price: &str| json!({"price": price, "currencyCode": "TRY"}).to_string();
    let path = "/v2/iyzilink/fast-link/products";
    signed(&sb, "POST", path, Some(&body("100.00"))).await.assert_failure("202");
    let t = create(&sb, json!({})).await;
    signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{t}/status/PASSIVE"), None).await.assert_ok();
    signed(&sb, "POST", path, Some(&body("100.00"))).await.assert_failure("202");
    signed(&sb, "PATCH", &format!("/v2/iyzilink/products/{t}/status/ACTIVE"), None).await.assert_ok();
    signed(&sb, "POST", path, Some(&body("750.01"))).await.assert_failure("202");
    signed(&sb, "POST", path, Some(&json!({"currencyCode": "TRY"}).to_string())).await.assert_failure("24");
    let fast = signed(&sb, "POST", path, Some(&body("750.00"))).await.assert_ok()["data"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(pay(&sb, &fast, "paid").await.0, 200);
    assert_eq!(pay(&sb, &fast, "paid").await.0, 409, "single use");
    assert_eq!(get(&sb, &fast).await.json["data"]["soldCount"], 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn sales_raise_sold_count_and_respect_stock_and_sold_limit() {
    let sb = sandbox().await;
    let single = create(&sb, json!({})).await;
    assert_eq!(pay(&sb, &single, "failed").await.0, 200);
    assert_eq!(get(&sb, &single).await.json["data"]["soldCount"], 0, "a declined card is no sale");
    let (status, v) = pay(&sb, &single, "paid").await;
    assert_eq!((status, v["soldCount"].as_i64()), (200, Some(1)));
    let d = get(&sb, &single).await.json["data"].clone();
    assert_eq!((d["soldCount"].as_i64(), d["stockCount"].as_i64()), (Some(1), Some(0)));
    assert_eq!(pay(&sb, &single, "paid").await.0, 409, "stock 1 sells once");

    let legacy = create(&sb, json!({"stockEnabled": null, "stockCount": null, "soldLimit": 1})).await;
    assert_eq!(pay(&sb, &legacy, "paid").await.0, 200);
    let d = get(&sb, &legacy).await.json["data"].clone();
    assert_eq!((d["soldCount"].as_i64(), d["remainingSoldLimit"].as_i64()), (Some(1), Some(0)));
    assert_eq!(pay(&sb, &legacy, "paid").await.0, 409);

    let open = create(&sb, json!({"stockEnabled": false, "stockCount": null})).await;
    for _ in 0..3 {
        assert_eq!(pay(&sb, &open, "paid").await.0, 200);
    }
    assert_eq!(lock(&sb.state().iyzico).sold_count(&open), Some(3));
    sb.shutdown().await;
}

#[tokio::test]
async fn the_reporting_api_shows_the_sales() {
    let sb = sandbox().await;
    let t = create(&sb, json!({"installmentRequested": true, "stockCount": 5})).await;
    let (_, first) = pay(&sb, &t, "paid").await;
    let (_, second) =
        control(&sb, "/_sandbox/iyzico/pay", json!({"token": t, "outcome": "paid", "installment": 3})).await;
    let today = tahsildar_core::time::to_istanbul(sb.state().clock.now()).date().format("%Y-%m-%d").to_string();
    let r = signed(
        &sb,
        "GET",
        &format!("/v2/reporting/payment/transactions?transactionDate={today}&page=1&locale=en"),
        None,
    )
    .await;
    let v = r.assert_ok();
    assert_eq!((v["currentPage"].as_i64(), v["totalPageCount"].as_i64()), (Some(1), Some(1)));
    let txs = v["transactions"].as_array().unwrap();
    assert_eq!(txs.len(), 2, "{}", r.text);
    assert_eq!(txs[0]["paymentId"], first["paymentId"]);
    assert!(r.text.contains("\"price\":149.90,\"paidPrice\":149.90"), "{}", r.text);
    assert!(r.text.contains("\"paidPrice\":158.89"), "3 instalments add 6%: {}", r.text);
    let other = signed(&sb, "GET", "/v2/reporting/payment/transactions?transactionDate=2020-01-01&page=1", None).await;
    assert_eq!(other.assert_ok()["transactions"], json!([]));
    let id = second["paymentId"].as_i64().unwrap();
    let d = signed(&sb, "GET", &format!("/v2/reporting/payment/details?paymentId={id}"), None).await;
    let p = &d.assert_ok()["payments"][0];
    assert_eq!(
        (p["paymentStatus"].as_i64(), p["installment"].as_i64(), p["currency"].as_str()),
        (Some(1), Some(3), Some("TRY"))
    );
    let base = "/v2/reporting/payment/transactions";
    signed(&sb, "GET", &format!("{base}?page=1"), None).await.assert_failure("24");
    signed(&sb, "GET", &format!("{base}?transactionDate={today}"), None).await.assert_failure("24");
    signed(&sb, "GET", &format!("{base}?transactionDate=01.02.2026&page=1"), None).await.assert_failure("11");
    signed(&sb, "GET", "/v2/reporting/payment/details", None).await.assert_failure("24");
    raw(&sb, "GET", &format!("{base}?transactionDate={today}&page=1"), None, &[]).await.assert_failure("1007");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_person_pays_on_the_page_and_sold_count_goes_up() {
    let sb = sandbox().await;
    let token = create(&sb, json!({"installmentRequested": true})).await;
    let url = get(&sb, &token).await.json["data"]["url"].as_str().unwrap().to_string();
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Ödenecek tutar") && html.contains("149,90 TL") && html.contains("250g filtre kahve"),
        "{html}"
    );
    let card = |number: &str| {
        vec![
            ("card_holder", "Ayşe Yılmaz".to_string()),
            ("card_number", number.to_string()),
            ("expiry", "12/39".to_string()),
            ("cvc", "123".to_string()),
            ("installments", "1".to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let url = url.clone();
        async move { reqwest::Client::new().post(&url).form(&fields).send().await.unwrap() }
    };
    let declined = post(card(tahsildar_core::sandbox::page::TEST_CARD_DECLINED)).await.text().await.unwrap();
    assert!(declined.contains("data-outcome=\"declined\""), "{declined}");
    assert_eq!(get(&sb, &token).await.json["data"]["soldCount"], 0);
    let bad = post(card("1234")).await;
    assert_eq!(bad.status(), 422, "a mistyped card is shown again");
    let paid = post(card(tahsildar_core::sandbox::page::TEST_CARD_OK)).await.text().await.unwrap();
    assert!(paid.contains("data-outcome=\"paid\"") && paid.contains("149,90 TL"), "{paid}");
    assert_eq!(get(&sb, &token).await.json["data"]["soldCount"], 1);
    // Stock 1: the page is closed now.
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 410);
    assert_eq!(reqwest::get(format!("{}/iyzi-link/none", sb.base_url())).await.unwrap().status(), 404);
    sb.shutdown().await;
}
