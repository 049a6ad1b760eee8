import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { UpdateStatus } from "../src/ipc";
import { $, demoInfo, emit, mount, settle, visible, type Args } from "./helpers";

const status = (over: Partial<UpdateStatus> = {}): UpdateStatus => ({
  phase: "idle",
  checks: true,
  currentVersion: "0.1.0",
  ...over,
});

/** A small Rust updater: answers the status it holds; `install_update` answers `installAnswer`. */
function backend(start: UpdateStatus | undefined, installAnswer: () => unknown = () => undefined) {
  const state = { now: start };
  const handler = (cmd: string, a: Args): unknown => {
    switch (cmd) {
      case "get_app_info":
        return demoInfo();
      case "get_update_status":
        return state.now;
      case "check_for_update":
        return state.now;
      case "set_update_checks":
        state.now = { ...(state.now ?? status()), checks: a.on as boolean };
        return state.now;
      case "install_update":
        return installAnswer();
      default:
        return undefined;
    }
  };
  return { state, handler };
}

const flush = async () => {
  for (let i = 0; i < 4; i++) await settle();
};

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("updates in Ayarlar", () => {
  it("a ready update says 'Yeni sürüm hazır — Güncelle', shows a quiet dot, and installs only on the click", async () => {
    const b = backend(status({ phase: "ready", version: "0.2.0" }));
    const m = await mount(b.handler);
    await flush();
    expect(visible("#update-dot")).toBe(true);
    expect($("#update-dot").getAttribute("aria-label")).toBe("Yeni sürüm hazır");
    // The dot is quiet: the tab's own text stays "Ayarlar".
    expect($("#nav-settings").textContent).toBe("Ayarlar");
    $<HTMLButtonElement>("#nav-settings").click();
    expect(visible("#update-ready")).toBe(true);
    expect($("#update-ready").textContent).toBe("Yeni sürüm hazır — Güncelle");
    expect($("#update-ready-hint").textContent).toContain("Sürüm 0.2.0 indirildi ve imzası doğrulandı");
    expect($("#update-current").textContent).toBe("Bu bilgisayardaki sürüm: 0.1.0");
    expect(m.of("install_update")).toEqual([]);
    $<HTMLButtonElement>("#update-install").click();
    await flush();
    expect(m.of("install_update")).toEqual([{ lang: "tr" }]);
  });

  it("a refused install (a link being created) is said under the card, and the offer stays", async () => {
    const refusal = { kind: "wrong_state", message: "Şu an bir link oluşturuluyor; bittikten sonra Güncelle'ye tekrar basın.", retryable: true };
    const b = backend(status({ phase: "ready", version: "0.2.0" }), () => {
      throw refusal;
    });
    await mount(b.handler);
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    $<HTMLButtonElement>("#update-install").click();
    await flush();
    expect(visible("#update-error")).toBe(true);
    expect($("#update-error").textContent).toBe(refusal.message);
    expect(visible("#update-install")).toBe(true);
  });

  it("a wrongly signed update shows Rust's message, offers nothing to install and no dot", async () => {
    const message = "Yeni sürüm (0.2.0) indirildi ama imzası doğrulanamadı: … kurulmadı.";
    await mount(backend(status({ phase: "refused", version: "0.2.0", message })).handler);
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    expect(visible("#update-dot")).toBe(false);
    expect(visible("#update-ready")).toBe(false);
    expect(visible("#update-install")).toBe(false);
    expect($("#update-line").textContent).toBe(message);
    expect($("#update-line").classList.contains("refused")).toBe(true);
  });

  it("the switch turns the daily check off and back on; 'Şimdi denetle' asks once", async () => {
    const b = backend(status({ phase: "upToDate" }));
    const m = await mount(b.handler);
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    const auto = $<HTMLInputElement>("#update-auto");
    expect(auto.checked).toBe(true);
    expect($("#update-line").textContent).toBe("Tahsildar güncel.");
    auto.checked = false;
    auto.dispatchEvent(new Event("change"));
    await flush();
    expect(m.of("set_update_checks")).toEqual([{ on: false, lang: "tr" }]);
    expect(auto.checked).toBe(false);
    b.state.now = status({ checks: false });
    $<HTMLButtonElement>("#update-check").click();
    await flush();
    expect(m.of("check_for_update")).toHaveLength(1);
    expect($("#update-line").textContent).toContain("kendiliğinden bakılmıyor");
  });

  it("follows Rust's update-status event, in English too", async () => {
    const b = backend(status({ phase: "checking" }));
    await mount(b.handler, "en-GB");
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    expect($("#update-line").textContent).toBe("Looking for a new version…");
    expect(visible("#update-dot")).toBe(false);
    b.state.now = status({ phase: "ready", version: "0.2.0" });
    await emit("update-status", null);
    await flush();
    expect($("#update-ready").textContent).toBe("New version ready — Update");
    expect(visible("#update-dot")).toBe(true);
  });

  it("after a language switch Rust's message is asked for again, in the new language", async () => {
    const message = { tr: "Yeni sürüm (0.2.0) indirildi ama imzası doğrulanamadı.", en: "The new version (0.2.0) was downloaded but its signature could not be verified." };
    const m = await mount((cmd: string, a: Args) => {
      if (cmd === "get_update_status") return status({ phase: "refused", version: "0.2.0", message: message[a.lang as "tr" | "en"] });
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "save_settings") return a.settings;
      return undefined;
    });
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    expect($("#update-line").textContent).toBe(message.tr);
    const lang = $<HTMLSelectElement>("#lang");
    lang.value = "en";
    lang.dispatchEvent(new Event("change"));
    await flush();
    expect($("#update-line").textContent).toBe(message.en);
    expect(m.of("get_update_status").at(-1)).toEqual({ lang: "en" });
  });

  it("an app without an updater shows no card", async () => {
    await mount(backend(undefined).handler);
    await flush();
    $<HTMLButtonElement>("#nav-settings").click();
    expect(visible("#updates")).toBe(false);
    expect(visible("#update-dot")).toBe(false);
  });
});
