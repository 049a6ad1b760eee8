// Knowing when the customer paid: live rows, the chime, the unseen count, "hangi link?".

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AmbiguousSale, LinkDto, PaymentReceivedEvent } from "../src/ipc";
import { sound } from "../src/sound";
import { TRACKER_ERROR_QUIET_MS } from "../src/app";
import { $, $$, QR, demoInfo, dropEvents, emit, emitStatus, link, mount, settle, visible, type Args, type Handler } from "./helpers";

const PAID_ACTIONS = { refresh: false, cancel: false, reopen: false, delete: false, resend: false, check: false, share: false };
const paid = (over: Partial<LinkDto> = {}) =>
  link({ ...over, status: "paid", paidAt: "2025-11-22T12:00:00.000Z", actions: PAID_ACTIONS });

/** Two waiting PayTR links for the same 120,00 TL and the sale that fits both. */
const ali = link({ id: 11, provider: "paytr", customer: "Ali Veli", description: "Kahve", amountMinor: 12000, amountText: "120,00 TL" });
const ayse = link({ id: 12, provider: "paytr", customer: "Ayşe Yılmaz", description: "Çay", amountMinor: 12000, amountText: "120,00 TL" });
const sale = (oid = "PT1", candidates = [ayse, ali]): AmbiguousSale => ({ oid, amountText: "120,00 TL", candidates });

/** A small Rust: links 7, 11 and 12; `unseen` payments not looked at; `sales` waiting. */
function backend(opts: { unseen?: number; sales?: AmbiguousSale[]; sound?: boolean } = {}): Handler {
  let unseen = opts.unseen ?? 0;
  let sales = opts.sales ?? [];
  const info = demoInfo();
  info.settings.sound = opts.sound ?? true;
  return (cmd: string, a: Args) => {
    switch (cmd) {
      case "get_app_info":
        return info;
      case "list_links":
        return { rows: [link(), ali, ayse], total: 3 };
      case "get_link":
        return link({ qrPngDataUrl: QR });
      case "save_settings":
        info.settings = a.settings as typeof info.settings;
        return info.settings;
      case "get_unseen_payments":
        return unseen;
      case "mark_payments_seen":
        unseen = 0;
        return 0;
      case "list_ambiguous_sales":
        return sales;
      case "resolve_sale": {
        sales = sales.filter((s) => s.oid !== a.oid);
        const picked = [ali, ayse].find((l) => l.id === a.linkId)!;
        return paid({ ...picked });
      }
      case "dismiss_sale":
        sales = sales.filter((s) => s.oid !== a.oid);
        return null;
      default:
        return undefined;
    }
  };
}

const click = async (sel: string) => {
  $<HTMLButtonElement>(sel).click();
  await settle();
};
const received = async (e: PaymentReceivedEvent) => {
  await emit("payment-received", e);
  await settle();
};

let chimes: ReturnType<typeof vi.fn>;
beforeEach(() => {
  document.body.replaceChildren();
  chimes = vi.fn(async () => undefined);
  vi.spyOn(sound, "play").mockImplementation(chimes);
});
afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("live status", () => {
  it("a paid link changes its Linkler row in place, without a click", async () => {
    const m = await mount(backend());
    await click("#nav-links");
    const before = $('tr[data-link-id="11"]');
    await emitStatus(paid({ ...ali }));
    const row = $('tr[data-link-id="11"]');
    expect(row.querySelector<HTMLElement>(".status")!.dataset.status).toBe("paid");
    expect(row.querySelector(".status")!.textContent).toBe("Ödendi");
    // Drawn again in place (a focused button in it keeps its focus). No reload: only that row.
    expect(row).toBe(before);
    expect(m.of("list_links")).toHaveLength(1);
    expect($('tr[data-link-id="12"] .status').dataset.status).toBe("waiting");
  });

  it("the share view shows a big 'Ödendi ✓' instead of 'Ödeme bekleniyor'", async () => {
    await mount(backend());
    await click("#nav-links");
    await click('tr[data-link-id="7"] .act-share');
    expect(visible("#paid-banner")).toBe(false);
    expect(visible("#share-status")).toBe(true);
    expect($("#share-status").textContent).toBe("Ödeme bekleniyor");
    await emitStatus(paid());
    expect(visible("#paid-banner")).toBe(true);
    expect($("#paid-banner").textContent).toContain("Ödendi ✓");
    // 12:00 UTC is 15:00 in Istanbul.
    expect($("#paid-when").textContent).toBe("Ödeme alındı: 22.11.2025 15:00");
    expect(visible("#share-status")).toBe(false);
    expect($("#result").classList.contains("is-paid")).toBe(true);
    expect($("#result").textContent).not.toContain("Ödeme bekleniyor");
  });
});

/** Link 7 was opened on the share view, then Linkler is shown again. */
async function sharedThenLinkler() {
  const m = await mount(backend());
  await click("#nav-links");
  await click('tr[data-link-id="7"] .act-share');
  await click("#nav-links");
  return m;
}

/** Runs `what` and lets the UI's debounced re-reads happen. */
async function andTheReReads(what: () => Promise<void>) {
  vi.useFakeTimers();
  await what();
  await vi.advanceTimersByTimeAsync(1000);
  vi.useRealTimers();
  await settle();
}

describe("many changes at once", () => {
  it("'links-changed' re-reads the Linkler page once and the link on the share view", async () => {
    const m = await sharedThenLinkler();
    const lists = m.of("list_links").length;
    const gets = m.of("get_link").length;
    await andTheReReads(async () => {
      for (let i = 0; i < 3; i++) await emit("links-changed", { count: 500 });
    });
    expect(m.of("list_links")).toHaveLength(lists + 1);
    expect(m.of("get_link").length).toBeGreaterThan(gets);
    expect(m.of("get_link").at(-1)).toMatchObject({ id: 7 });
  });
});

describe("events the app dropped", () => {
  it("re-read the Linkler page, the link shown, the unseen count, the sales waiting and the updater", async () => {
    const m = await sharedThenLinkler();
    const reads = ["list_links", "get_link", "get_unseen_payments", "list_ambiguous_sales", "get_update_status"];
    const counts = reads.map((cmd) => m.of(cmd).length);
    await andTheReReads(dropEvents);
    expect(reads.map((cmd, i) => m.of(cmd).length - (counts[i] ?? 0))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("payment received", () => {
  it("chimes, says who paid, and counts it on the Linkler tab until Linkler is opened", async () => {
    const m = await mount(backend({ unseen: 1 }));
    expect(m.of("get_unseen_payments")).toHaveLength(1);
    expect(visible("#unseen-count")).toBe(true);
    expect($("#unseen-count").textContent).toBe("1");

    await received({ link: paid({ customer: "Ali Veli" }), unseenCount: 2 });
    expect(chimes).toHaveBeenCalledTimes(1);
    expect($("#toast").textContent).toBe("Ali Veli 1.234,56 TL ödedi");
    expect($("#unseen-count").textContent).toBe("2");
    expect($("#unseen-count").getAttribute("aria-label")).toBe("2 yeni ödeme");
    expect(m.of("mark_payments_seen")).toHaveLength(0);

    await click("#nav-links");
    expect(m.of("mark_payments_seen")).toHaveLength(1);
    expect(visible("#unseen-count")).toBe(false);
    expect($("#nav-links").textContent).toBe("Linkler");
  });

  it("is silent when the sound is off in Ayarlar", async () => {
    await mount(backend({ sound: false }));
    await received({ link: paid({ customer: "" }), unseenCount: 1 });
    expect(chimes).not.toHaveBeenCalled();
    expect($("#toast").textContent).toBe("1.234,56 TL ödendi");
    expect($("#unseen-count").textContent).toBe("1");
  });

  it("while Linkler is open the payment is seen at once and the row is already paid", async () => {
    const m = await mount(backend());
    await click("#nav-links");
    expect(m.of("mark_payments_seen")).toHaveLength(0); // nothing to clear
    await received({ link: paid({ ...ali }), unseenCount: 1 });
    expect($('tr[data-link-id="11"] .status').dataset.status).toBe("paid");
    expect(m.of("mark_payments_seen")).toHaveLength(1);
    expect(visible("#unseen-count")).toBe(false);
  });

  it("follows the count another window cleared", async () => {
    await mount(backend({ unseen: 3 }));
    expect($("#unseen-count").textContent).toBe("3");
    await emit("unseen-payments", { unseenCount: 0 });
    await settle();
    expect(visible("#unseen-count")).toBe(false);
  });

  it("a background failure is said once, not on every retry", async () => {
    await mount(backend());
    const e = { provider: "paytr", kind: "network", message: "İnternet bağlantısı yok." };
    await emit("tracker-error", e);
    await settle();
    expect($("#toast").textContent).toBe("PayTR: ödemeler kontrol edilemedi (kendiliğinden tekrar denenecek). İnternet bağlantısı yok.");
    expect($("#toast").classList.contains("error")).toBe(true);
    $("#toast").textContent = "";
    await emit("tracker-error", e);
    await settle();
    expect($("#toast").textContent).toBe("");
    const later = Date.now() + TRACKER_ERROR_QUIET_MS + 1;
    vi.spyOn(Date, "now").mockReturnValue(later);
    await emit("tracker-error", e);
    await settle();
    expect($("#toast").textContent).toContain("PayTR:");
  });
});

describe("ödeme geldi — hangi link?", () => {
  it("a sale waiting since before the start is asked at once; a pick resolves it", async () => {
    const m = await mount(backend({ sales: [sale()] }));
    expect(m.of("list_ambiguous_sales")).toHaveLength(1);
    expect(visible("#ambiguous-sale")).toBe(true);
    const panel = $("#ambiguous-sale");
    expect(panel.querySelector("h2")!.textContent).toBe("Ödeme geldi — hangi link?");
    expect(panel.textContent).toContain("120,00 TL");
    const picks = $$<HTMLButtonElement>("#ambiguous-sale .pick-link");
    expect(picks.map((b) => b.dataset.linkId)).toEqual(["12", "11"]);
    expect(picks[1]!.textContent).toContain("Ali Veli");
    expect(picks[1]!.textContent).toContain("Kahve");
    expect(picks[1]!.textContent).toContain("22.11.2025 14:05");

    await click("#nav-links");
    await click('#ambiguous-sale .pick-link[data-link-id="11"]');
    expect(m.of("resolve_sale")).toEqual([{ oid: "PT1", linkId: 11, lang: "tr" }]);
    expect(visible("#ambiguous-sale")).toBe(false);
    expect($('tr[data-link-id="11"] .status').dataset.status).toBe("paid");
    expect($("#toast").textContent).toBe("Ödeme işlendi: Ali Veli");
  });

  it("an event brings the panel up with the focus on the first choice; arrows and Hiçbiri work", async () => {
    const m = await mount(backend());
    expect(visible("#ambiguous-sale")).toBe(false);
    (document.activeElement as HTMLElement | null)?.blur();
    await emit("ambiguous-sale", sale("PT2"));
    await settle();
    expect(visible("#ambiguous-sale")).toBe(true);
    const [first, second] = $$<HTMLButtonElement>("#ambiguous-sale .pick-link");
    expect(document.activeElement).toBe(first);
    first!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(document.activeElement).toBe(second);
    second!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(document.activeElement).toBe($("#ambiguous-dismiss"));
    await click("#ambiguous-dismiss");
    expect(m.of("dismiss_sale")).toEqual([{ oid: "PT2", lang: "tr" }]);
    expect(m.of("resolve_sale")).toHaveLength(0);
    expect(visible("#ambiguous-sale")).toBe(false);
  });

  it("does not take the focus from the amount being typed", async () => {
    await mount(backend());
    expect(document.activeElement).toBe($("#amount"));
    await emit("ambiguous-sale", sale());
    await settle();
    expect(visible("#ambiguous-sale")).toBe(true);
    expect(document.activeElement).toBe($("#amount"));
  });

  it("several sales are asked one after the other", async () => {
    const m = await mount(backend({ sales: [sale("PT1"), sale("PT3", [ali, ayse])] }));
    expect($("#ambiguous-sale").textContent).toContain("Sırada 1 ödeme daha var.");
    await click('#ambiguous-sale .pick-link[data-link-id="12"]');
    expect(visible("#ambiguous-sale")).toBe(true);
    expect($("#ambiguous-sale").dataset.oid).toBe("PT3");
    await click('#ambiguous-sale .pick-link[data-link-id="11"]');
    expect(m.of("resolve_sale").map((a) => [a.oid, a.linkId])).toEqual([
      ["PT1", 12],
      ["PT3", 11],
    ]);
    expect(visible("#ambiguous-sale")).toBe(false);
  });

  it("a refused pick keeps the question and says why", async () => {
    const base = backend({ sales: [sale()] });
    await mount((cmd, a) => {
      if (cmd === "resolve_sale") throw { kind: "conflict", message: "PayTR bu ödemeyi bu linkle eşleştirmedi.", retryable: false };
      return base(cmd, a);
    });
    await click('#ambiguous-sale .pick-link[data-link-id="11"]');
    expect(visible("#ambiguous-sale")).toBe(true);
    expect($("#toast").textContent).toBe("PayTR bu ödemeyi bu linkle eşleştirmedi.");
  });

  it("stays up, in English, when the language changes", async () => {
    await mount(backend({ sales: [sale()] }));
    await click("#nav-settings");
    const lang = $<HTMLSelectElement>("#lang");
    lang.value = "en";
    lang.dispatchEvent(new Event("change"));
    await settle();
    expect($("#ambiguous-sale h2").textContent).toBe("Payment received — which link?");
    expect($$("#ambiguous-sale .pick-link")).toHaveLength(2);
  });
});
