//! The CSV export, byte for byte, as Excel on a Turkish machine will read it.

mod store_common;

use store_common::{at, link, open, TempDir};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{export_csv, LinkFilter, LinkStatus};

#[test]
fn exports_the_whole_filter_for_turkish_excel() {
    let dir = TempDir::new("store-csv");
    let store = open(&dir);

    let a = store
        .begin_create_at(&link(Provider::Paynet, 123_456, "Şükrü; Ltd", "=HYPERLINK(\"http://x\")"), at(0))
        .unwrap();
    store.finish_create(a.id, "PL-1", "https://pay.example/PL-1", None).unwrap();

    let b = store.begin_create_at(&link(Provider::Paytr, 5, "@ali", "-indirim"), at(61)).unwrap();
    store.mark_failed(b.id, "refused").unwrap();

    let mut usd = link(Provider::Paytr, 1_000_000, "Ayşe \"Pasta\"", "Doğum\ngünü");
    usd.amount = Money::new(1_000_000, Currency::Usd).unwrap();
    let c = store.begin_create_at(&usd, at(60 * 24 * 40)).unwrap();
    store.finish_create(c.id, "99", "https://paytr.example/99", None).unwrap();
    store.set_status(c.id, LinkStatus::Paid, Some("PTR1"), at(60 * 24 * 40 + 5)).unwrap();

    // Left out by the filter: a different status.
    let d = store.begin_create_at(&link(Provider::Paynet, 700, "Gizli", "x"), at(5)).unwrap();
    store.mark_unknown(d.id, "timeout").unwrap();

    let filter = LinkFilter {
        statuses: vec![LinkStatus::Waiting, LinkStatus::Paid, LinkStatus::Failed],
        limit: Some(1), // the UI's page size must not cut the export
        offset: 1,
        ..Default::default()
    };
    let mut out = Vec::new();
    assert_eq!(export_csv(&store, &filter, &mut out).unwrap(), 3);

    let expected = concat!(
        "\u{FEFF}Tarih;Müşteri;Açıklama;Tutar;Para birimi;Sağlayıcı;Durum;Link\r\n",
        "01.01.2027 12:00;\"Ayşe \"\"Pasta\"\"\";\"Doğum\ngünü\";10000,00;USD;PayTR;Ödendi;https://paytr.example/99\r\n",
        "22.11.2026 13:01;'@ali;'-indirim;0,05;TL;PayTR;Başarısız;\r\n",
        "22.11.2026 12:00;\"Şükrü; Ltd\";\"'=HYPERLINK(\"\"http://x\"\")\";1234,56;TL;Paynet;Bekliyor;https://pay.example/PL-1\r\n",
    );
    assert_eq!(String::from_utf8(out.clone()).unwrap(), expected);
    assert_eq!(&out[..3], b"\xEF\xBB\xBF", "UTF-8 BOM first");
}

#[test]
fn an_empty_filter_gives_just_the_header_and_every_status_has_a_turkish_word() {
    let dir = TempDir::new("store-csv-empty");
    let store = open(&dir);
    let mut out = Vec::new();
    assert_eq!(export_csv(&store, &LinkFilter::default(), &mut out).unwrap(), 0);
    assert_eq!(out, "\u{FEFF}Tarih;Müşteri;Açıklama;Tutar;Para birimi;Sağlayıcı;Durum;Link\r\n".as_bytes());

    let words: Vec<&str> = LinkStatus::ALL.iter().map(|s| s.label_tr()).collect();
    assert_eq!(
        words,
        ["Oluşturuluyor", "Bekliyor", "Ödendi", "Süresi doldu", "İptal", "Silindi", "Belirsiz", "Başarısız"]
    );
}
