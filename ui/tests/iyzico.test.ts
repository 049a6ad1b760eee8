// iyzico in the UI (issue 12): its Ayarlar card, Yeni link without what iyzico does not have,
// Linkler's filter and row actions, the day report, and an uncertain create in Paylaş.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppInfo, DayReport, LinkDto, LinkForm, LinkQuery, SettingsDto } from "../src/ipc";
import { limitFor, providerFields } from "../src/views/create-fields";
import { $, $$, QR, choose, demoInfo, input, link, mount, select, settle, typeInto, visible, type Args, clickAndSettle, openSettingsWith } from "./helpers";

/** A small Rust for Ayarlar: keys saved or not, settings kept; never hands a key back. */
function settingsBackend(start: Partial<AppInfo> = {}) {
  let info = demoInfo(start);
  const anyKeys = () => info.credentials.paynet || info.credentials.paytr || info.credentials.iyzico;
  return (cmd: string, a: Args): unknown => {
    switch (cmd) {
      case "get_app_info":
        return { ...info, mode: anyKeys() ? "live" : "demo" };
      case "set_iyzico_credentials":
        info = {
          ...info,
          credentials: { ...info.credentials, iyzico: true },
          settings: { ...info.settings, iyzicoEnv: a.env as SettingsDto["iyzicoEnv"], providersInUse: ["iyzico"] },
        };
        return { ...info.credentials };
      case "clear_credentials":
        info = { ...info, credentials: { ...info.credentials, [a.provider as string]: false } };
        return { ...info.credentials };
      case "save_settings":
        info = { ...info, settings: a.settings as SettingsDto };
        return info.settings;
      case "test_connection":
        return { ok: false, message: "Anahtar yanlış: iyzico bu API anahtarını ya da gizli anahtarı kabul etmedi." };
      default:
        return undefined;
    }
  };
}

const openSettings = (handler = settingsBackend(), language = "tr-TR") => openSettingsWith(handler, language);

const twice = clickAndSettle;

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("iyzico in Ayarlar", () => {
  it("has its own card: two write-only key fields, the host, and where the keys are in the iyzico panel", async () => {
    await openSettings();
    expect($(".provider-iyzico h2").textContent).toBe("iyzico");
    expect($("#iyzico-status").textContent).toBe("Kayıtlı değil");
    for (const id of ["iyzico-api-key", "iyzico-secret-key"]) {
      expect(input(id).type).toBe("password");
      expect(input(id).value).toBe("");
    }
    expect([...select("iyzico-env").options].map((o) => o.textContent)).toEqual([
      "Test (sandbox-api.iyzipay.com)",
      "Canlı (api.iyzipay.com)",
    ]);
    expect($("#iyzico-where").textContent).toContain("Ayarlar > Firma Ayarları");
    expect(visible("#iyzico-clear")).toBe(false);
  });

  it("saves both keys with the host, empties the fields and goes live", async () => {
    const m = await openSettings();
    input("iyzico-api-key").value = " sandbox-api-123 ";
    input("iyzico-secret-key").value = "sandbox-secret-456";
    select("iyzico-env").value = "test";
    await twice("iyzico-save");
    expect(m.of("set_iyzico_credentials")).toEqual([
      { apiKey: "sandbox-api-123", secretKey: "sandbox-secret-456", env: "test", lang: "tr" },
    ]);
    expect(input("iyzico-api-key").value).toBe("");
    expect(input("iyzico-secret-key").value).toBe("");
    expect($("#iyzico-status").textContent).toBe("Kayıtlı");
    expect(input("iyzico-secret-key").placeholder).toBe("Kayıtlı — değiştirmek için yenisini yazın");
    expect($("#mode-badge").textContent).toBe("Canlı — iyzico test sunucusu");
    expect($<HTMLInputElement>("#in-use-iyzico").checked).toBe(true);
    expect(document.body.innerHTML).not.toContain("sandbox-secret-456");
  });

  it("asks for both keys, saying where they are, and sends nothing with one missing", async () => {
    const m = await openSettings();
    input("iyzico-api-key").value = "sandbox-api-123";
    await twice("iyzico-save");
    expect(m.of("set_iyzico_credentials")).toEqual([]);
    expect(visible("#iyzico-error")).toBe(true);
    expect($("#iyzico-error").textContent).toContain("güvenlik anahtarı");
    expect(document.activeElement).toBe(input("iyzico-secret-key"));
  });

  it("a host change alone is saved as a setting; the keys stay", async () => {
    const m = await openSettings(settingsBackend({ mode: "live", credentials: { paynet: false, paytr: false, iyzico: true } }));
    choose("iyzico-env", "live");
    await settle();
    await settle();
    expect(m.of("set_iyzico_credentials")).toEqual([]);
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).iyzicoEnv).toBe("live");
  });

  it("the shop's name is saved as a setting, and Enter in it does not try to save keys", async () => {
    const m = await openSettings();
    const name = input("shop-name");
    name.focus();
    name.value = "  Öztürk Pastanesi ";
    $<HTMLFormElement>(".provider-iyzico").requestSubmit();
    name.dispatchEvent(new Event("change"));
    await settle();
    await settle();
    expect(m.of("set_iyzico_credentials")).toEqual([]);
    expect(visible("#iyzico-error")).toBe(false);
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).shopName).toBe("Öztürk Pastanesi");
  });

  it("the connection test asks for iyzico and answers under its card; removing takes a second click", async () => {
    const m = await openSettings(settingsBackend({ mode: "live", credentials: { paynet: false, paytr: false, iyzico: true } }));
    await twice("test-iyzico");
    expect(m.of("test_connection")).toEqual([{ provider: "iyzico", lang: "tr" }]);
    expect($("#test-result").closest("form")!.classList.contains("provider-iyzico")).toBe(true);
    expect($("#test-result").textContent).toBe("iyzico: Anahtar yanlış: iyzico bu API anahtarını ya da gizli anahtarı kabul etmedi.");
    $<HTMLButtonElement>("#iyzico-clear").click();
    await settle();
    expect(m.of("clear_credentials")).toEqual([]);
    await twice("iyzico-clear");
    expect(m.of("clear_credentials")).toEqual([{ provider: "iyzico", lang: "tr" }]);
    expect($("#iyzico-status").textContent).toBe("Kayıtlı değil");
  });

  it("reads in English too", async () => {
    await openSettings(settingsBackend(), "en-US");
    expect($('label[for="iyzico-secret-key"]').textContent).toBe("Secret key");
    expect($("#iyzico-where").textContent).toContain("Settings > Merchant Settings");
    expect([...select("iyzico-env").options].map((o) => o.textContent)).toEqual([
      "Test (sandbox-api.iyzipay.com)",
      "Live (api.iyzipay.com)",
    ]);
  });
});

describe("Yeni link with iyzico", () => {
  it("knows what each provider's form has", () => {
    expect(providerFields("iyzico")).toEqual({ customerRequired: false, sends: false, expiry: false, expiryAt: false, paytrOptions: false });
    expect(providerFields("paynet").expiry && providerFields("paytr").sends).toBe(true);
    expect(limitFor("description", "iyzico")).toEqual({ max: 100, unit: "chars" });
    expect(limitFor("email", "iyzico")).toEqual({ max: 100, unit: "bytes" });
  });

  function creating() {
    return (cmd: string, a: Args): unknown => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "validate_link_form") return { errors: [] };
      if (cmd === "create_link") {
        const f = a.form as LinkForm;
        return { outcome: "created", link: link({ provider: "iyzico", description: f.description, expiresAt: undefined, qrPngDataUrl: QR }), sent: {} };
      }
      return undefined;
    };
  }

  it("hides the expiry, sending and PayTR's options, says why, and sends no expiry", async () => {
    const m = await mount(creating());
    choose("provider", "paytr");
    $<HTMLInputElement>("#send-sms").checked = true;
    choose("provider", "iyzico");
    expect(visible("#expiry")).toBe(false);
    expect(visible("#send-sms")).toBe(false);
    expect(visible("#send-email")).toBe(false);
    expect(visible("#max-installment")).toBe(false);
    expect(visible("#link-type")).toBe(false);
    expect(visible("#iyzico-note")).toBe(true);
    expect($("#iyzico-note").textContent).toContain("son geçerlilik tarihi yoktur");
    expect($('label[for="customer"]').textContent).toBe("Müşterinin adı soyadı (isteğe bağlı)");
    expect(visible("#phone")).toBe(true);
    input("amount").value = "149,90";
    input("description").value = "Filtre kahve";
    $<HTMLFormElement>("#create-form").requestSubmit();
    await settle();
    await settle();
    const form = m.of("create_link")[0]!.form as LinkForm;
    expect(form).toMatchObject({ provider: "iyzico", amount: "149,90", expiry: { kind: "none" }, sendSms: false, sendEmail: false, maxInstallment: 1 });
    expect($("#result-expires").textContent).toBe("Süresiz");
  });

  it("counts the description against iyzico's 100 characters", async () => {
    await mount(creating());
    choose("provider", "iyzico");
    typeInto("description", "ç".repeat(101));
    expect(visible("#description-count")).toBe(true);
    expect($("#description-count").textContent).toBe("101 / 100 — 1 fazla");
    choose("provider", "paytr");
    // PayTR counts bytes: the same text is 202 of its 200.
    expect($("#description-count").textContent).toBe("202 / 200 — 2 fazla");
  });

  it("shows the note in English", async () => {
    await mount(creating(), "en-US");
    choose("provider", "iyzico");
    expect($("#iyzico-note").textContent).toContain("iyzico links have no expiry");
  });
});

describe("iyzico in Linkler, the day report and Paylaş", () => {
  const iyzicoRow = (over: Partial<LinkDto> = {}) =>
    link({
      id: 9,
      provider: "iyzico",
      providerId: "AAVSZg",
      url: "http://127.0.0.1:8790/iyzi-link/AAVSZg",
      expiresAt: undefined,
      actions: { refresh: true, cancel: true, reopen: false, delete: true, resend: false, check: false, share: true },
      ...over,
    });

  function listing(rows: LinkDto[], extra: (cmd: string, a: Args) => unknown = () => undefined) {
    return (cmd: string, a: Args): unknown => {
      const x = extra(cmd, a);
      if (x !== undefined) return x;
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows, total: rows.length };
      if (cmd === "get_link") return { ...rows[0], qrPngDataUrl: QR };
      return undefined;
    };
  }

  it("filters by iyzico, names it in the row, and offers the buttons iyzico's capabilities give", async () => {
    const m = await mount(listing([iyzicoRow()]));
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect([...select("links-provider").options].map((o) => o.value)).toEqual(["", "paynet", "paytr", "iyzico"]);
    choose("links-provider", "iyzico");
    await settle();
    const { lang: _lang, ...query } = m.of("list_links").at(-1)! as LinkQuery & { lang: string };
    expect(query).toEqual({ provider: "iyzico", offset: 0, limit: 50 });
    const row = $('tr[data-link-id="9"]');
    expect(row.querySelector(".col-provider")!.textContent).toBe("iyzico");
    const buttons = $$('tr[data-link-id="9"] .row-actions button').map((b) => [...b.classList].find((c) => c.startsWith("act-")));
    expect(buttons).toEqual(["act-share", "act-refresh", "act-cancel", "act-delete"]);
  });

  it("a cancelled (PASSIVE) iyzico link can be reopened", async () => {
    const cancelled = iyzicoRow({ status: "cancelled", actions: { refresh: true, cancel: false, reopen: true, delete: true, resend: false, check: false, share: false } });
    const m = await mount(listing([cancelled], (cmd) => (cmd === "reopen_link" ? iyzicoRow() : undefined)));
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    $<HTMLButtonElement>('tr[data-link-id="9"] .act-reopen').click();
    await settle();
    expect(m.of("reopen_link")).toEqual([{ id: 9, lang: "tr" }]);
    expect($("#toast").textContent).toBe("Link yeniden açıldı");
  });

  it("the day report has an iyzico section by its name", async () => {
    const report: DayReport = {
      from: "2026-11-22",
      to: "2026-11-22",
      groups: [
        {
          provider: "iyzico",
          currency: "TL",
          payments: [{ linkId: 9, paidAt: "2026-11-22T09:05:00.000Z", customer: "", description: "Kahve", amountMinor: 14990, surchargeMinor: null, installments: null, netMinor: null, refundedMinor: 0 }],
          paidCount: 1,
          paidTotalMinor: 14990,
          refundedCount: 0,
          refundedTotalMinor: 0,
          surchargeTotalMinor: 0,
          netTotalMinor: null,
          waiting: [],
          waitingTotalMinor: 0,
        },
      ],
    };
    await mount(
      listing([iyzicoRow()], (cmd) => {
        if (cmd === "link_summary") return { paid: [], waiting: [], expired: 0, cancelled: 0, unknown: 0, today: "2026-11-22" };
        if (cmd === "day_report") return report;
        return undefined;
      }),
    );
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    $<HTMLButtonElement>("#links-report").click();
    await settle();
    await settle();
    expect($('.report-group[data-provider="iyzico"] h2').textContent).toBe("iyzico · TL");
  });

  it("an uncertain iyzico create: Kontrol et first, then the address from the iyzico panel", async () => {
    const unknown = iyzicoRow({
      status: "unknown",
      url: undefined,
      providerId: undefined,
      note: "iyzico'daki listede bulunamadı.",
      actions: { refresh: false, cancel: false, reopen: false, delete: false, resend: false, check: true, share: false },
    });
    const m = await mount(
      listing([unknown], (cmd) => {
        if (cmd === "check_link") return unknown;
        if (cmd === "settle_link") return iyzicoRow();
        return undefined;
      }),
    );
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    // iyzico is asked from Paylaş, where the owner can also answer from the panel.
    $<HTMLButtonElement>('tr[data-link-id="9"] .act-check').click();
    await settle();
    expect(m.of("check_link")).toEqual([]);
    expect($("#uncertain").textContent).toContain("iyzico'dan net bir yanıt alınamadı");
    expect($("#uncertain").textContent).toContain("iyzico'daki listede bulunamadı.");
    $<HTMLButtonElement>("#check-link").click();
    await settle();
    expect(m.of("check_link")).toEqual([{ id: 9, lang: "tr" }]);
    input("iyzico-link-id").value = "https://iyzi.link/AAVSZg";
    $<HTMLButtonElement>("#settle-found").click();
    await settle();
    expect(m.of("settle_link")).toEqual([{ id: 9, providerId: "https://iyzi.link/AAVSZg", lang: "tr" }]);
  });
});
