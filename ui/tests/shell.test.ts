import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppInfo } from "../src/ipc";
import { $, demoInfo, input, link, mount, QR, settle } from "./helpers";

const withInfo = (info: AppInfo) => (cmd: string) => {
  if (cmd === "get_app_info") return info;
  if (cmd === "get_link") return link({ qrPngDataUrl: QR });
  if (cmd === "list_links") return { rows: [], total: 0 };
  return undefined;
};

const live = (
  paynetEnv: "test" | "live",
  credentials = { paynet: true, paytr: false, iyzico: false },
  iyzicoEnv: "test" | "live" = "live",
) => demoInfo({ mode: "live", credentials, settings: { ...demoInfo().settings, paynetEnv, iyzicoEnv, providersInUse: ["paynet"] } });

beforeEach(() => {
  document.body.replaceChildren();
  window.scrollTo(0, 0);
});
afterEach(() => clearMocks());

describe("changing views", () => {
  it("opens every view at the top, not at the last view's scroll offset", async () => {
    await mount(withInfo(demoInfo()));
    for (const id of ["nav-settings", "nav-links", "nav-create"]) {
      window.scrollTo(0, 640);
      expect(window.scrollY).toBe(640);
      $<HTMLButtonElement>(`#${id}`).click();
      await settle();
      expect(window.scrollY).toBe(0);
    }
  });

  it("still puts the cursor in the amount field on Yeni link", async () => {
    await mount(withInfo(demoInfo()));
    $<HTMLButtonElement>("#nav-settings").click();
    window.scrollTo(0, 400);
    $<HTMLButtonElement>("#nav-create").click();
    expect(window.scrollY).toBe(0);
    expect(document.activeElement).toBe(input("amount"));
  });

  it("opens Paylaş at its header and QR from a scrolled list", async () => {
    const m = await mount(withInfo(demoInfo()));
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    window.scrollTo(0, 900);
    await m.app.openLink(7);
    expect(window.scrollY).toBe(0);
  });
});

describe("mode badge", () => {
  it("says live keys on Paynet's test host are not plain live", async () => {
    await mount(withInfo(live("test")));
    expect($("#mode-badge").textContent).toBe("Canlı — Paynet test sunucusu");
    expect($("#mode-badge").classList.contains("test-host")).toBe(true);
  });

  it("in English too", async () => {
    await mount(withInfo(live("test")), "en-US");
    expect($("#mode-badge").textContent).toBe("Live — Paynet test server");
  });

  it("says Canlı on Paynet's live host", async () => {
    await mount(withInfo(live("live")));
    expect($("#mode-badge").textContent).toBe("Canlı");
    expect($("#mode-badge").classList.contains("test-host")).toBe(false);
  });

  it("says Canlı with PayTR alone, whatever the (unused) Paynet host", async () => {
    await mount(withInfo(live("test", { paynet: false, paytr: true, iyzico: false })));
    expect($("#mode-badge").textContent).toBe("Canlı");
  });

  it("says iyzico keys on its sandbox host are not plain live, alone or with Paynet's test host", async () => {
    await mount(withInfo(live("live", { paynet: true, paytr: false, iyzico: true }, "test")));
    expect($("#mode-badge").textContent).toBe("Canlı — iyzico test sunucusu");
    expect($("#mode-badge").classList.contains("test-host")).toBe(true);
    await mount(withInfo(live("test", { paynet: true, paytr: false, iyzico: true }, "test")), "en-US");
    expect($("#mode-badge").textContent).toBe("Live — Paynet and iyzico test servers");
  });

  it("says Canlı with iyzico on its live host, and ignores the iyzico host without iyzico keys", async () => {
    await mount(withInfo(live("live", { paynet: true, paytr: false, iyzico: true }, "live")));
    expect($("#mode-badge").textContent).toBe("Canlı");
    await mount(withInfo(live("live", { paynet: true, paytr: false, iyzico: false }, "test")));
    expect($("#mode-badge").textContent).toBe("Canlı");
  });
});
