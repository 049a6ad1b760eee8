import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppInfo } from "../src/ipc";
import { $, demoInfo, mount, settle, visible } from "./helpers";

const REASON = "Anahtar zinciri kilitli ya da erişim reddedildi: oturum parolanızla açın.";

/** Live keys set up, the keychain locked: no clients, the links still listed. */
const locked = (): AppInfo =>
  demoInfo({
    mode: "live",
    credentials: { paynet: false, paytr: false, iyzico: false },
    providersAvailable: [],
    keychainError: REASON,
    keysUnreachable: true,
    settings: { ...demoInfo().settings, providersInUse: ["paynet"] },
  });

const reached = (): AppInfo =>
  demoInfo({
    mode: "live",
    credentials: { paynet: true, paytr: false, iyzico: false },
    providersAvailable: ["paynet"],
    settings: { ...demoInfo().settings, providersInUse: ["paynet"] },
  });

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("keys out of reach", () => {
  it("says so above every view, with the reason, and the links stay in view", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") return locked();
      if (cmd === "list_links") return { rows: [], total: 0 };
      return undefined;
    });
    for (const id of ["nav-create", "nav-links", "nav-settings"]) {
      $<HTMLButtonElement>(`#${id}`).click();
      await settle();
      expect(visible("#keys-unreachable")).toBe(true);
      expect($("#keys-unreachable").textContent).toContain("Anahtarlara ulaşılamıyor");
      expect($("#keys-unreachable-reason").textContent).toBe(REASON);
      expect($("#keys-retry").textContent).toBe("Tekrar dene");
    }
    expect($("#mode-badge").textContent).toBe("Canlı");
  });

  it("Tekrar dene reads the keychain again; the banner goes when the keys are read", async () => {
    let answer = locked();
    const m = await mount((cmd) => {
      if (cmd === "get_app_info") return locked();
      if (cmd === "retry_keychain") return answer;
      if (cmd === "list_links") return { rows: [], total: 0 };
      return undefined;
    });
    $<HTMLButtonElement>("#keys-retry").click();
    await settle();
    expect(m.of("retry_keychain")).toHaveLength(1);
    expect(visible("#keys-unreachable")).toBe(true);
    expect($("#toast").textContent).toBe("Anahtarlara hâlâ ulaşılamıyor.");

    answer = reached();
    $<HTMLButtonElement>("#keys-retry").click();
    await settle();
    expect(m.of("retry_keychain")).toHaveLength(2);
    expect(visible("#keys-unreachable")).toBe(false);
    expect($("#toast").textContent).toBe("Anahtarlar okundu; link oluşturabilirsiniz.");
  });

  it("is not shown when the keys are in reach", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? reached() : undefined));
    expect(visible("#keys-unreachable")).toBe(false);
  });

  it("the reason Rust wrote follows a language switch", async () => {
    const m = await mount((cmd, args) => {
      if (cmd === "get_app_info") return { ...locked(), keychainError: args.lang === "en" ? "The keychain is locked." : REASON };
      if (cmd === "save_settings") return { ...locked().settings, lang: "en" };
      return undefined;
    });
    expect($("#keys-unreachable-reason").textContent).toBe(REASON);
    await m.app.setLang("en");
    await settle();
    expect($("#keys-unreachable-reason").textContent).toBe("The keychain is locked.");
    expect($("#keys-unreachable").textContent).toContain("The keys cannot be reached");
  });

  it("in English too", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? locked() : undefined), "en-US");
    expect($("#keys-unreachable").textContent).toContain("The keys cannot be reached");
    expect($("#keys-retry").textContent).toBe("Try again");
  });
});

describe("Ayarlar with the keys out of reach", () => {
  it("never says a key is not saved: it says the keychain cannot be reached, with Tekrar dene", async () => {
    let answer = locked();
    const m = await mount((cmd) => {
      if (cmd === "get_app_info") return locked();
      if (cmd === "retry_keychain") return answer;
      return undefined;
    });
    $<HTMLButtonElement>("#nav-settings").click();
    for (const p of ["paynet", "paytr"]) {
      expect($(`#${p}-status`).textContent).toBe("Ulaşılamıyor");
      expect($(`#${p}-status`).classList.contains("unreachable")).toBe(true);
      expect(visible(`#${p}-retry`)).toBe(true);
      expect($(`#${p}-retry`).textContent).toBe("Tekrar dene");
    }

    answer = reached();
    $<HTMLButtonElement>("#paytr-retry").click();
    await settle();
    expect(m.of("retry_keychain")).toHaveLength(1);
    expect($("#paynet-status").textContent).toBe("Kayıtlı");
    expect($("#paytr-status").textContent).toBe("Kayıtlı değil");
    for (const p of ["paynet", "paytr"]) {
      expect($(`#${p}-status`).classList.contains("unreachable")).toBe(false);
      expect(visible(`#${p}-retry`)).toBe(false);
    }
  });

  it("in English too", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? locked() : undefined), "en-US");
    $<HTMLButtonElement>("#nav-settings").click();
    expect($("#paynet-status").textContent).toBe("Can't be reached");
    expect($("#paytr-retry").textContent).toBe("Try again");
  });

  it("with the keys in reach, a provider without keys is not saved and no retry shows", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? reached() : undefined));
    $<HTMLButtonElement>("#nav-settings").click();
    expect($("#paytr-status").textContent).toBe("Kayıtlı değil");
    expect(visible("#paynet-retry")).toBe(false);
    expect(visible("#paytr-retry")).toBe(false);
  });
});

describe("notifications", () => {
  it("Ayarlar says in one line when the app cannot notify", async () => {
    const line = "Bildirimler kapalı: ödeme bildirimi için işletim sisteminin bildirim ayarlarından Tahsildar'a izin verin.";
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo({ notificationsOff: line }) : undefined));
    $<HTMLButtonElement>("#nav-settings").click();
    expect(visible("#notifications-off")).toBe(true);
    expect($("#notifications-off").textContent).toBe(line);
  });

  it("and says nothing when it can", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo() : undefined));
    $<HTMLButtonElement>("#nav-settings").click();
    expect(visible("#notifications-off")).toBe(false);
  });
});
