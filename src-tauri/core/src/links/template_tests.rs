use super::*;
use crate::links::share::wa_me;
use crate::money::Currency;
use crate::providers::Provider;
use crate::store::LinkStatus;
use chrono::TimeZone;

const H: i64 = 3_600_000;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn link(customer: &str, expires_at: Option<i64>) -> LinkRecord {
    LinkRecord {
        id: 7,
        local_ref: "R1".into(),
        provider: Provider::Paytr,
        provider_id: Some("abc".into()),
        url: Some("https://pay.example/S/M?id=abc".into()),
        amount_minor: 123_456,
        currency: Currency::Tl,
        description: "Halı yıkama".into(),
        customer: customer.into(),
        phone: None,
        email: None,
        status: LinkStatus::Waiting,
        created_at: 0,
        expires_at,
        paid_at: None,
        updated_at: 0,
        payment_ref: None,
        last_error: None,
        reference: None,
        paytr: None,
        refunded_minor: 0,
    }
}

fn msg(kind: TemplateKind, custom: Option<&str>, l: &LinkRecord, lang: Lang) -> String {
    message(kind, custom, l, lang, now()).unwrap()
}

#[test]
fn the_default_link_template_is_the_message_tahsildar_always_sent() {
    let in3 = Some(now().timestamp_millis() + 72 * H);
    let url = "https://pay.example/S/M?id=abc";
    let cases = [
        (
            link("Ali  Veli", in3),
            Lang::Tr,
            format!("Merhaba Ali Veli, 1.234,56 TL tutarındaki ödemeniz için link: {url} (3 gün geçerli)"),
        ),
        (link("", None), Lang::Tr, format!("Merhaba, 1.234,56 TL tutarındaki ödemeniz için link: {url}")),
        (
            link("Ali", Some(now().timestamp_millis() + 5 * H - 1)),
            Lang::En,
            format!("Hello Ali, here is the link for your payment of 1.234,56 TL: {url} (valid for 5 hours)"),
        ),
        (
            link("  ", in3),
            Lang::En,
            format!("Hello, here is the link for your payment of 1.234,56 TL: {url} (valid for 3 days)"),
        ),
        // Expired: no validity, like before.
        (
            link("Ali", Some(now().timestamp_millis() - 1)),
            Lang::Tr,
            format!("Merhaba Ali, 1.234,56 TL tutarındaki ödemeniz için link: {url}"),
        ),
    ];
    for (l, lang, want) in cases {
        assert_eq!(msg(TemplateKind::Link, None, &l, lang), want);
        assert_eq!(crate::links::whatsapp_message(&l, lang, now()).unwrap(), want);
        // An empty custom template is the default one.
        assert_eq!(msg(TemplateKind::Link, Some("  \n"), &l, lang), want);
    }
}

#[test]
fn the_default_reminder_names_the_amount_what_for_and_the_last_day() {
    // 6 December 00:00 in Istanbul is 5 December 21:00 UTC: the last day to pay is the 5th.
    let midnight = Utc.with_ymd_and_hms(2026, 12, 5, 21, 0, 0).unwrap().timestamp_millis();
    let tr = msg(TemplateKind::Reminder, None, &link("Ayşe", Some(midnight)), Lang::Tr);
    assert_eq!(
        tr,
        "Merhaba Ayşe, Halı yıkama için 1.234,56 TL tutarındaki ödemenizi nazikçe hatırlatmak isteriz. \
         Bu linkten ödeyebilirsiniz: https://pay.example/S/M?id=abc (son gün: 5 Aralık 2026) \
         Ödemeyi yaptıysanız bu mesajı dikkate almayın. Teşekkürler!"
    );
    let en = msg(TemplateKind::Reminder, None, &link("", Some(midnight)), Lang::En);
    assert!(en.starts_with("Hello, a friendly reminder about your payment of 1.234,56 TL for Halı yıkama."), "{en}");
    assert!(en.contains("(last day: 5 December 2026)"), "{en}");
    // No expiry: the parenthesis goes, with its space; nothing says "son gün: ".
    let open = msg(TemplateKind::Reminder, None, &link("Ayşe", None), Lang::Tr);
    assert!(open.contains("?id=abc Ödemeyi yaptıysanız"), "{open}");
    assert!(!open.contains("son gün") && !open.contains("()"), "{open}");
}

#[test]
fn the_last_day_turns_at_midnight_in_istanbul() {
    let at = |h, m, s, ms| Utc.with_ymd_and_hms(2026, 12, 5, h, m, s).unwrap().timestamp_millis() + ms;
    assert_eq!(last_day(at(21, 0, 0, 0), Lang::Tr), "5 Aralık 2026", "ends at 00:00 on the 6th");
    assert_eq!(last_day(at(21, 0, 0, 1), Lang::Tr), "6 Aralık 2026", "00:00:00.001 on the 6th");
    assert_eq!(last_day(at(20, 59, 59, 999), Lang::En), "5 December 2026");
    // 23:30 UTC on 31 December is already 1 January in Istanbul.
    let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap().timestamp_millis();
    assert_eq!(last_day(new_year, Lang::Tr), "1 Ocak 2027");
    assert_eq!(last_day(new_year, Lang::En), "1 January 2027");
    // Each Turkish month's name, with its letters.
    let aug = Utc.with_ymd_and_hms(2026, 8, 10, 12, 0, 0).unwrap().timestamp_millis();
    assert_eq!(last_day(aug, Lang::Tr), "10 Ağustos 2026");
}

#[test]
fn values_are_put_in_once_and_names_stay_whole() {
    // A name with a placeholder in it is not filled in again.
    let l = link("{tutar} {link}", None);
    assert_eq!(
        msg(TemplateKind::Link, Some("{ad}: {tutar} {link}"), &l, Lang::Tr),
        "{tutar} {link}: 1.234,56 TL https://pay.example/S/M?id=abc"
    );
    // Newlines and runs of spaces in a name become one space; emoji and Turkish letters stay.
    let l = link(" Şükrü\n  Öztürk 🎂\r\n", None);
    assert_eq!(
        msg(TemplateKind::Link, Some("Selam {ad}! {link}"), &l, Lang::Tr),
        "Selam Şükrü Öztürk 🎂! https://pay.example/S/M?id=abc"
    );
    // The longest name the form allows (100) is kept whole.
    let long = "Ğ".repeat(100);
    let out = msg(TemplateKind::Reminder, None, &link(&long, None), Lang::Tr);
    assert!(out.starts_with(&format!("Merhaba {long}, Halı")), "{out}");
}

#[test]
fn unknown_placeholders_and_stray_braces_are_sent_as_typed_and_reported() {
    let t = "{ AD } {Açıklama} {son_gün} {isim} {İSİM} { } {{link}} kalan} {tutar";
    let out = render(t, &TemplateValues::of(&link("Ali", None), Lang::Tr, now()).unwrap());
    assert_eq!(out, "Ali Halı yıkama {isim} {İSİM} { } {https://pay.example/S/M?id=abc} kalan} {tutar");
    let c = check_template(t);
    assert_eq!(c.unknown, vec!["{isim}".to_string(), "{İSİM}".to_string()]);
    assert!(c.stray_braces && !c.missing_link && !c.empty && !c.too_long && c.can_save());
    assert_eq!(c.messages(Lang::Tr).len(), 2);
    assert!(c.messages(Lang::Tr)[0].contains("{isim}, {İSİM}"), "{:?}", c.messages(Lang::Tr));

    // No {link}: said, and the link goes on its own line at the end.
    let c = check_template("Ödemenizi bekliyoruz {ad}");
    assert!(c.missing_link && c.unknown.is_empty() && !c.stray_braces);
    assert!(c.messages(Lang::En)[0].contains("{link}"));
    assert_eq!(
        msg(TemplateKind::Reminder, Some("Ödemenizi bekliyoruz {ad}"), &link("Ali", None), Lang::Tr),
        "Ödemenizi bekliyoruz Ali\nhttps://pay.example/S/M?id=abc"
    );

    assert!(check_template(default_template(TemplateKind::Reminder, Lang::Tr)).is_clean());
    assert!(check_template(default_template(TemplateKind::Link, Lang::En)).is_clean());
    let c = check_template(&"x".repeat(TEMPLATE_MAX + 1));
    assert!(c.too_long && !c.can_save());
    assert!(check_template("   ").empty);
}

#[test]
fn empty_values_take_their_space_and_empty_parentheses_go() {
    let v = TemplateValues { ad: String::new(), link: "L".into(), tutar: "5,00 TL".into(), ..Default::default() };
    assert_eq!(render("Merhaba {ad}, {tutar}: {link} ({son_gun})", &v), "Merhaba, 5,00 TL: L");
    // Parentheses with a value in them stay, and so do parentheses without placeholders.
    assert_eq!(render("{link} ({tutar} {son_gun}) (not)", &v), "L (5,00 TL) (not)");
    assert_eq!(render("{link} (son gün: {son_gun} {ad})", &v), "L");
    // An unmatched parenthesis is text.
    assert_eq!(render("{link} ) ({ad}", &v), "L ) (");
}

#[test]
fn the_wa_me_address_carries_the_message_exactly() {
    let mut l = link("Ali & Veli #1 + 🎉", None);
    l.description = "Çiçek & pasta: 50% indirim?".into();
    let template = "Merhaba {ad},\n{aciklama} için {tutar}.\nLink: {link}";
    let text = msg(TemplateKind::Reminder, Some(template), &l, Lang::Tr);
    let url = wa_me(Some("905551234567"), &text);
    let query = url.strip_prefix("https://wa.me/905551234567?text=").unwrap();
    // Nothing but unreserved characters and `%XX` escapes: no raw space, `&`, `#`, `+`, newline.
    let b = query.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            assert!(b[i + 1..i + 3].iter().all(u8::is_ascii_hexdigit), "bad escape at {i} in {query}");
            i += 3;
        } else {
            assert!(b[i].is_ascii_alphanumeric() || b"-._~".contains(&b[i]), "raw {:?} in {query}", b[i] as char);
            i += 1;
        }
    }
    for escape in ["%26", "%23", "%2B", "%0A", "%F0%9F%8E%89", "%C3%87i%C3%A7ek", "%3F", "%25"] {
        assert!(query.contains(escape), "{escape} missing in {query}");
    }
    let parsed = url::Url::parse(&url).unwrap();
    let (key, back) = parsed.query_pairs().next().unwrap();
    assert_eq!((key.as_ref(), back.as_ref()), ("text", text.as_str()));
    assert_eq!(
        text,
        "Merhaba Ali & Veli #1 + 🎉,\nÇiçek & pasta: 50% indirim? için 1.234,56 TL.\nLink: https://pay.example/S/M?id=abc"
    );
    // The link's own `?` and `=` are escaped too, so WhatsApp gets them back as typed.
    assert!(query.contains("%3Fid%3Dabc"));
}

#[test]
fn the_preview_uses_example_values() {
    let p = preview(TemplateKind::Reminder, None, Lang::Tr, now());
    assert!(p.starts_with("Merhaba Ayşe Yılmaz, Doğum günü pastası için 1.250,00 TL"), "{p}");
    assert!(p.contains("(son gün: 25 Kasım 2026)"), "{p}");
    assert_eq!(
        preview(TemplateKind::Link, Some("{ad} / {gecerlilik} / {link}"), Lang::En, now()),
        "Ayşe Yılmaz / valid for 3 days / https://pay.example/ABC123"
    );
}

#[test]
fn a_link_without_its_address_cannot_be_rendered() {
    let l = LinkRecord { url: None, ..link("Ali", None) };
    assert!(matches!(message(TemplateKind::Reminder, None, &l, Lang::Tr, now()), Err(LinkError::NoProviderId(7))));
}

#[test]
fn validity_rounds_days_and_hours() {
    assert_eq!(validity(72 * H - 60_000, Lang::Tr).as_deref(), Some("3 gün geçerli"));
    assert_eq!(validity(24 * H, Lang::En).as_deref(), Some("valid for 1 day"));
    assert_eq!(validity(5 * H - 1, Lang::Tr).as_deref(), Some("5 saat geçerli"));
    assert_eq!(validity(1, Lang::En).as_deref(), Some("valid for 1 hour"));
    assert_eq!(validity(0, Lang::Tr), None);
}
