import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { LinkQuery, LinkSummary } from "../src/ipc";
import { istanbulLocalInput } from "../src/format";
import { catalogue } from "../src/i18n";
import { summaryLabel, summarySegments } from "../src/views/summary";
import { SEARCH_DELAY_MS } from "../src/views/links";
import { $, choose, demoInfo, emitStatus, link, mount, settle, typeInto, type Args } from "./helpers";

const TODAY = "2026-11-22";
const tr = catalogue("tr");
const en = catalogue("en");

function sum(over: Partial<LinkSummary> = {}): LinkSummary {
  return {
    paid: [
      { currency: "TL", count: 7, totalMinor: 342050 },
      { currency: "USD", count: 1, totalMinor: 2500 },
    ],
    refunded: [],
    waiting: [{ currency: "TL", count: 2, totalMinor: 110000 }],
    expired: 3,
    cancelled: 1,
    unknown: 0,
    today: TODAY,
    ...over,
  };
}

/** list_links answers one row; link_summary answers `answer(query)` and records each query. */
function app(answer: (q: Args) => LinkSummary) {
  return (cmd: string, a: Args): unknown => {
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_links") return { rows: [link()], total: 1 };
    if (cmd === "link_summary") return answer(a);
    return undefined;
  };
}

async function openLinks(handler: (cmd: string, a: Args) => unknown, language = "tr-TR") {
  const m = await mount(handler, language);
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  await settle();
  return m;
}

const strip = () => $("#links-summary");
const summaryArgs = (m: { of(cmd: string): Args[] }) => {
  const { lang: _lang, ...q } = m.of("link_summary").at(-1)!;
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
};

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("summary text", () => {
  it("says today, a day, a range or all links", () => {
    const q = (from?: string, to?: string): LinkQuery => ({ from, to });
    expect(summaryLabel(tr, q(TODAY, TODAY), TODAY)).toBe("Bugün");
    expect(summaryLabel(en, q(TODAY, TODAY), TODAY)).toBe("Today");
    expect(summaryLabel(tr, { toRemind: true }, TODAY)).toBe("Hatırlatılacak");
    expect(summaryLabel(en, { from: TODAY, to: TODAY, toRemind: true }, TODAY)).toBe("To remind · Today");
    expect(summaryLabel(tr, q("2026-11-21", "2026-11-21"), TODAY)).toBe("21.11.2026");
    expect(summaryLabel(tr, q("2026-11-01", "2026-11-22"), TODAY)).toBe("01.11.2026 – 22.11.2026");
    expect(summaryLabel(tr, q("2026-11-01"), TODAY)).toBe("01.11.2026 – …");
    expect(summaryLabel(tr, q(), TODAY)).toBe("Tüm linkler");
    expect(summaryLabel(en, q(), TODAY)).toBe("All links");
  });

  it("says what was refunded beside the paid totals (which are net of it)", () => {
    const refunded = sum({
      paid: [{ currency: "TL", count: 1, totalMinor: 5000 }],
      refunded: [
        { currency: "TL", count: 2, totalMinor: 24200 },
        { currency: "USD", count: 1, totalMinor: 2500 },
      ],
      waiting: [],
      expired: 0,
      cancelled: 0,
    });
    expect(summarySegments(tr, refunded).map((s) => [s.kind, s.text])).toEqual([
      ["paid", "1 ödeme · 50,00 TL"],
      ["refunded", "2 iade (242,00 TL)"],
      ["refunded", "1 iade (25,00 USD)"],
    ]);
    expect(summarySegments(en, refunded).map((s) => s.text)).toEqual(["1 paid · 50,00 TL", "2 refunded (242,00 TL)", "1 refunded (25,00 USD)"]);
    // An older answer without the field reads as no refunds.
    const { refunded: _r, ...old } = sum();
    expect(summarySegments(tr, old as LinkSummary).some((s) => s.kind === "refunded")).toBe(false);
  });

  it("gives one segment per currency and leaves out empty counts", () => {
    expect(summarySegments(tr, sum()).map((s) => s.text)).toEqual([
      "7 ödeme · 3.420,50 TL",
      "1 ödeme · 25,00 USD",
      "2 bekliyor (1.100,00 TL)",
      "3 süresi doldu",
      "1 iptal",
    ]);
    expect(summarySegments(en, sum({ expired: 0, cancelled: 0, unknown: 2 })).map((s) => s.text)).toEqual([
      "7 paid · 3.420,50 TL",
      "1 paid · 25,00 USD",
      "2 waiting (1.100,00 TL)",
      "2 unknown",
    ]);
    const none = sum({ paid: [], waiting: [], expired: 0, cancelled: 0, unknown: 0 });
    expect(summarySegments(tr, none).map((s) => s.text)).toEqual(["0 ödeme"]);
    // Big totals stay exact integers of kuruş: 12.345.678.901,23 TL.
    const big = sum({ paid: [{ currency: "TL", count: 100000, totalMinor: 1234567890123 }] });
    expect(summarySegments(tr, big)[0]!.text).toBe("100.000 ödeme · 12.345.678.901,23 TL");
  });
});

describe("summary strip on Linkler", () => {
  it("shows the totals for the filter and asks again when the filter changes", async () => {
    const m = await openLinks(app(() => sum()));
    expect(strip().hidden).toBe(false);
    expect(strip().textContent).toBe("Tüm linkler:7 ödeme · 3.420,50 TL·1 ödeme · 25,00 USD·2 bekliyor (1.100,00 TL)·3 süresi doldu·1 iptal");
    expect(summaryArgs(m)).toEqual({});
    choose("links-provider", "paytr");
    await settle();
    await settle();
    expect(summaryArgs(m)).toEqual({ provider: "paytr" });
    expect(m.of("link_summary").at(-1)).not.toHaveProperty("offset");
  });

  it("'Bugün' filters to today in Istanbul and the strip says so", async () => {
    const today = istanbulLocalInput(new Date(), 0).slice(0, 10);
    const m = await openLinks(app(() => sum({ today })));
    $<HTMLButtonElement>("#links-today").click();
    await settle();
    await settle();
    expect(summaryArgs(m)).toEqual({ from: today, to: today });
    expect(m.of("list_links").at(-1)).toMatchObject({ from: today, to: today });
    expect(strip().querySelector(".summary-label")!.textContent).toBe("Bugün:");
  });

  it("a search asks its totals with its rows as the owner types; in hand at the pause, both are drawn in one task", async () => {
    const m = await openLinks((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [link({ id: a.text ? 9 : 7, customer: String(a.text ?? "Ayşe") })], total: 1 };
      if (cmd === "link_summary") return sum({ expired: a.text ? 5 : 3 });
      return undefined;
    });
    expect(strip().textContent).toContain("3 süresi doldu");
    const before = m.of("link_summary").length;
    // What the strip says at the moment the new rows go in (before anything else runs).
    let stripWithRows = "";
    const rows = new MutationObserver(() => (stripWithRows ||= strip().textContent ?? ""));
    rows.observe($("#links-table tbody"), { childList: true, subtree: true, characterData: true });
    typeInto("links-search", "mehmet");
    // Asked on the keystroke, beside the page, not after the typing pause.
    expect(m.of("link_summary").slice(before).map((q) => q.text)).toEqual(["mehmet"]);
    await new Promise((r) => setTimeout(r, SEARCH_DELAY_MS + 20));
    await settle();
    rows.disconnect();
    expect($('tr[data-link-id="9"]').textContent).toContain("mehmet");
    expect(stripWithRows).toContain("5 süresi doldu");
    // Nothing asked again after the pause.
    expect(m.of("link_summary").length).toBe(before + 1);
  });

  it("slow totals never hold the rows up: drawn when they come", async () => {
    const waiting: (() => void)[] = [];
    await openLinks((cmd, a) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [link({ id: a.text ? 9 : 7, customer: String(a.text ?? "Ayşe") })], total: 1 };
      if (cmd === "link_summary" && a.text) return new Promise((r) => waiting.push(() => r(sum({ expired: 5 }))));
      if (cmd === "link_summary") return sum();
      return undefined;
    });
    typeInto("links-search", "mehmet");
    await new Promise((r) => setTimeout(r, SEARCH_DELAY_MS + 20));
    await settle();
    expect($('tr[data-link-id="9"]').textContent).toContain("mehmet");
    expect(strip().textContent).toContain("3 süresi doldu");
    waiting[0]!();
    await settle();
    expect(strip().textContent).toContain("5 süresi doldu");
  });

  it("the prefetch ends once rows and totals are both drawn (its unseen layout then covers the strip)", async () => {
    const waiting: (() => void)[] = [];
    const m = await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [link()], total: 1 };
      if (cmd === "link_summary") return new Promise((r) => waiting.push(() => r(sum())));
      return undefined;
    });
    let done = false;
    void m.app.links.prefetch().then(() => (done = true));
    await settle();
    await settle();
    // The rows are drawn, the totals not yet: not done.
    expect($("#links-table").textContent).toContain("Ayşe Yılmaz");
    expect(done).toBe(false);
    waiting.forEach((answer) => answer());
    await settle();
    await settle();
    expect(strip().hidden).toBe(false);
    expect(done).toBe(true);
  });

  it("is read again when the tracker reports a payment", async () => {
    let paid = 7;
    const m = await openLinks(app(() => sum({ paid: [{ currency: "TL", count: paid, totalMinor: paid * 100 }] })));
    expect(strip().textContent).toContain("7 ödeme · 7,00 TL");
    const before = m.of("link_summary").length;
    paid = 8;
    await emitStatus(link({ status: "paid" }));
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(m.of("link_summary").length).toBe(before + 1);
    expect(strip().textContent).toContain("8 ödeme · 8,00 TL");
  });

  it("is in English with an English UI, and hidden when the totals cannot be read", async () => {
    await openLinks(app(() => sum()), "en-GB");
    expect(strip().textContent).toContain("All links:7 paid · 3.420,50 TL");
    document.body.replaceChildren();
    clearMocks();
    await openLinks((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [link()], total: 1 };
      if (cmd === "link_summary") throw { kind: "internal", message: "boom", retryable: false };
      return undefined;
    });
    expect(strip().hidden).toBe(true);
    expect($("#links-table").textContent).toContain("Ayşe Yılmaz");
  });
});
