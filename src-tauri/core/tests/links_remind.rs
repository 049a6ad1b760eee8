//! "Hatırlat" (issue 11 §2) over the sandbox's real HTTP and a real SQLite file: WhatsApp builds
//! the address and records the reminder without any request; PayTR resends by SMS / e-mail and
//! the reminder is recorded only when PayTR accepted; Paynet and iyzico say they cannot resend.

mod links_common;

use chrono::Utc;
use links_common::*;
use std::time::Duration;
use tahsildar_core::links::template::{self, TemplateKind};
use tahsildar_core::links::LinkError;
use tahsildar_core::providers::paytr::PaytrLinkId;
use tahsildar_core::providers::{ErrorKind, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::{LinkFilter, LinkStatus, ReminderChannel};
use tahsildar_core::Lang;

const SEND_SMS: &str = "/odeme/api/link/send-sms";
const SEND_EMAIL: &str = "/odeme/api/link/send-email";

fn sms_and_emails(env: &Env) -> (usize, usize) {
    let st = lock(&env.sb.state().paytr);
    (st.sms_sent().len(), st.emails_sent().len())
}

fn recorded(env: &Env, id: i64) -> usize {
    env.store.lock().unwrap().reminders(id).unwrap().len()
}

#[tokio::test]
async fn a_whatsapp_reminder_is_an_address_and_a_record_and_sends_nothing() {
    let env = Env::new().await;
    let link = env.svc.create(&paytr_form("1.250", "Doğum günü pastası")).await.unwrap().link().clone();
    let before = env.all_requests();

    let now = Utc::now();
    let out = env.svc.remind_at(link.id, ReminderChannel::Whatsapp, "0555 123 45 67", now).await.unwrap();
    let url = out.whatsapp_url.unwrap();
    assert!(url.starts_with("https://wa.me/905551234567?text="), "{url}");
    let text = url::Url::parse(&url).unwrap().query_pairs().next().unwrap().1.into_owned();
    let want = template::message(TemplateKind::Reminder, None, &link, Lang::Tr, now).unwrap();
    assert_eq!(text, want);
    assert!(
        text.starts_with("Merhaba Ayşe Yılmaz, Doğum günü pastası için 1.250,00 TL tutarındaki ödemenizi"),
        "{text}"
    );
    assert!(text.contains(link.url.as_deref().unwrap()) && text.contains("(son gün: "), "{text}");
    assert_eq!(env.all_requests(), before, "nothing goes to a provider");
    assert_eq!(out.delivery, None);

    let kept = env.svc.reminders(link.id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].channel, kept[0].to.as_deref(), kept[0].at),
        (ReminderChannel::Whatsapp, Some("905551234567"), now.timestamp_millis())
    );
    // No phone: WhatsApp's contact picker, recorded without a recipient.
    let out = env.svc.remind(link.id, ReminderChannel::Whatsapp, " ").await.unwrap();
    assert!(out.whatsapp_url.unwrap().starts_with("https://wa.me/?text=Merhaba"));
    assert_eq!(out.reminder.to, None);
    let last = env.svc.last_reminders(vec![link.id]).await.unwrap();
    assert_eq!(last[&link.id].id, out.reminder.id);

    // A phone that is not a mobile: refused with the phone's message, nothing recorded.
    let e = env.svc.remind(link.id, ReminderChannel::Whatsapp, "0212 123 45 67").await.unwrap_err();
    assert_eq!(e.fields()[0].field, "phoneText");
    assert_eq!(recorded(&env, link.id), 2);
}

#[tokio::test]
async fn the_owners_templates_and_language_are_used() {
    let env = Env::new().await;
    let link = env.svc.create(&paynet_form("90", "Ali Veli")).await.unwrap().link().clone();
    {
        let store = env.store.lock().unwrap();
        let mut s = store.settings().unwrap();
        s.lang = Lang::En;
        s.reminder_template = Some("Hi {ad} & co, {tutar} for {aciklama} #{isim}: {link}".into());
        s.link_template = Some("{ad}: {link}".into());
        store.save_settings(&s).unwrap();
    }
    let out = env.svc.remind(link.id, ReminderChannel::Whatsapp, "").await.unwrap();
    let url = out.whatsapp_url.unwrap();
    let text = url::Url::parse(&url).unwrap().query_pairs().next().unwrap().1.into_owned();
    let pay = link.url.as_deref().unwrap();
    assert_eq!(text, format!("Hi Ali Veli & co, 90,00 TL for Halı yıkama #{{isim}}: {pay}"));
    assert!(url.contains("%20%26%20co") && url.contains("%23%7Bisim%7D"), "{url}");
    let share = env.svc.whatsapp_share_url(link.id, "").await.unwrap();
    let text = url::Url::parse(&share).unwrap().query_pairs().next().unwrap().1.into_owned();
    assert_eq!(text, format!("Ali Veli: {pay}"));
}

#[tokio::test]
async fn paytr_resends_by_sms_and_email_and_each_is_recorded() {
    let env = Env::new().await;
    let mut form = paytr_form("90", "Boya badana");
    form.phone_text = "0555 123 45 67".into();
    let link = env.svc.create(&form).await.unwrap().link().clone();
    let sent = sms_and_emails(&env);

    let out = env.svc.remind(link.id, ReminderChannel::Sms, "").await.unwrap();
    assert_eq!(out.whatsapp_url, None);
    let d = out.delivery.unwrap();
    assert_eq!((d.sent, d.to.as_str()), (true, "0555 123 45 67"));
    assert_eq!((out.reminder.channel, out.reminder.to.as_deref()), (ReminderChannel::Sms, Some("0555 123 45 67")));
    let out = env.svc.remind(link.id, ReminderChannel::Email, "ayse@example.com").await.unwrap();
    assert_eq!((out.reminder.channel, out.reminder.to.as_deref()), (ReminderChannel::Email, Some("ayse@example.com")));
    assert_eq!(sms_and_emails(&env), (sent.0 + 1, sent.1 + 1), "PayTR sent one of each");
    let kept: Vec<_> = env.svc.reminders(link.id).await.unwrap().into_iter().map(|r| r.channel).collect();
    assert_eq!(kept.len(), 2);
    assert!(kept.contains(&ReminderChannel::Sms) && kept.contains(&ReminderChannel::Email));
}

#[tokio::test]
async fn a_resend_paytr_refuses_or_never_answers_is_not_recorded() {
    let env = Env::with_timeout(Duration::from_millis(1500)).await;
    let link = env.svc.create(&paytr_form("90", "Boya badana")).await.unwrap().link().clone();
    let pid = PaytrLinkId(link.provider_id.clone().unwrap());

    // A server error, then no answer at all: nothing recorded either time.
    env.fault_next(SEND_SMS, Fault::Http500);
    let e = env.svc.remind(link.id, ReminderChannel::Sms, "0555 123 45 67").await.unwrap_err();
    assert!(matches!(e, LinkError::Provider(ref p) if p.kind == ErrorKind::Server), "{e:?}");
    env.fault_next(SEND_EMAIL, Fault::Hang);
    assert!(env.svc.remind(link.id, ReminderChannel::Email, "a@b.co").await.is_err());
    assert_eq!(recorded(&env, link.id), 0);

    // The link was deleted in the PayTR panel (not through Tahsildar): PayTR refuses the id.
    paytr_client(&env.sb, Duration::from_secs(5)).delete(&[pid]).await.unwrap();
    let e = env.svc.remind(link.id, ReminderChannel::Sms, "0555 123 45 67").await.unwrap_err();
    assert!(matches!(e, LinkError::Provider(_)), "{e:?}");
    let e = env.svc.remind(link.id, ReminderChannel::Email, "a@b.co").await.unwrap_err();
    assert!(matches!(e, LinkError::Provider(_)), "{e:?}");
    assert_eq!(sms_and_emails(&env), (0, 0));
    assert_eq!(recorded(&env, link.id), 0, "a refused resend is not a reminder");
    // A bad address is refused before any request.
    let asked = env.requests(SEND_EMAIL);
    let e = env.svc.remind(link.id, ReminderChannel::Email, "ayse@").await.unwrap_err();
    assert_eq!(e.fields()[0].field, "email");
    assert_eq!(env.requests(SEND_EMAIL), asked);
}

#[tokio::test]
async fn paynet_and_iyzico_say_they_cannot_resend_and_point_to_whatsapp() {
    let env = Env::with_iyzico(Duration::from_secs(10)).await;
    let paynet = env.svc.create(&paynet_form("90", "Ali Veli")).await.unwrap().link().clone();
    let iyzico = env.svc.create(&iyzico_form("45", "Kek")).await.unwrap().link().clone();
    let before = env.all_requests();
    for (link, provider) in [(&paynet, Provider::Paynet), (&iyzico, Provider::Iyzico)] {
        for channel in [ReminderChannel::Sms, ReminderChannel::Email] {
            let e = env.svc.remind(link.id, channel, "").await.unwrap_err();
            assert!(matches!(e, LinkError::NotSupported { provider: p, .. } if p == provider), "{e:?}");
            assert!(e.message(Lang::Tr).contains("WhatsApp"), "{}", e.message(Lang::Tr));
            assert!(e.message(Lang::En).contains("WhatsApp"), "{}", e.message(Lang::En));
        }
        assert_eq!(recorded(&env, link.id), 0);
        // WhatsApp works for them.
        env.svc.remind(link.id, ReminderChannel::Whatsapp, "").await.unwrap();
        assert_eq!(recorded(&env, link.id), 1);
    }
    assert_eq!(env.all_requests(), before, "no request for any of it");
}

#[tokio::test]
async fn only_a_waiting_payable_link_is_reminded() {
    let env = Env::new().await;
    let link = env.svc.create(&paynet_form("90", "Ali Veli")).await.unwrap().link().clone();
    env.pay_paynet(&link.local_ref).await;
    assert_eq!(env.svc.refresh(link.id).await.unwrap().link.status, LinkStatus::Paid);
    for channel in [ReminderChannel::Whatsapp, ReminderChannel::Sms] {
        let e = env.svc.remind(link.id, channel, "").await.unwrap_err();
        assert!(matches!(e, LinkError::WrongState { status: LinkStatus::Paid, .. }), "{e:?}");
    }
    // Waiting here, but past its expiry (3 days): not worth a reminder.
    let open = env.svc.create(&paynet_form("91", "Veli Ali")).await.unwrap().link().clone();
    let later = Utc::now() + chrono::TimeDelta::days(4);
    let e = env.svc.remind_at(open.id, ReminderChannel::Whatsapp, "", later).await.unwrap_err();
    assert!(matches!(e, LinkError::WrongState { status: LinkStatus::Expired, .. }), "{e:?}");
    assert_eq!(recorded(&env, link.id) + recorded(&env, open.id), 0);
    // Just made: not due yet (24 h by default), and the filter agrees.
    assert_eq!(env.svc.count_to_remind().await.unwrap(), 0);
    assert_eq!(env.svc.query_to_remind(LinkFilter::default()).await.unwrap().total, 0);
}

#[tokio::test]
async fn a_whatsapp_reminder_is_recorded_only_in_its_second_step() {
    let env = Env::new().await;
    let link = env.svc.create(&paynet_form("90", "Ali Veli")).await.unwrap().link().clone();
    let now = Utc::now();
    let made = env.svc.whatsapp_reminder_at(link.id, "0555 123 45 67", now).await.unwrap();
    assert!(made.url.starts_with("https://wa.me/905551234567?text=Merhaba"), "{}", made.url);
    assert_eq!((made.link_id, made.to.as_deref(), made.at), (link.id, Some("905551234567"), now.timestamp_millis()));
    assert_eq!(recorded(&env, link.id), 0, "made, not opened yet: not a reminder");
    assert!(env.svc.last_reminders(vec![link.id]).await.unwrap().is_empty());

    let kept = env.svc.record_whatsapp_reminder(&made).await.unwrap();
    assert_eq!((kept.channel, kept.to.as_deref(), kept.at), (ReminderChannel::Whatsapp, Some("905551234567"), made.at));
    assert_eq!(env.svc.reminders(link.id).await.unwrap(), vec![kept]);

    // The first step checks like "Hatırlat" does: a paid link is not reminded.
    env.pay_paynet(&link.local_ref).await;
    assert_eq!(env.svc.refresh(link.id).await.unwrap().link.status, LinkStatus::Paid);
    let e = env.svc.whatsapp_reminder(link.id, "").await.unwrap_err();
    assert!(matches!(e, LinkError::WrongState { status: LinkStatus::Paid, .. }), "{e:?}");
}
