import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { $, $$, QR, demoInfo, emitStatus, input, link, mount, openSettingsWith, settle, visible, type Handler } from "./helpers";
import { keepReminder, reminderLine, reminderWhen, COUNT_DELAY_MS } from "../src/views/remind";
import { PREVIEW_DELAY_MS } from "../src/views/settings-templates";
import { catalogue } from "../src/i18n";
import type { LinkDto, Reminder, Templates } from "../src/ipc";

const tr = catalogue("tr");
const en = catalogue("en");
// 2025-11-22 14:05 in Istanbul.
const NOW = new Date("2025-11-22T11:05:00.000Z");
const reminder = (over: Partial<Reminder> = {}): Reminder => ({ id: 1, at: "2025-11-22T11:05:00.000Z", channel: "whatsapp", ...over });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens Linkler on `rows`; `count` is what count_to_remind answers. */
async function openLinks(rows: LinkDto[], handler: Handler = () => undefined, count = 0, language = "tr-TR") {
  const m = await mount((cmd, a) => {
    const answer = handler(cmd, a);
    if (answer !== undefined) return answer;
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_links") return { rows, total: rows.length };
    if (cmd === "count_to_remind") return count;
    if (cmd === "get_link") return { ...rows[0], qrPngDataUrl: QR };
    return undefined;
  }, language);
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  await settle();
  return m;
}

const click = async (sel: string) => {
  $<HTMLButtonElement>(sel).click();
  await settle();
  await settle();
};

beforeEach(() => document.body.replaceChildren());
afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("when a reminder was made", () => {
  it("says today, yesterday or the date, in Turkish time", () => {
    expect(reminderWhen(tr, "2025-11-22T06:00:00.000Z", NOW)).toBe("bugün 09:00");
    // 23:30 Istanbul on the 21st is 20:30 UTC: yesterday there, whatever the machine's zone.
    expect(reminderWhen(tr, "2025-11-21T20:30:00.000Z", NOW)).toBe("dün 23:30");
    expect(reminderWhen(tr, "2025-11-21T21:30:00.000Z", NOW)).toBe("bugün 00:30");
    expect(reminderWhen(tr, "2025-11-18T11:05:00.000Z", NOW)).toBe("18.11.2025 14:05");
    expect(reminderLine(tr, reminder({ at: "2025-11-21T11:05:00.000Z" }), NOW)).toBe("Hatırlatıldı: dün 14:05 · WhatsApp");
    expect(reminderLine(en, reminder({ channel: "email" }), NOW)).toBe("Reminded: today 14:05 · E-mail");
  });

  it("an update without the reminder fields keeps them while the link waits", () => {
    const old = link({ dueReminder: true, lastReminder: reminder() });
    expect(keepReminder(old, link())).toMatchObject({ dueReminder: true, lastReminder: reminder() });
    const paid = keepReminder(old, link({ status: "paid" }));
    expect([paid.dueReminder, paid.lastReminder?.id]).toEqual([false, 1]);
    const read = link({ dueReminder: false });
    expect(keepReminder(old, read)).toBe(read);
  });
});

describe("Linkler", () => {
  it("a link due a reminder shows Hatırlat; the click opens WhatsApp through Rust and the row says so", async () => {
    const due = link({ dueReminder: true });
    const remindedAt = new Date().toISOString();
    const m = await openLinks([due, link({ id: 8, dueReminder: false })], (cmd) =>
      cmd === "remind_link"
        ? {
            link: link({ dueReminder: false, lastReminder: reminder({ at: remindedAt, to: "905321234567" }) }),
            reminder: reminder({ at: remindedAt }),
            whatsappUrl: "https://wa.me/905321234567?text=Merhaba",
            message: "WhatsApp açıldı; hatırlatma mesajını oradan gönderin.",
          }
        : undefined,
    );
    expect($('tr[data-link-id="7"] .act-remind').textContent).toBe("Hatırlat");
    expect($$('tr[data-link-id="8"] .act-remind')).toHaveLength(0);
    expect(m.of("remind_link")).toHaveLength(0);
    await click('tr[data-link-id="7"] .act-remind');
    expect(m.of("remind_link")).toEqual([{ id: 7, channel: "whatsapp", to: "05321234567", lang: "tr" }]);
    expect($("#toast").textContent).toBe("WhatsApp açıldı; hatırlatma mesajını oradan gönderin.");
    const note = $('tr[data-link-id="7"] .remind-note').textContent ?? "";
    expect(note).toMatch(/^Hatırlatıldı: bugün \d\d:\d\d · WhatsApp$/);
    expect($$('tr[data-link-id="7"] .act-remind')).toHaveLength(0);
  });

  it("a refused reminder is said and the button stays", async () => {
    const m = await openLinks([link({ dueReminder: true })], (cmd) => {
      if (cmd === "remind_link") throw { kind: "wrong_state", message: "Bu link artık ödenmeyi beklemiyor.", retryable: false };
      return undefined;
    });
    await click('tr[data-link-id="7"] .act-remind');
    expect(m.of("remind_link")).toHaveLength(1);
    expect($("#toast").textContent).toBe("Bu link artık ödenmeyi beklemiyor.");
    expect($$('tr[data-link-id="7"] .act-remind')).toHaveLength(1);
  });

  it("the Hatırlatılacak chip asks for the due links only; the tab and chip show the count", async () => {
    let count = 3;
    const due = { paid: [], waiting: [{ currency: "TL", count: 1, totalMinor: 12000 }], expired: 0, cancelled: 0, unknown: 0, today: "2026-11-22" };
    const m = await openLinks([link({ dueReminder: true })], (cmd) =>
      cmd === "count_to_remind" ? count : cmd === "link_summary" ? due : undefined,
    );
    expect($("#remind-count").textContent).toBe("3");
    expect($("#nav-links").contains($("#remind-count"))).toBe(true);
    expect($("#remind-count").getAttribute("aria-label")).toBe("3 link hatırlatılmayı bekliyor");
    expect($("#links-to-remind").textContent).toBe("Hatırlatılacak3");
    expect(m.of("list_links").every((a) => a.toRemind === undefined)).toBe(true);
    await click("#links-to-remind");
    expect($("#links-to-remind").getAttribute("aria-pressed")).toBe("true");
    expect(m.of("list_links").at(-1)).toMatchObject({ toRemind: true, offset: 0 });
    // The totals strip follows the chip: the due links' totals, labelled so.
    await vi.waitFor(() => expect(m.of("link_summary").at(-1)?.toRemind).toBe(true));
    await vi.waitFor(() => expect($(".summary-label").textContent).toBe("Hatırlatılacak:"));
    expect(visible("#links-summary")).toBe(true);
    expect($("#links-summary").textContent).toContain("1 bekliyor");
    await click("#links-to-remind");
    expect(m.of("list_links").at(-1)?.toRemind).toBeUndefined();
    await vi.waitFor(() => expect(m.of("link_summary").at(-1)?.toRemind).toBeUndefined());

    // A link changed (a reminder, a payment): the count is asked again, once per burst.
    count = 0;
    await wait(COUNT_DELAY_MS + 50); // an earlier test's pending ask lands first
    const asked = m.of("count_to_remind").length;
    await emitStatus(link({ status: "paid" }));
    await emitStatus(link({ status: "paid" }));
    await wait(COUNT_DELAY_MS + 50);
    expect(m.of("count_to_remind")).toHaveLength(asked + 1);
    expect(visible("#remind-count")).toBe(false);
    expect($("#nav-links").textContent).toBe("Linkler");
  });
});

describe("Paylaş", () => {
  async function openShare(over: Partial<LinkDto>, handler: Handler = () => undefined, language = "tr-TR") {
    const m = await openLinks([link(over)], handler, 0, language);
    await click('tr[data-link-id="7"] .act-share');
    return m;
  }

  it("lists the reminders made and reminds by WhatsApp to the typed phone", async () => {
    let made = [reminder({ id: 2, at: "2025-11-21T11:05:00.000Z", to: "905321234567" })];
    const m = await openShare({ lastReminder: made[0], dueReminder: true }, (cmd) => {
      if (cmd === "list_reminders") return made;
      if (cmd === "remind_link") {
        made = [reminder({ id: 3, at: new Date().toISOString(), channel: "whatsapp" }), ...made];
        return { link: link({ lastReminder: made[0], dueReminder: false }), reminder: made[0], message: "WhatsApp açıldı; hatırlatma mesajını oradan gönderin." };
      }
      return undefined;
    });
    expect($("#reminders h3").textContent).toBe("Hatırlatma");
    expect($("#reminders").textContent).toContain("Hatırlatma zamanı geldi.");
    expect($$("#reminder-list li").map((li) => li.textContent)).toEqual([`${reminderWhen(tr, made[0]!.at)} · WhatsApp · 0532 123 45 67`]);
    expect(m.of("list_reminders")).toEqual([{ id: 7, lang: "tr" }]);
    expect($$("#remind-sms")).toHaveLength(0);
    expect($("#remind-cannot-resend").textContent).toBe(
      "Paynet linki SMS veya e-postayla yeniden gönderemez. WhatsApp ile hatırlatın ya da linki kopyalayıp kendiniz gönderin.",
    );
    input("whatsapp-phone").value = "0532 999 88 77";
    await click("#remind-whatsapp");
    expect(m.of("remind_link")).toEqual([{ id: 7, channel: "whatsapp", to: "0532 999 88 77", lang: "tr" }]);
    await settle();
    expect($$("#reminder-list li")).toHaveLength(2);
  });

  it("a PayTR link is reminded by SMS or e-mail too; a new link has none to list", async () => {
    const m = await openShare(
      { provider: "paytr", actions: { ...link().actions, resend: true }, email: "ayse@example.com" },
      (cmd) => (cmd === "remind_link" ? { link: link({ provider: "paytr" }), reminder: reminder({ channel: "email" }), message: "E-posta gönderildi: ayse@example.com" } : undefined),
    );
    expect(m.of("list_reminders")).toHaveLength(0);
    expect($("#reminder-list").textContent).toBe("Henüz hatırlatılmadı.");
    expect($$("#remind-cannot-resend")).toHaveLength(0);
    await click("#remind-email");
    expect(m.of("remind_link")).toEqual([{ id: 7, channel: "email", to: "ayse@example.com", lang: "tr" }]);
    expect($("#toast").textContent).toBe("E-posta gönderildi: ayse@example.com");
  });

  it("a reminder made from the Linkler row is listed when the owner comes back to Paylaş", async () => {
    let made = [reminder({ id: 2, at: "2025-11-21T11:05:00.000Z", to: "905321234567" })];
    const m = await openShare({ lastReminder: made[0], dueReminder: true, phone: "05321234567" }, (cmd) => {
      if (cmd === "list_reminders") return made;
      if (cmd === "remind_link") {
        made = [reminder({ id: 3, at: new Date().toISOString(), channel: "whatsapp", to: "905321234567" }), ...made];
        return { link: link({ lastReminder: made[0], dueReminder: false }), reminder: made[0], message: "WhatsApp açıldı." };
      }
      return undefined;
    });
    expect($$("#reminder-list li")).toHaveLength(1);
    await click("#nav-links");
    await click('tr[data-link-id="7"] .act-remind');
    expect(m.of("remind_link")).toHaveLength(1);
    await click("#nav-share");
    expect(m.of("list_reminders")).toHaveLength(2);
    expect($$("#reminder-list li")).toHaveLength(2);
    // An update that carries the same reminder (a status event) does not read the list again.
    await emitStatus(link({ lastReminder: made[0], dueReminder: false }));
    await settle();
    expect(m.of("list_reminders")).toHaveLength(2);
  });

  it("the reminder buttons rest once the link is paid, like the other sharing buttons", async () => {
    await openShare({});
    expect($<HTMLButtonElement>("#remind-whatsapp").disabled).toBe(false);
    await emitStatus(link({ status: "paid", actions: { ...link().actions, share: false } }));
    expect($<HTMLButtonElement>("#remind-whatsapp").disabled).toBe(true);
  });

  it("in English the list is of reminders made: the app cannot see whether WhatsApp sent them", async () => {
    await openShare({ lastReminder: reminder(), dueReminder: false }, (cmd) => (cmd === "list_reminders" ? [reminder()] : undefined), "en-US");
    expect($("#reminders h4").textContent).toBe("Reminders made");
    expect($("#remind-whatsapp").textContent).toBe("Remind on WhatsApp");
  });

  it("a paid link offers no reminder", async () => {
    await openShare({ status: "paid", actions: { ...link().actions, share: false } });
    expect($$("#reminders")).toHaveLength(0);
  });
});

describe("Ayarlar → Mesaj şablonları", () => {
  const check = (preview: string, messages: string[] = [], canSave = true) => ({ preview, messages, canSave });
  const templates = (over: Partial<Templates> = {}): Templates => ({
    link: { kind: "link", text: "Merhaba {ad}: {link}", custom: false, defaultText: "Merhaba {ad}: {link}", check: check("Merhaba Ayşe Yılmaz: https://pay.example/ABC123") },
    reminder: { kind: "reminder", text: "Selam {ad} {link}", custom: true, defaultText: "Merhaba {ad}, hatırlatma: {link}", check: check("Selam Ayşe Yılmaz https://pay.example/ABC123") },
    remindAfterHours: 24,
    minHours: 1,
    maxHours: 720,
    placeholders: ["{ad}", "{tutar}", "{aciklama}", "{link}", "{son_gun}", "{gecerlilik}"],
    maxChars: 1000,
    ...over,
  });

  it("shows both templates, previews as the owner types, and inserts a clicked field", async () => {
    const m = await openSettingsWith((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_templates") return templates();
      if (cmd === "preview_template") return check(`önizleme: ${a.text}`, ["Tanınmayan alan: {isim}. Olduğu gibi gönderilir."]);
      return undefined;
    });
    await settle();
    const box = $<HTMLTextAreaElement>("#template-reminder-text");
    expect(box.value).toBe("Selam {ad} {link}");
    expect($("#template-reminder-state").textContent).toBe("Sizin mesajınız");
    expect($("#template-link-state").textContent).toBe("Hazır mesaj");
    expect($("#template-link-preview").textContent).toBe("Merhaba Ayşe Yılmaz: https://pay.example/ABC123");
    expect(input("remind-hours").value).toBe("24");
    expect($$("#template-reminder .chip").map((c) => c.textContent)).toEqual(["{ad}", "{tutar}", "{aciklama}", "{link}", "{son_gun}", "{gecerlilik}"]);

    box.value = "Selam {isim}";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.value = "Selam {isim} ";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    expect(m.of("preview_template")).toHaveLength(0);
    await wait(PREVIEW_DELAY_MS + 50);
    expect(m.of("preview_template")).toEqual([{ kind: "reminder", text: "Selam {isim} ", lang: "tr" }]);
    expect($("#template-reminder-preview").textContent).toBe("önizleme: Selam {isim} ");
    expect($("#template-reminder-notes").textContent).toBe("Tanınmayan alan: {isim}. Olduğu gibi gönderilir.");

    box.setSelectionRange(6, 12);
    $<HTMLButtonElement>('#template-reminder .chip[data-placeholder="{tutar}"]').click();
    expect(box.value).toBe("Selam {tutar} ");
    await wait(PREVIEW_DELAY_MS + 50);
    expect(m.of("preview_template").at(-1)?.text).toBe("Selam {tutar} ");
  });

  it("saving an unusable template is refused under its box; reset sends null", async () => {
    const m = await openSettingsWith((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_templates") return templates();
      if (cmd === "save_template" && typeof a.text === "string" && a.text.length > 1000) {
        throw { kind: "validation", field: "text", message: "Mesaj en fazla 1000 karakter olabilir; kısaltın.", retryable: false, fields: [{ field: "text", code: "template_unusable", message: "Mesaj en fazla 1000 karakter olabilir; kısaltın." }] };
      }
      if (cmd === "save_template") return templates({ reminder: { ...templates().reminder, custom: a.text !== null, text: a.text === null ? "Merhaba {ad}, hatırlatma: {link}" : String(a.text) } });
      return undefined;
    });
    await settle();
    const box = $<HTMLTextAreaElement>("#template-reminder-text");
    box.value = "x".repeat(1001);
    await click("#template-reminder-save");
    expect($("#template-reminder-notes .field-error").textContent).toBe("Mesaj en fazla 1000 karakter olabilir; kısaltın.");
    expect(box.getAttribute("aria-invalid")).not.toBeNull();
    expect(box.value).toHaveLength(1001);
    await click("#template-reminder-reset");
    expect(m.of("save_template").at(-1)).toEqual({ kind: "reminder", text: null, lang: "tr" });
    expect(box.value).toBe("Merhaba {ad}, hatırlatma: {link}");
    expect($("#template-reminder-state").textContent).toBe("Hazır mesaj");
    expect($("#toast").textContent).toBe("Hazır mesaja dönüldü.");
  });

  it("saving or resetting one template keeps what is typed, not saved, in the other box and the hours", async () => {
    const m = await openSettingsWith((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_templates") return templates();
      // The answer carries both templates and the hours as saved: the other box's old text.
      if (cmd === "save_template" && a.kind === "link") return templates({ link: { ...templates().link, custom: a.text !== null, text: String(a.text ?? "Merhaba {ad}: {link}") } });
      if (cmd === "save_template") return templates({ reminder: { ...templates().reminder, custom: false, text: "Merhaba {ad}, hatırlatma: {link}" } });
      return undefined;
    });
    await settle();
    const link = $<HTMLTextAreaElement>("#template-link-text");
    const reminder = $<HTMLTextAreaElement>("#template-reminder-text");
    link.value = "Buyrun {ad}: {link}";
    reminder.value = "Yarım kalan hatırlatma {ad}";
    input("remind-hours").value = "36";
    await click("#template-link-save");
    expect(m.of("save_template")).toEqual([{ kind: "link", text: "Buyrun {ad}: {link}", lang: "tr" }]);
    expect($("#template-link-state").textContent).toBe("Sizin mesajınız");
    expect(reminder.value).toBe("Yarım kalan hatırlatma {ad}");
    expect(input("remind-hours").value).toBe("36");

    link.value = "Yine yarım {link}";
    await click("#template-reminder-reset");
    expect(reminder.value).toBe("Merhaba {ad}, hatırlatma: {link}");
    expect(link.value).toBe("Yine yarım {link}");
  });

  it("the field chips are the ones the templates answer names, with their meanings translated", async () => {
    await openSettingsWith((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_templates") return templates({ placeholders: ["{link}", "{ad}", "{yeni}"] });
      return undefined;
    }, "en-US");
    await settle();
    const chips = $$<HTMLButtonElement>("#template-link .chip");
    expect(chips.map((c) => c.textContent)).toEqual(["{link}", "{ad}", "{yeni}"]);
    expect(chips.map((c) => c.title)).toEqual(["payment link", "customer's name", ""]);
    expect(chips[1]?.getAttribute("aria-label")).toBe("{ad}: customer's name");
    expect($$("#template-reminder .chip")).toHaveLength(3);
  });

  it("the hours are saved on change; a value that is not a whole number is refused on the field", async () => {
    const m = await openSettingsWith((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_templates") return templates();
      if (cmd === "set_remind_after_hours" && (a.hours === null || Number(a.hours) > 720)) {
        throw { kind: "validation", field: "hours", message: "Saati 1 ile 720 arasında bir tam sayı olarak yazın.", retryable: false, fields: [{ field: "hours", code: "hours_range", message: "Saati 1 ile 720 arasında bir tam sayı olarak yazın." }] };
      }
      if (cmd === "set_remind_after_hours") return templates({ remindAfterHours: Number(a.hours) });
      return undefined;
    }, "en-US");
    await settle();
    const hours = input("remind-hours");
    hours.value = "1.5";
    hours.dispatchEvent(new Event("change"));
    await settle();
    expect(m.of("set_remind_after_hours")).toEqual([{ hours: null, lang: "en" }]);
    expect($("#remind-hours-error").textContent).toBe("Saati 1 ile 720 arasında bir tam sayı olarak yazın.");
    hours.value = "48";
    hours.dispatchEvent(new Event("change"));
    await settle();
    expect(m.of("set_remind_after_hours").at(-1)).toEqual({ hours: 48, lang: "en" });
    expect(visible("#remind-hours-error")).toBe(false);
    expect($("#toast").textContent).toBe("Links will be due a reminder after 48 hours.");
    expect($("#remind-hours-unit").textContent).toBe("hours");
    hours.value = "1";
    hours.dispatchEvent(new Event("input"));
    expect($("#remind-hours-unit").textContent).toBe("hour");
    hours.dispatchEvent(new Event("change"));
    await settle();
    expect($("#toast").textContent).toBe("Links will be due a reminder after 1 hour.");
    expect($("#templates legend").textContent).toBe("Message templates");
  });
});
