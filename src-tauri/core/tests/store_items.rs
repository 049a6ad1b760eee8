//! Saved items (issue 11 §3) in a real SQLite file: the schema step that adds them to an old
//! book, saving and changing them (names unique the Turkish way), deleting and reordering with
//! positions kept 0.. without gaps, and the type-ahead search.

mod store_common;

use chrono::{TimeZone, Utc};
use store_common::{at, open, TempDir};
use tahsildar_core::items::{self, ItemError, ItemInput, NewItem};
use tahsildar_core::links::{CreateForm, ExpiryChoice, PaytrKind, PaytrOptions};
use tahsildar_core::money::Currency;
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{migrate_until, ReminderChannel, Store, StoreError, SCHEMA_VERSION};
use tahsildar_core::Lang;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn input(name: &str, amount: &str, description: &str) -> ItemInput {
    ItemInput {
        id: None,
        name: name.into(),
        form: CreateForm { amount_text: amount.into(), description: description.into(), ..CreateForm::default() },
    }
}

fn save(store: &Store, i: &ItemInput) -> tahsildar_core::items::SavedItem {
    items::save(store, i, None, Lang::Tr, now()).unwrap_or_else(|e| panic!("{i:?}: {e:?}"))
}

fn names(list: &[tahsildar_core::items::SavedItem]) -> Vec<&str> {
    list.iter().map(|i| i.item.name.as_str()).collect()
}

fn positions(store: &Store) -> Vec<u32> {
    store.items().unwrap().iter().map(|i| i.position).collect()
}

#[test]
fn a_schema_9_file_gains_saved_items_and_keeps_its_links_and_reminders() {
    let dir = TempDir::new("store-items-migrate");
    std::fs::create_dir_all(dir.db().parent().unwrap()).unwrap();
    {
        let mut conn = rusqlite::Connection::open(dir.db()).unwrap();
        migrate_until(&mut conn, 9).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO links (id, local_ref, provider, provider_id, url, amount_minor, currency, description,
                 customer, status, created_at, updated_at, search_text)
             VALUES (7, 'R7', 'paytr', 'P7', 'https://x/7', 12500, 'TL', 'Çay', 'Şükrü', 'waiting', {t}, {t}, 'sukru cay'),
                    (8, 'R8', 'paynet', NULL, NULL, 990, 'TL', 'Simit', 'Ali', 'paid', {t}, {t}, 'ali simit');
             INSERT INTO reminders (link_id, at, channel, sent_to) VALUES (7, {t}, 'sms', '05551234567');",
            t = at(0)
        ))
        .unwrap();
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'saved_items'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0, "schema 9 has no saved items");
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let (a, b) = (store.get(7).unwrap(), store.get(8).unwrap());
    assert_eq!((a.customer.as_str(), a.amount_minor, b.description.as_str()), ("Şükrü", 12500, "Simit"));
    let r = store.reminders(7).unwrap();
    assert_eq!((r.len(), r[0].channel, r[0].to.as_deref()), (1, ReminderChannel::Sms, Some("05551234567")));
    assert!(store.items().unwrap().is_empty());
    let item = save(&store, &input("Çay", "12,50", "Bir bardak çay"));
    assert_eq!((item.id, item.position, item.item.amount_minor), (1, 0, Some(1250)));
    drop(store);
    // The table's own checks hold whatever writes to the file.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    for bad in [
        "INSERT INTO saved_items (name, name_key, currency, description, expiry_kind, position, created_at, updated_at)
         VALUES ('x', 'çay', 'TL', '', 'none', 1, 0, 0)",
        "INSERT INTO saved_items (name, name_key, currency, description, expiry_kind, position, created_at, updated_at)
         VALUES ('x', 'x', 'TL', '', 'weeks', 1, 0, 0)",
        "INSERT INTO saved_items (name, name_key, currency, description, expiry_kind, max_installment, position, created_at, updated_at)
         VALUES ('x', 'x', 'TL', '', 'none', 13, 1, 0, 0)",
        "INSERT INTO saved_items (name, name_key, amount_minor, currency, description, expiry_kind, position, created_at, updated_at)
         VALUES ('x', 'x', 0, 'TL', '', 'none', 1, 0, 0)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad}");
    }
}

#[test]
fn every_field_is_kept_as_saved() {
    let dir = TempDir::new("store-items-fields");
    let store = open(&dir);
    let flex = ItemInput {
        id: None,
        name: "Bağış 💚".into(),
        form: CreateForm {
            provider: Some(Provider::Paytr),
            amount_text: String::new(),
            currency: Currency::Eur,
            description: "Derneğe bağış; tutarı siz seçin".into(),
            expiry: ExpiryChoice::Days(30),
            max_installment: 6,
            paytr: PaytrOptions {
                link_type: PaytrKind::Flex,
                flex_max_text: "2.500".into(),
                ..PaytrOptions::default()
            },
            ..CreateForm::default()
        },
    };
    let saved = save(&store, &flex);
    let want = NewItem {
        name: "Bağış 💚".into(),
        amount_minor: None,
        currency: Currency::Eur,
        description: "Derneğe bağış; tutarı siz seçin".into(),
        provider: Some(Provider::Paytr),
        expiry: ExpiryChoice::Days(30),
        max_installment: 6,
        link_type: PaytrKind::Flex,
        flex_max_minor: Some(250_000),
    };
    assert_eq!(saved.item, want);
    let hours = ItemInput {
        form: CreateForm {
            provider: Some(Provider::Paynet),
            expiry: ExpiryChoice::Hours(5),
            ..input("", "1.234,56", "Ekran tamiri").form
        },
        ..input("Tamir", "", "")
    };
    let hours = save(&store, &hours);
    assert_eq!(
        (hours.item.expiry, hours.item.amount_minor, hours.item.provider),
        (ExpiryChoice::Hours(5), Some(123_456), Some(Provider::Paynet))
    );
    drop(store);
    let store = open(&dir);
    let all = store.items().unwrap();
    assert_eq!(all[0].item, want);
    assert_eq!(all[1].item.expiry, ExpiryChoice::Hours(5));
    assert_eq!(all[0].created_at, now().timestamp_millis());
    // The form the item fills: the amount as the owner types it.
    let form = all[1].item.to_form();
    assert_eq!((form.amount_text.as_str(), form.provider), ("1.234,56", Some(Provider::Paynet)));
    assert_eq!(all[0].item.to_form().paytr.flex_max_text, "2.500,00");
}

#[test]
fn names_are_unique_the_turkish_way() {
    let dir = TempDir::new("store-items-names");
    let store = open(&dir);
    let lamp = save(&store, &input("  Işık  ", "100", "Masa lambası"));
    assert_eq!(lamp.item.name, "Işık", "trimmed");
    for same in ["IŞIK", "ışık", " ışIk"] {
        match items::save(&store, &input(same, "5", "Lamba"), None, Lang::Tr, now()) {
            Err(ItemError::Invalid(e)) => {
                assert_eq!((e[0].field, e[0].code), ("name", "name_taken"), "{same}");
                assert!(e[0].message.contains(same.trim()), "{}", e[0].message);
            }
            other => panic!("{same}: {other:?}"),
        }
    }
    // İ and ı are different letters: "İşik" is another name, so is "Isık" vs "İsik".
    save(&store, &input("İşik", "100", "Başka"));
    save(&store, &input("Isık", "100", "Lamba"));
    save(&store, &input("İsik", "100", "Lamba"));
    assert_eq!(store.items().unwrap().len(), 4);
    assert_eq!(store.item_by_name("IŞIK").unwrap().map(|i| i.id), Some(lamp.id));
    // Renaming an item to its own name (another case) is not a clash; to another's is.
    let renamed = save(&store, &ItemInput { id: Some(lamp.id), ..input("IŞIK", "120", "Masa lambası") });
    assert_eq!((renamed.id, renamed.item.name.as_str(), renamed.position), (lamp.id, "IŞIK", 0));
    let clash =
        items::save(&store, &ItemInput { id: Some(lamp.id), ..input("ISIK", "1", "Lamba") }, None, Lang::En, now());
    assert!(
        matches!(&clash, Err(ItemError::Invalid(e)) if e[0].code == "name_taken" && e[0].message.contains("already exists")),
        "{clash:?}"
    );
    // The name check is the database's own unique key (items::save only words its refusal): the
    // store refuses a second item with the same name key when called directly, too.
    let dup = store.save_item(None, &renamed.item, 0);
    assert!(matches!(dup, Err(StoreError::DuplicateItem(_))), "{dup:?}");
    let missing = store.save_item(Some(404), &NewItem { name: "Yok".into(), ..renamed.item.clone() }, 0);
    assert!(matches!(missing, Err(StoreError::NotFound(404))), "{missing:?}");
}

#[test]
fn one_unreadable_row_does_not_hide_the_others() {
    let dir = TempDir::new("store-items-odd-row");
    let store = open(&dir);
    for (name, amount) in [("Çay", "10"), ("Simit", "15"), ("Börek", "40")] {
        save(&store, &input(name, amount, "Taze"));
    }
    // A value this version cannot read (a newer app's, or a hand edit) in the middle row.
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    conn.execute("UPDATE saved_items SET currency = 'XAU' WHERE name = 'Simit'", []).unwrap();
    let names: Vec<String> = store.items().unwrap().into_iter().map(|i| i.item.name).collect();
    assert_eq!(names, ["Çay", "Börek"]);
}

#[test]
fn delete_and_reorder_keep_positions_contiguous() {
    let dir = TempDir::new("store-items-order");
    let store = open(&dir);
    let ids: Vec<i64> =
        ["Çay", "Kahve", "Simit", "Poğaça", "Su"].iter().map(|n| save(&store, &input(n, "10", "İkram")).id).collect();
    assert_eq!(positions(&store), [0, 1, 2, 3, 4]);
    store.delete_item(ids[1]).unwrap();
    assert_eq!(names(&store.items().unwrap()), ["Çay", "Simit", "Poğaça", "Su"]);
    assert_eq!(positions(&store), [0, 1, 2, 3]);
    assert!(matches!(store.delete_item(ids[1]), Err(StoreError::NotFound(_))));
    // A new item goes last, after the gap closed.
    let new = save(&store, &input("Ayran", "15", "İçecek"));
    assert_eq!(new.position, 4);

    store.reorder_items(&[new.id, ids[4], ids[0], ids[3], ids[2]]).unwrap();
    assert_eq!(names(&store.items().unwrap()), ["Ayran", "Su", "Çay", "Poğaça", "Simit"]);
    assert_eq!(positions(&store), [0, 1, 2, 3, 4]);
    // A stale or partial list moves nothing.
    for bad in [
        vec![ids[0], ids[2]],
        vec![ids[1], ids[0], ids[2], ids[3], ids[4]],
        vec![new.id, new.id, ids[0], ids[3], ids[2]],
    ] {
        assert!(matches!(store.reorder_items(&bad), Err(StoreError::BadOrder)), "{bad:?}");
        assert_eq!(names(&store.items().unwrap()), ["Ayran", "Su", "Çay", "Poğaça", "Simit"]);
    }
    // An edit keeps the item's place.
    let edited = save(&store, &ItemInput { id: Some(ids[0]), ..input("Çay (büyük)", "15", "İkram") });
    assert_eq!(edited.position, 2);
    drop(store);
    assert_eq!(positions(&open(&dir)), [0, 1, 2, 3, 4]);
}

#[test]
fn the_type_ahead_matches_word_starts_turkish_insensitively_in_order() {
    let dir = TempDir::new("store-items-search");
    let store = open(&dir);
    for (name, description) in [
        ("Çikolatalı pasta", "Doğum günü için"),
        ("Şöbiyet", "1 kg tatlı"),
        ("Islak kek", "Kakaolu"),
        ("Su böreği", "Tepsi, 2,5 kg"),
        ("Kurabiye", "Tuzlu; İzmir usulü"),
    ] {
        save(&store, &input(name, "100", description));
    }
    let found = |q: &str, limit| {
        names(&store.search_items(q, limit).unwrap()).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(found("cik", 10), ["Çikolatalı pasta"]);
    assert_eq!(found("ÇİK", 10), ["Çikolatalı pasta"]);
    assert_eq!(found("sob", 10), ["Şöbiyet"]);
    assert_eq!(found("ıslak", 10), ["Islak kek"]);
    // Description words too, each word of the query at a word start, in the owner's order.
    assert_eq!(found("dogum", 10), ["Çikolatalı pasta"]);
    assert_eq!(found("izmir", 10), ["Kurabiye"]);
    assert_eq!(found("k", 10), ["Şöbiyet", "Islak kek", "Su böreği", "Kurabiye"]);
    assert_eq!(found("kek kak", 10), ["Islak kek"]);
    assert_eq!(found("2,5", 10), ["Su böreği"]);
    // Inside a word is not a start: "lak" is not offered for "Islak".
    assert!(found("lak", 10).is_empty());
    assert!(found("pastane", 10).is_empty());
    // The limit, and no query: the first items (the quick buttons).
    assert_eq!(found("k", 2), ["Şöbiyet", "Islak kek"]);
    assert_eq!(found("", 3), ["Çikolatalı pasta", "Şöbiyet", "Islak kek"]);
    assert_eq!(found("   ", 100).len(), 5);
    let last = store.items().unwrap().last().unwrap().id;
    let mut order: Vec<i64> = store.items().unwrap().iter().map(|i| i.id).collect();
    order.rotate_right(1);
    assert_eq!(order[0], last);
    store.reorder_items(&order).unwrap();
    assert_eq!(found("k", 10), ["Kurabiye", "Şöbiyet", "Islak kek", "Su böreği"]);
}

#[test]
fn a_refused_item_writes_nothing() {
    let dir = TempDir::new("store-items-refused");
    let store = open(&dir);
    let bad = ItemInput {
        form: CreateForm { provider: Some(Provider::Paynet), currency: Currency::Usd, ..input("", "abc", "Kek").form },
        ..input("Kek", "", "")
    };
    match items::save(&store, &bad, None, Lang::Tr, now()) {
        Err(ItemError::Invalid(e)) => {
            let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["amountText", "currency"], "{e:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(store.items().unwrap().is_empty());
}

#[test]
fn a_csv_round_trip_keeps_every_item_in_both_languages() {
    use tahsildar_core::items::csv::{import, write_csv, LineOutcome};
    let dir = TempDir::new("store-items-csv");
    let store = open(&dir);
    let mut all = vec![
        input("=Çay \"demli\"", "12,5", "İnce belli bardakta; şekersiz"),
        input("Şükrü'nün 🎂 pastası", "1.250", "Doğum günü: 👨‍👩‍👧 aile boyu"),
        input("-5 indirimli simit", "0,99", "Susamlı, sıcak"),
    ];
    all[1].form.provider = Some(Provider::Paytr);
    all[1].form.currency = Currency::Gbp;
    all[1].form.max_installment = 12;
    all[1].form.expiry = ExpiryChoice::Days(45);
    let mut flex = input("Bağış", "", "Derneğe bağış");
    flex.form.provider = Some(Provider::Paytr);
    flex.form.expiry = ExpiryChoice::Hours(5);
    flex.form.paytr =
        PaytrOptions { link_type: PaytrKind::Flex, flex_max_text: "10.000".into(), ..PaytrOptions::default() };
    let mut collect = input("Aidat", "350", "Aylık aidat");
    collect.form.provider = Some(Provider::Paytr);
    collect.form.paytr.link_type = PaytrKind::Collection;
    let mut paynet = input("Tamir", "1.234,56", "Ekran tamiri");
    paynet.form.provider = Some(Provider::Paynet);
    paynet.form.expiry = ExpiryChoice::Hours(36);
    let mut iyzico = input("Kahve", "95", "Filtre kahve");
    iyzico.form.provider = Some(Provider::Iyzico);
    iyzico.form.currency = Currency::Usd;
    iyzico.form.expiry = ExpiryChoice::None;
    all.extend([flex, collect, paynet, iyzico]);
    for i in &all {
        save(&store, i);
    }
    let saved = store.items().unwrap();
    for lang in [Lang::Tr, Lang::En] {
        let mut file = Vec::new();
        write_csv(&saved, lang, &mut file).unwrap();
        let copy_dir = TempDir::new("store-items-csv-copy");
        let copy = open(&copy_dir);
        let lines = import(&copy, &file, None, lang, now()).unwrap();
        assert!(lines.iter().all(|l| l.outcome == LineOutcome::Added), "{lang:?}: {lines:?}");
        let read = copy.items().unwrap();
        let fields =
            |v: &[tahsildar_core::items::SavedItem]| v.iter().map(|i| (i.item.clone(), i.position)).collect::<Vec<_>>();
        assert_eq!(fields(&read), fields(&saved), "{lang:?}");
        // The same file again: nothing to change.
        let again = import(&copy, &file, None, lang, now()).unwrap();
        assert!(again.iter().all(|l| l.outcome == LineOutcome::Unchanged), "{again:?}");
        assert_eq!(fields(&copy.items().unwrap()), fields(&saved));
    }
}
