//! Reading and writing the items' CSV: both languages' headers, both separators and decimal
//! marks, quotes, formulas, Turkish letters and emoji; a broken file changes nothing.

use super::import::records;
use super::*;
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

fn outcomes(lines: &[ImportLine]) -> Vec<(u32, &str, String)> {
    lines
        .iter()
        .map(|l| {
            let o = match &l.outcome {
                LineOutcome::Added => "added".to_string(),
                LineOutcome::Updated => "updated".to_string(),
                LineOutcome::Unchanged => "unchanged".to_string(),
                LineOutcome::Skipped(why) => format!("skipped: {why}"),
            };
            (l.line, l.name.as_str(), o)
        })
        .collect()
}

#[test]
fn cells_are_escaped_for_excel_and_read_back() {
    for cell in ["=1+1", "+90 555", "-5 indirim", "@x", "'alıntı", "''=x", "a;b", "a,b", "\"tırnak\"", "Şükrü 🎂"]
    {
        let e = escape(cell);
        assert!(!e.starts_with(['=', '+', '-', '@']), "{e}");
        let read = records(&format!("{e}\r\n"), ';', Lang::Tr).unwrap();
        assert_eq!(read, vec![(1, vec![cell.to_string()])], "{cell} → {e}");
    }
}

#[test]
fn a_turkish_file_from_excel_is_read() {
    let text = "\u{FEFF}Ad;Tutar;Para birimi;Açıklama;Sağlayıcı;Geçerlilik;Taksit;Bağlantı türü;En yüksek tutar;;\r\n\
        Çay;12,50;TL;Bir bardak çay;;3 gün;1;ürün;;;\r\n\
        \"Pasta; büyük\";1.250,00;TL;\"Doğum günü \"\"özel\"\" 🎂\";PayTR;30 gün;6;ürün;;;\r\n\
        ;;;;;;;;;;\r\n\
        Bağış;;EUR;Derneğe bağış;PayTR;24.12.2026 18:00;1;serbest tutar;2500;;\r\n";
    let s = store();
    let lines = import(&s, text.as_bytes(), None, Lang::Tr, now()).unwrap();
    let got = outcomes(&lines);
    assert_eq!(got[0], (2, "Çay", "added".into()));
    assert_eq!(got[1], (3, "Pasta; büyük", "added".into()));
    // A fixed date is not kept on an item (it would soon be past): the line says what to write.
    assert_eq!((got[2].0, got[2].1), (5, "Bağış"));
    assert!(got[2].2.starts_with("skipped: ") && got[2].2.contains("3 gün, 5 saat"), "{got:?}");
    let all = s.items().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].item.description, "Doğum günü \"özel\" 🎂");
    assert_eq!((all[1].item.amount_minor, all[1].item.max_installment), (Some(125_000), 6));
    assert_eq!((all[1].item.expiry, all[1].item.provider), (ExpiryChoice::Days(30), Some(Provider::Paytr)));
}

#[test]
fn an_english_comma_file_with_dot_decimals_and_columns_in_any_order() {
    let text = "Amount,Name,Description,Expiry\n12.5,Tea,\"A glass, of tea\",5 hours\n\"1,234.56\",Cake,Chocolate cake,no expiry\n";
    let s = store();
    let lines = import(&s, text.as_bytes(), Some(Provider::Paytr), Lang::En, now()).unwrap();
    let got = outcomes(&lines);
    assert_eq!(got[0], (2, "Tea", "added".into()));
    // PayTR's new-link form has no "no expiry": such an item would make a link that expires.
    assert_eq!((got[1].0, got[1].1), (3, "Cake"));
    assert!(got[1].2.contains("at iyzico only"), "{got:?}");
    let all = s.items().unwrap();
    assert_eq!((all[0].item.amount_minor, all[0].item.expiry), (Some(1250), ExpiryChoice::Hours(5)));
    assert_eq!(all[0].item.description, "A glass, of tea");
    assert_eq!(all.len(), 1);
}

#[test]
fn lines_are_added_updated_or_skipped_with_the_reason() {
    let s = store();
    let first = "Ad;Tutar;Açıklama\nÇay;10;Bir bardak çay\nSimit;15;Susamlı simit\n";
    import(&s, first.as_bytes(), None, Lang::Tr, now()).unwrap();
    let second = "Ad;Tutar;Açıklama;Sağlayıcı;Para birimi\n\
        ÇAY;12;Bir bardak çay;;\n\
        Simit;15;Susamlı simit;;\n\
        Kek;abc;Kakaolu kek;;\n\
        Su;5;Şişe su;Posta;\n\
        Ayran;7;Yayık ayranı;;DM\n\
        Börek;40;Su böreği;;\n\
        börek;45;Su böreği;;\n";
    let lines = import(&s, second.as_bytes(), None, Lang::Tr, now()).unwrap();
    let got = outcomes(&lines);
    assert_eq!(got[0], (2, "ÇAY", "updated".into()));
    assert_eq!(got[1], (3, "Simit", "unchanged".into()));
    assert!(got[2].2.starts_with("skipped: Tutarda 'a' olamaz"), "{got:?}");
    assert!(got[3].2.contains("sağlayıcı \"Posta\" tanınmıyor"), "{got:?}");
    assert!(got[4].2.contains("para birimi \"DM\""), "{got:?}");
    assert_eq!(got[5], (7, "Börek", "added".into()));
    assert_eq!(got[6], (8, "börek", "skipped: aynı ad 7. satırda da var".into()));
    let names: Vec<String> = s.items().unwrap().into_iter().map(|i| i.item.name).collect();
    assert_eq!(names, ["ÇAY", "Simit", "Börek"], "the update renames and keeps the place");
    assert_eq!(s.items().unwrap()[0].item.amount_minor, Some(1200));
}

#[test]
fn a_broken_file_changes_nothing() {
    let s = store();
    import(&s, "Ad;Tutar;Açıklama\nÇay;10;Bir bardak çay\n".as_bytes(), None, Lang::Tr, now()).unwrap();
    let before = s.items().unwrap();
    let cases: [(&[u8], &str); 6] = [
        (b"Ad;Tutar\nKek;10\n\"Pasta;20\nSimit;5\n", "unclosed_quote"),
        (b"Ad;Tutar\n\xff\xfeK\x00e\x00k\x00;10\n", "not_utf8"),
        (b"Urun;Fiyat\nKek;10\n", "header"),
        (b"Ad;Ad;Tutar\nKek;Kek;10\n", "header"),
        (b"Ad;Aciklama\nKek;Kakaolu\n", "header"),
        (b"\xef\xbb\xbf\r\n;;\r\n", "empty"),
    ];
    for (bytes, code) in cases {
        match import(&s, bytes, None, Lang::En, now()) {
            Err(ImportError::Broken(b)) => {
                assert_eq!(b.code, code, "{}", String::from_utf8_lossy(bytes));
                assert!(b.message.is_ascii() || b.message.contains('"'), "{}", b.message);
            }
            other => panic!("{code}: {other:?}"),
        }
        assert_eq!(s.items().unwrap(), before);
    }
    let big = vec![b'a'; MAX_BYTES + 1];
    assert!(matches!(
        import(&s, &big, None, Lang::Tr, now()),
        Err(ImportError::Broken(BrokenFile { code: "too_large", .. }))
    ));
}

#[test]
fn an_export_is_bom_semicolons_crlf_and_the_uis_language() {
    let s = store();
    import(&s, "Ad;Tutar;Açıklama\n=Çay;1234,5;Bir bardak çay\n".as_bytes(), None, Lang::Tr, now()).unwrap();
    let mut tr = Vec::new();
    write_csv(&s.items().unwrap(), Lang::Tr, &mut tr).unwrap();
    let tr = String::from_utf8(tr).unwrap();
    assert_eq!(
        tr,
        "\u{FEFF}Ad;Tutar;Para birimi;Açıklama;Sağlayıcı;Geçerlilik;Taksit;Bağlantı türü;En yüksek tutar\r\n\
         '=Çay;1234,50;TL;Bir bardak çay;;3 gün;1;ürün;\r\n"
    );
    let mut en = Vec::new();
    write_csv(&s.items().unwrap(), Lang::En, &mut en).unwrap();
    let en = String::from_utf8(en).unwrap();
    assert!(en.starts_with("\u{FEFF}Name;Amount;Currency;Description;Provider;Expiry;Installments;Link type;Maximum amount\r\n'=Çay;1234,50;TL;Bir bardak çay;;3 days;1;product;\r\n"), "{en}");
}
