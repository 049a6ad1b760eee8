import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppInfo, SettingsDto } from "../src/ipc";
import { $, $$, choose, demoInfo, input, settle, visible, type Args, clickAndSettle, openSettingsWith } from "./helpers";

/** A small Rust: keys saved or not, settings kept; never hands a secret back. */
function backend(start: Partial<AppInfo> = {}) {
  let info = demoInfo(start);
  const live = () => (info.credentials.paynet || info.credentials.paytr || info.credentials.iyzico ? "live" : "demo");
  return (cmd: string, a: Args): unknown => {
    switch (cmd) {
      case "get_app_info":
        return { ...info, mode: live() };
      case "set_paynet_credentials":
        // Like Rust: the host chosen with the key is saved with it.
        info = { ...info, credentials: { ...info.credentials, paynet: true }, settings: { ...info.settings, paynetEnv: a.env as SettingsDto["paynetEnv"], providersInUse: ["paynet"] } };
        return { ...info.credentials };
      case "set_paytr_credentials":
        info = { ...info, credentials: { ...info.credentials, paytr: true } };
        return { ...info.credentials, warning: "PayTR hesabınız test modunda." };
      case "clear_credentials":
        info = { ...info, credentials: { ...info.credentials, [a.provider as string]: false } };
        return { ...info.credentials };
      case "save_settings":
        info = { ...info, settings: a.settings as SettingsDto };
        return info.settings;
      case "create_support_package":
        return "/home/esnaf/tahsildar-destek.zip";
      case "test_connection":
        return a.provider === "paynet"
          ? { ok: true, message: "Bağlantı çalışıyor: Paynet anahtarınızı kabul etti." }
          : { ok: false, message: "PayTR mağaza parolası ya da gizli anahtar yanlış." };
      default:
        return undefined;
    }
  };
}

const openSettings = (handler = backend(), language = "tr-TR") => openSettingsWith(handler, language);

const submit = clickAndSettle;

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("settings view", () => {
  it("in demo says so, shows no key saved, and secret inputs are empty passwords", async () => {
    await openSettings();
    expect($("#paynet-status").textContent).toBe("Kayıtlı değil");
    expect($("#paytr-status").textContent).toBe("Kayıtlı değil");
    expect(visible("#demo-explain")).toBe(true);
    for (const id of ["paynet-key", "paytr-key", "paytr-salt"]) {
      expect(input(id).type).toBe("password");
      expect(input(id).value).toBe("");
    }
    expect(visible("#paynet-clear")).toBe(false);
  });

  it("saving the Paynet key clears the input, shows Kayıtlı and switches the badge to live", async () => {
    const m = await openSettings();
    input("paynet-key").value = "sk_live_abc";
    choose("paynet-env", "live");
    await settle();
    await submit("paynet-save");
    expect(m.of("set_paynet_credentials")).toEqual([{ secretKey: "sk_live_abc", env: "live", lang: "tr" }]);
    expect(input("paynet-key").value).toBe("");
    expect($("#paynet-status").textContent).toBe("Kayıtlı");
    expect($("#toast").textContent).toBe("Anahtar kaydedildi");
    expect($("#mode-badge").textContent).toBe("Canlı");
    expect(visible("#providers-in-use")).toBe(true);
    expect($<HTMLInputElement>("#in-use-paynet").checked).toBe(true);
    expect($<HTMLInputElement>("#in-use-paytr").disabled).toBe(true);
    // The page never holds the key again.
    expect(document.body.innerHTML).not.toContain("sk_live_abc");
  });

  it("an empty key is refused in place, nothing is sent", async () => {
    const m = await openSettings();
    await submit("paynet-save");
    expect(m.of("set_paynet_credentials")).toHaveLength(0);
    expect($("#paynet-error").textContent).toContain("yapıştırın");
    expect(document.activeElement).toBe(input("paynet-key"));
  });

  it("PayTR needs all three; the warning Rust gives is shown", async () => {
    const m = await openSettings();
    input("paytr-id").value = "123456";
    input("paytr-key").value = "KEY";
    await submit("paytr-save");
    expect(m.of("set_paytr_credentials")).toHaveLength(0);
    expect(document.activeElement).toBe(input("paytr-salt"));
    input("paytr-salt").value = "SALT";
    await submit("paytr-save");
    expect(m.of("set_paytr_credentials")).toEqual([{ merchantId: "123456", merchantKey: "KEY", merchantSalt: "SALT", lang: "tr" }]);
    expect([input("paytr-id").value, input("paytr-key").value, input("paytr-salt").value]).toEqual(["", "", ""]);
    expect($("#paytr-status").textContent).toBe("Kayıtlı");
    expect($("#toast").textContent).toBe("PayTR hesabınız test modunda.");
  });

  it("removing a key takes a second click", async () => {
    const m = await openSettings(backend({ mode: "live", credentials: { paynet: true, paytr: false, iyzico: false } }));
    expect($("#paynet-status").textContent).toBe("Kayıtlı");
    $<HTMLButtonElement>("#paynet-clear").click();
    await settle();
    expect(m.of("clear_credentials")).toHaveLength(0);
    await submit("paynet-clear");
    expect(m.of("clear_credentials")).toEqual([{ provider: "paynet", lang: "tr" }]);
    expect($("#paynet-status").textContent).toBe("Kayıtlı değil");
    expect($("#mode-badge").textContent).toContain("Demo");
  });

  it("the connection test says in plain words what worked or what is wrong", async () => {
    await openSettings();
    await submit("test-paynet");
    expect($("#test-result").textContent).toBe("Paynet: Bağlantı çalışıyor: Paynet anahtarınızı kabul etti.");
    expect($("#test-result").classList.contains("ok")).toBe(true);
    await submit("test-paytr");
    expect($("#test-result").textContent).toBe("PayTR: PayTR mağaza parolası ya da gizli anahtar yanlış.");
    expect($("#test-result").classList.contains("fail")).toBe(true);
  });

  it("the test answer appears under the card whose button was pressed, one line at a time", async () => {
    await openSettings();
    await submit("test-paynet");
    expect($$("#test-result")).toHaveLength(1);
    expect($("#test-result").closest("form")).toBe($("#test-paynet").closest("form"));
    expect(visible("#test-result")).toBe(true);
    await submit("test-paytr");
    expect($$("#test-result")).toHaveLength(1);
    expect($("#test-result").closest("form")).toBe($("#test-paytr").closest("form"));
    expect($("#test-result").classList.contains("ok")).toBe(false);
  });

  it("a saved key's emptied fields say the key is kept, and clear that when it is removed", async () => {
    await openSettings();
    for (const id of ["paynet-key", "paytr-id", "paytr-key", "paytr-salt"]) expect(input(id).placeholder).toBe("");
    input("paynet-key").value = "sk_test_abc";
    await submit("paynet-save");
    expect(input("paynet-key").value).toBe("");
    expect(input("paynet-key").placeholder).toBe("Kayıtlı — değiştirmek için yenisini yazın");
    expect(input("paytr-key").placeholder).toBe("");
    $<HTMLButtonElement>("#paynet-clear").click();
    await submit("paynet-clear");
    expect(input("paynet-key").placeholder).toBe("");
  });

  it("keys saved before opening show the hint on every field of that provider, in English too", async () => {
    await openSettings(backend({ mode: "live", credentials: { paynet: false, paytr: true, iyzico: false } }), "en-US");
    for (const id of ["paytr-id", "paytr-key", "paytr-salt"]) {
      expect(input(id).placeholder).toBe("Saved — type a new one to replace it");
    }
    expect(input("paynet-key").placeholder).toBe("");
  });

  it("choosing the providers in use saves the settings and keeps at least one", async () => {
    const both = { paynet: true, paytr: true, iyzico: false };
    const m = await openSettings(
      backend({ mode: "live", credentials: both, settings: { ...demoInfo().settings, providersInUse: ["paynet", "paytr"] } }),
    );
    const paytr = $<HTMLInputElement>("#in-use-paytr");
    paytr.checked = false;
    paytr.dispatchEvent(new Event("change"));
    await settle();
    await settle();
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).providersInUse).toEqual(["paynet"]);
    const paynet = $<HTMLInputElement>("#in-use-paynet");
    paynet.checked = false;
    paynet.dispatchEvent(new Event("change"));
    await settle();
    expect(paynet.checked).toBe(true);
    expect(m.of("save_settings")).toHaveLength(1);
  });

  it("the payment sound and close-to-tray boxes show and save the settings", async () => {
    const m = await openSettings(backend({ settings: { ...demoInfo().settings, sound: true, closeToTray: false } }));
    expect(input("sound").checked).toBe(true);
    expect(input("close-to-tray").checked).toBe(false);
    input("sound").checked = false;
    input("sound").dispatchEvent(new Event("change"));
    await settle();
    await settle();
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).sound).toBe(false);
    expect(m.app.info()!.settings.sound).toBe(false);
    input("close-to-tray").checked = true;
    input("close-to-tray").dispatchEvent(new Event("change"));
    await settle();
    await settle();
    const saved = m.of("save_settings").at(-1)!.settings as SettingsDto;
    expect([saved.sound, saved.closeToTray]).toEqual([false, true]);
    expect($("#toast").textContent).toBe("Kaydedildi");
  });

  it("'başka yerde de satış' is off by default, explained, and saved when ticked", async () => {
    const m = await openSettings();
    expect(input("paytr-elsewhere").checked).toBe(false);
    expect($("#paytr-elsewhere-hint").textContent).toContain("size sorulur");
    input("paytr-elsewhere").checked = true;
    input("paytr-elsewhere").dispatchEvent(new Event("change"));
    await settle();
    await settle();
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).paytrSellsElsewhere).toBe(true);
    expect(m.app.info()!.settings.paytrSellsElsewhere).toBe(true);
  });

  it("'Destek paketi oluştur' makes the package and says where it went", async () => {
    const m = await openSettings();
    expect($("#support-package").textContent).toBe("Destek paketi oluştur");
    await submit("support-package");
    expect(m.of("create_support_package")).toHaveLength(1);
    expect($("#toast").textContent).toBe("Destek paketi kaydedildi: /home/esnaf/tahsildar-destek.zip");
  });

  it("a refused save puts the box back to what is saved", async () => {
    const base = backend();
    await openSettings((cmd, a) => {
      if (cmd === "save_settings") throw { kind: "store", message: "Ayarlar kaydedilemedi.", retryable: true };
      return base(cmd, a);
    });
    input("sound").checked = false;
    input("sound").dispatchEvent(new Event("change"));
    await settle();
    expect(input("sound").checked).toBe(true);
    expect($("#toast").textContent).toBe("Ayarlar kaydedilemedi.");
  });

  it("the demo text says demo links are kept apart from real ones", async () => {
    await openSettings();
    expect($("#demo-explain").textContent).toContain("ayrı bir dosyada");
  });

  it("switching the language redraws in English and saves it", async () => {
    const m = await openSettings();
    choose("lang", "en");
    await settle();
    await settle();
    expect((m.of("save_settings").at(-1)!.settings as SettingsDto).lang).toBe("en");
    expect($("#nav-settings").textContent).toBe("Settings");
    expect(visible("#paynet-status")).toBe(true);
    expect($("#paynet-status").textContent).toBe("Not saved");
    expect($<HTMLSelectElement>("#lang").value).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    // Later commands carry the new language.
    await submit("test-paynet");
    expect(m.of("test_connection").at(-1)!.lang).toBe("en");
  });
});
