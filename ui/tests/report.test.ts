import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { DayReport } from "../src/ipc";
import { istanbulLocalInput } from "../src/format";
import { $, $$, demoInfo, input, link, mount, settle, type Args } from "./helpers";

function report(from: string, to: string): DayReport {
  return {
    from,
    to,
    groups: [
      {
        provider: "paynet",
        currency: "TL",
        payments: [
          { linkId: 1, paidAt: "2026-11-22T09:05:00.000Z", customer: "Ali Veli", description: "Pasta", amountMinor: 150050, surchargeMinor: null, installments: null, netMinor: 146000, refundedMinor: 0 },
        ],
        paidCount: 1,
        paidTotalMinor: 150050,
        refundedCount: 0,
        refundedTotalMinor: 0,
        surchargeTotalMinor: 0,
        netTotalMinor: 146000,
        waiting: [{ linkId: 3, createdAt: "2026-11-22T10:00:00.000Z", customer: "Can Demir", description: "Kira", amountMinor: 40000 }],
        waitingTotalMinor: 40000,
      },
      {
        provider: "paytr",
        currency: "TL",
        payments: [
          { linkId: 2, paidAt: "2026-11-22T11:30:00.000Z", customer: "Ayşe Kaya", description: "Çiçek", amountMinor: 192000, surchargeMinor: 6000, installments: 3, netMinor: null, refundedMinor: 0 },
        ],
        paidCount: 1,
        paidTotalMinor: 192000,
        refundedCount: 0,
        refundedTotalMinor: 0,
        surchargeTotalMinor: 6000,
        netTotalMinor: null,
        waiting: [],
        waitingTotalMinor: 0,
      },
    ],
  };
}

function app(extra: (cmd: string, a: Args) => unknown = () => undefined) {
  return (cmd: string, a: Args): unknown => {
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_links") return { rows: [link()], total: 1 };
    if (cmd === "link_summary") return { paid: [], waiting: [], expired: 0, cancelled: 0, unknown: 0, today: "2026-11-22" };
    if (cmd === "day_report") return report((a.from as string) || "2026-11-22", (a.to as string) || "2026-11-22");
    return extra(cmd, a);
  };
}

async function openReport(handler: (cmd: string, a: Args) => unknown, language = "tr-TR") {
  const m = await mount(handler, language);
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  $<HTMLButtonElement>("#links-report").click();
  await settle();
  await settle();
  return m;
}

const cells = (sel: string) => $$(`${sel} td`).map((c) => c.textContent);

beforeEach(() => document.body.replaceChildren());
afterEach(() => {
  clearMocks();
  document.body.classList.remove("print-report");
  vi.restoreAllMocks();
});

describe("day report", () => {
  it("opens for today, per provider and currency, with totals, nets and what waits", async () => {
    const m = await openReport(app());
    const today = istanbulLocalInput(new Date(), 0).slice(0, 10);
    const { lang: _lang, ...asked } = m.of("day_report").at(-1)!;
    expect(asked).toEqual({ from: today, to: today });
    expect($("#day-report").hidden).toBe(false);
    expect($(".links-card").hidden).toBe(true);
    const paynet = $('.report-group[data-provider="paynet"]');
    const paytr = $('.report-group[data-provider="paytr"]');
    expect($$(".report-group").map((g) => g.dataset.provider)).toEqual(["paynet", "paytr"]);
    expect(paynet.querySelector("h2")!.textContent).toBe("Paynet · TL");
    expect(cells('.report-group[data-provider="paynet"] tbody tr[data-link-id="1"]')).toEqual([
      "22.11.2026 12:05",
      "Ali Veli",
      "Pasta",
      "1.500,50 TL",
      "—",
      "1.460,00 TL",
    ]);
    expect(cells('.report-group[data-provider="paynet"] tfoot tr')).toEqual(["Toplam: 1 ödeme", "1.500,50 TL", "—", "1.460,00 TL"]);
    expect(paynet.querySelector(".report-waiting h3")!.textContent).toBe("Hâlâ bekleyen: 1 link · 400,00 TL");
    expect(paytr.querySelector("h2")!.textContent).toBe("PayTR · TL");
    expect(cells('.report-group[data-provider="paytr"] tbody tr')).toEqual([
      "22.11.2026 14:30",
      "Ayşe Kaya",
      "Çiçek",
      "1.920,00 TL",
      "60,00 TL (3 taksit)",
      "—",
    ]);
    // One net unknown: the total net is "—", never a partial sum.
    expect(cells('.report-group[data-provider="paytr"] tfoot tr')).toEqual(["Toplam: 1 ödeme", "1.920,00 TL", "60,00 TL", "—"]);
    $<HTMLButtonElement>("#report-back").click();
    expect($("#day-report").hidden).toBe(true);
    expect($(".links-card").hidden).toBe(false);
  });

  it("marks refunded payments, totals net of refunds, and shows installments without a surcharge", async () => {
    const refunded: DayReport = {
      from: "2026-11-22",
      to: "2026-11-22",
      groups: [
        {
          provider: "paytr",
          currency: "TL",
          payments: [
            { linkId: 4, paidAt: "2026-11-22T09:00:00.000Z", customer: "Ayşe", description: "Çiçek", amountMinor: 19200, surchargeMinor: null, installments: null, netMinor: -691, refundedMinor: 19200 },
            { linkId: 5, paidAt: "2026-11-22T10:00:00.000Z", customer: "Bora", description: "Kek", amountMinor: 10000, surchargeMinor: null, installments: null, netMinor: null, refundedMinor: 5000 },
            { linkId: 6, paidAt: "2026-11-22T11:00:00.000Z", customer: "Cem", description: "Pasta", amountMinor: 15050, surchargeMinor: null, installments: 3, netMinor: 15050, refundedMinor: 0 },
          ],
          paidCount: 2,
          paidTotalMinor: 20050,
          refundedCount: 2,
          refundedTotalMinor: 24200,
          surchargeTotalMinor: 0,
          netTotalMinor: null,
          waiting: [],
          waitingTotalMinor: 0,
        },
      ],
    };
    const handler = (cmd: string, a: Args) => (cmd === "day_report" ? refunded : app()(cmd, a));
    await openReport(handler);
    const row = (id: number) => cells(`.report-group tbody tr[data-link-id="${id}"]`);
    expect(row(4)[3]).toBe("192,00 TLİade edildi");
    expect(row(5)[3]).toBe("100,00 TLKısmi iade: 50,00 TL");
    expect(row(6).slice(3)).toEqual(["150,50 TL", "— (3 taksit)", "150,50 TL"]);
    expect(cells(".report-group tfoot tr.report-total")).toEqual(["Toplam: 2 ödeme", "200,50 TL", "—", "—"]);
    expect(cells(".report-group tfoot tr.report-refunds")).toEqual(["İadeler: 2 ödeme · 242,00 TL"]);
    document.body.replaceChildren();
    clearMocks();
    await openReport(handler, "en-GB");
    expect(row(4)[3]).toBe("192,00 TLRefunded");
    expect(row(5)[3]).toBe("100,00 TLPartly refunded: 50,00 TL");
    expect(cells(".report-group tfoot tr.report-refunds")).toEqual(["Refunds: 2 · 242,00 TL"]);
  });

  it("follows the chosen days and says when there is nothing", async () => {
    const m = await openReport(app());
    expect([input("report-from").type, input("report-to").type]).toEqual(["date", "date"]);
    m.calls.length = 0;
    input("report-from").value = "2026-11-01";
    input("report-from").dispatchEvent(new Event("change"));
    await settle();
    expect(m.of("day_report").at(-1)).toMatchObject({ from: "2026-11-01" });
    expect($("#report-title").textContent).toContain("01.11.2026 – ");
    document.body.replaceChildren();
    clearMocks();
    await openReport((cmd, a) => (cmd === "day_report" ? { from: a.from, to: a.to, groups: [] } : app()(cmd, a)), "en-GB");
    expect($("#report-body").textContent).toBe("No payments and no waiting links on these days.");
    expect($("#report-title").textContent).toMatch(/^End-of-day report: /);
  });

  it("prints only the report, and saves the same rows as CSV", async () => {
    const m = await openReport(app((cmd) => (cmd === "export_day_report" ? { path: "/tmp/gun-sonu.csv", rows: 3 } : undefined)));
    let printing = false;
    vi.spyOn(window, "print").mockImplementation(() => {
      printing = document.body.classList.contains("print-report");
    });
    $<HTMLButtonElement>("#report-print").click();
    expect(printing).toBe(true);
    window.dispatchEvent(new Event("afterprint"));
    expect(document.body.classList.contains("print-report")).toBe(false);
    $<HTMLButtonElement>("#report-csv").click();
    await settle();
    await settle();
    expect(m.of("export_day_report")).toHaveLength(1);
    expect($("#toast").textContent).toContain("3 satır kaydedildi: /tmp/gun-sonu.csv");
  });

  it("shows what Rust says about a wrong range", async () => {
    await openReport((cmd, a) => {
      if (cmd === "day_report" && a.to === "2026-10-01") throw { kind: "validation", message: "Bitiş günü başlangıçtan önce olamaz.", retryable: false };
      return app()(cmd, a);
    });
    input("report-to").value = "2026-10-01";
    input("report-to").dispatchEvent(new Event("change"));
    await settle();
    await settle();
    expect($("#report-error").hidden).toBe(false);
    expect($("#report-error").textContent).toBe("Bitiş günü başlangıçtan önce olamaz.");
  });
});
