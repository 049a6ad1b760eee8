//! The payment pages' shared pieces: the card check and the HTML.

use tahsildar_core::sandbox::page::{
    charge, closed_page, escape, payment_form, result_page, CardForm, CardOutcome, PaymentPage, TEST_CARD_DECLINED,
    TEST_CARD_OK,
};

fn card(number: &str) -> CardForm {
    CardForm {
        card_holder: "Ayşe Yılmaz".into(),
        card_number: number.into(),
        expiry: "12/99".into(),
        cvc: "123".into(),
        installments: None,
    }
}

#[test]
fn the_ok_test_card_is_approved() {
    assert_eq!(charge(&card(TEST_CARD_OK)), Ok(CardOutcome::Approved));
}

#[test]
fn the_declined_test_card_is_declined_with_a_reason() {
    match charge(&card(TEST_CARD_DECLINED)) {
        Ok(CardOutcome::Declined(reason)) => assert!(!reason.is_empty()),
        other => panic!("expected a decline, got {other:?}"),
    }
}

#[test]
fn another_valid_card_is_approved() {
    // A Luhn-valid Mastercard test number.
    assert_eq!(charge(&card("5555 5555 5555 4444")), Ok(CardOutcome::Approved));
}

#[test]
fn bad_input_is_an_error_for_the_form() {
    let mut f = card("4111111111111112");
    assert!(charge(&f).unwrap_err().contains("Kart numarası"), "Luhn");
    f.card_number = "4111abcd11111111".into();
    assert!(charge(&f).is_err(), "letters");
    f.card_number = "411".into();
    assert!(charge(&f).is_err(), "too short");

    let mut f = card(TEST_CARD_OK);
    f.expiry = "01/20".into();
    assert!(charge(&f).unwrap_err().contains("geçmiş"), "expired");
    f.expiry = "13/30".into();
    assert!(charge(&f).is_err(), "month 13");
    f.expiry = "1230".into();
    assert!(charge(&f).is_err(), "no slash");

    let mut f = card(TEST_CARD_OK);
    f.cvc = "12".into();
    assert!(charge(&f).unwrap_err().contains("CVC"));
    f.cvc = "12a".into();
    assert!(charge(&f).is_err());

    let mut f = card(TEST_CARD_OK);
    f.card_holder = "   ".into();
    assert!(charge(&f).unwrap_err().contains("isim"));

    // Input errors win over the bank: a declined card with a bad CVC is an input error.
    let mut f = card(TEST_CARD_DECLINED);
    f.cvc = "1".into();
    assert!(charge(&f).is_err());
}

#[test]
fn the_prefilled_form_charges_successfully() {
    // What a person gets by pressing "Pay" without typing anything.
    let f = CardForm {
        card_holder: "Test Kullanıcı".into(),
        card_number: TEST_CARD_OK.into(),
        expiry: "12/30".into(),
        cvc: "000".into(),
        installments: Some(1),
    };
    assert_eq!(charge(&f), Ok(CardOutcome::Approved));
}

#[test]
fn escape_covers_html_specials() {
    assert_eq!(
        escape(r#"<a href="x">Ali & 'Veli'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Ali &amp; &#39;Veli&#39;&lt;/a&gt;"
    );
    assert_eq!(escape("Çağrı Öztürk 1.234,56 TL"), "Çağrı Öztürk 1.234,56 TL");
}

fn page<'a>(max_installments: u8, error: Option<&'a str>) -> PaymentPage<'a> {
    PaymentPage {
        provider: "Paynet",
        amount_text: "1.234,56 TL",
        description: "Sipariş <b>#42</b>",
        payer: Some("Ayşe & Co"),
        form_action: "/pay/abc?x=1&y=2",
        max_installments,
        error,
        choice: None,
    }
}

#[test]
fn payment_form_has_the_fields_and_escapes_everything() {
    let html = payment_form(&page(1, None)).0;
    assert!(html.contains(r#"<form id="pay" method="post" action="/pay/abc?x=1&amp;y=2">"#), "{html}");
    for field in ["card_holder", "card_number", "expiry", "cvc"] {
        assert!(html.contains(&format!(r#"name="{field}""#)), "{field}");
    }
    assert!(html.contains(&format!(r#"value="{TEST_CARD_OK}""#)));
    assert!(html.contains(r#"value="12/30""#) && html.contains(r#"value="000""#));
    assert!(html.contains("1.234,56 TL"));
    assert!(html.contains("Sipariş &lt;b&gt;#42&lt;/b&gt;") && !html.contains("<b>#42"));
    assert!(html.contains("Ayşe &amp; Co"));
    assert!(!html.contains("name=\"installments\""), "no installments when max is 1");
    assert!(!html.contains("id=\"error\""));
    assert!(!html.contains("<script"), "works without JavaScript");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing remote");
    // Both test cards are named for the person testing.
    assert!(html.contains("4111 1111 1111 1111") && html.contains("4000 0000 0000 0002"));
}

#[test]
fn payment_form_offers_installments_and_shows_errors() {
    let html = payment_form(&page(6, Some("CVC <3 haneli>"))).0;
    assert!(html.contains(r#"<select id="installments" name="installments">"#));
    assert!(html.contains(r#"<option value="6">6 taksit</option>"#));
    assert!(!html.contains(r#"<option value="7">"#));
    assert!(html.contains(r#"<p id="error" class="error" role="alert">CVC &lt;3 haneli&gt;</p>"#));
}

#[test]
fn result_and_closed_pages_are_marked_for_tests() {
    let paid = result_page("PayTR", true, "Ödeme alındı", "Teşekkürler <3").0;
    assert!(paid.contains(r#"id="result""#) && paid.contains(r#"data-outcome="paid""#));
    assert!(paid.contains("Teşekkürler &lt;3"));
    let declined = result_page("PayTR", false, "Ödeme reddedildi", "Banka onaylamadı").0;
    assert!(declined.contains(r#"data-outcome="declined""#) && !declined.contains(r#"data-outcome="paid""#));
    let closed = closed_page("Paynet", "Bu bağlantının süresi doldu.").0;
    assert!(closed.contains(r#"id="closed""#) && closed.contains("süresi doldu"));
    assert!(!closed.contains("<form"));
}
