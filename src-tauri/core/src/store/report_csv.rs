//! The day report as CSV, the same rows as the printed page, for Excel as a Turkish owner opens
//! it (see `csv.rs`: BOM, `;`, CRLF, decimal comma, Istanbul times, no formula cells).

use super::csv::{amount, write_record, BOM};
use super::report::DayReport;
use chrono::DateTime;
use std::io::{BufWriter, Write};

const HEADER: [&str; 11] = [
    "Sağlayıcı",
    "Para birimi",
    "Durum",
    "Tarih",
    "Müşteri",
    "Açıklama",
    "Tutar",
    "Taksit farkı",
    "Taksit",
    "Net",
    "İade",
];

fn when(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| crate::time::to_istanbul(t).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Every payment, then every waiting link, per provider and currency, each group closed by its
/// total row (net of refunds, the refunds in their own column). Returns the number of payment and
/// waiting rows written.
pub fn write_report_csv(report: &DayReport, w: impl Write) -> std::io::Result<usize> {
    let mut out = BufWriter::new(w);
    out.write_all(BOM.as_bytes())?;
    write_record(&mut out, &HEADER)?;
    let mut count = 0;
    for g in &report.groups {
        let provider = g.provider.to_string();
        let currency = g.currency.code();
        for p in &g.payments {
            let cells = [
                provider.clone(),
                currency.to_owned(),
                if p.fully_refunded() { "İade edildi" } else { "Ödendi" }.to_owned(),
                when(p.paid_at),
                p.customer.clone(),
                p.description.clone(),
                amount(p.amount_minor),
                p.surcharge_minor.map(amount).unwrap_or_default(),
                p.installments.map(|n| n.to_string()).unwrap_or_default(),
                p.net_minor.map(amount).unwrap_or_default(),
                if p.refunded_minor > 0 { amount(p.refunded_minor) } else { String::new() },
            ];
            write_record(&mut out, &cells.iter().map(String::as_str).collect::<Vec<_>>())?;
            count += 1;
        }
        for wl in &g.waiting {
            let cells = [
                provider.clone(),
                currency.to_owned(),
                "Bekliyor".to_owned(),
                when(wl.created_at),
                wl.customer.clone(),
                wl.description.clone(),
                amount(wl.amount_minor),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            write_record(&mut out, &cells.iter().map(String::as_str).collect::<Vec<_>>())?;
            count += 1;
        }
        let total = format!("Toplam ({} ödeme)", g.paid_count);
        let cells = [
            provider.clone(),
            currency.to_owned(),
            total,
            String::new(),
            String::new(),
            String::new(),
            amount(g.paid_total_minor),
            amount(g.surcharge_total_minor),
            String::new(),
            g.net_total_minor.map(amount).unwrap_or_default(),
            if g.refunded_count > 0 { amount(g.refunded_total_minor) } else { String::new() },
        ];
        write_record(&mut out, &cells.iter().map(String::as_str).collect::<Vec<_>>())?;
    }
    out.flush()?;
    Ok(count)
}
