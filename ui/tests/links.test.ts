import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { LinkDto, LinkQuery } from "../src/ipc";
import { PAGE_SIZE, SEARCH_DELAY_MS, buildQuery } from "../src/views/links";
import { PREFETCH_AFTER_MS } from "../src/app";
import { $, $$, choose, demoInfo, emitStatus, link, mount, settle, typeInto, type Args } from "./helpers";

/** A store of `n` links, newest first; list_links pages through it like Rust does. */
function store(n: number): LinkDto[] {
  return Array.from({ length: n }, (_, i) => link({ id: n - i, customer: `Müşteri ${n - i}`, localRef: `TSD${n - i}` }));
}

function listing(rows: LinkDto[]) {
  return (cmd: string, a: Args): unknown => {
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_links") {
      const f = a as LinkQuery;
      const offset = f.offset ?? 0;
      return { rows: rows.slice(offset, offset + (f.limit ?? rows.length)), total: rows.length };
    }
    return undefined;
  };
}

async function openLinks(handler: (cmd: string, a: Args) => unknown) {
  const m = await mount(handler);
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  return m;
}

/** The last list_links query, without the language every command carries. */
const lastFilter = (m: { of(cmd: string): Args[] }) => {
  const { lang, ...query } = m.of("list_links").at(-1)!;
  expect(lang).toBe("tr");
  return query as LinkQuery;
};
/** With fake timers: no list_links until `ms` from now, one just after (real timers after). */
async function expectFirstFetchAfter(m: Awaited<ReturnType<typeof mount>>, ms: number) {
  vi.advanceTimersByTime(ms - 10);
  expect(m.of("list_links")).toHaveLength(0);
  vi.advanceTimersByTime(20);
  vi.useRealTimers();
  await settle();
  expect(m.of("list_links")).toHaveLength(1);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rowIds = () => $$("#links-table tr[data-link-id]").map((r) => r.dataset.linkId);

beforeEach(() => document.body.replaceChildren());
afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

describe("buildQuery", () => {
  it("leaves out what the filter bar leaves empty", () => {
    expect(buildQuery({ text: "  ", status: "", provider: "", from: "", to: "" }, { offset: 0, limit: 50 })).toEqual({ offset: 0, limit: 50 });
    expect(buildQuery({ text: " ayşe ", status: "paid", provider: "paytr", from: "2025-11-01", to: "2025-11-30" })).toEqual({
      text: "ayşe",
      statuses: ["paid"],
      provider: "paytr",
      from: "2025-11-01",
      to: "2025-11-30",
    });
  });
});

describe("links view", () => {
  it("shows a page of rows with date, customer, amount, provider and a status pill", async () => {
    const m = await openLinks(listing(store(3)));
    expect(lastFilter(m)).toEqual({ offset: 0, limit: PAGE_SIZE });
    expect(rowIds()).toEqual(["3", "2", "1"]);
    const row = $('tr[data-link-id="3"]');
    expect(row.textContent).toContain("Müşteri 3");
    expect(row.textContent).toContain("1.234,56 TL");
    expect(row.textContent).toContain("Paynet");
    expect(row.textContent).toContain("22.11.2025");
    expect(row.querySelector<HTMLElement>(".status")!.dataset.status).toBe("waiting");
    expect(row.querySelector(".status")!.textContent).toBe("Ödeme bekleniyor");
    expect($("#links-total").textContent).toBe("3 link · 1–3 gösteriliyor");
  });

  it("pages through 100,000 links fifty at a time", async () => {
    const m = await openLinks(listing(store(100_000)));
    expect(rowIds()).toHaveLength(PAGE_SIZE);
    expect($("#links-total").textContent).toBe("100.000 link · 1–50 gösteriliyor");
    expect($<HTMLButtonElement>("#links-prev").disabled).toBe(true);
    $<HTMLButtonElement>("#links-next").click();
    await settle();
    expect(lastFilter(m)).toEqual({ offset: 50, limit: 50 });
    expect(rowIds()[0]).toBe("99950");
    expect($("#links-total").textContent).toBe("100.000 link · 51–100 gösteriliyor");
    expect($("#links-page").textContent).toBe("Sayfa 2 / 2.000");
    $<HTMLButtonElement>("#links-prev").click();
    await settle();
    expect(lastFilter(m).offset).toBe(0);
  });

  it("asks as the owner types but draws only the last answer, after the pause, on page one", async () => {
    const rows = store(120);
    const m = await openLinks(listing(rows));
    $<HTMLButtonElement>("#links-next").click();
    await settle();
    expect(rowIds()[0]).toBe("70");
    const before = m.of("list_links").length;
    typeInto("links-search", "a");
    typeInto("links-search", "ay");
    typeInto("links-search", "ayşe");
    // Each keystroke asked at once, for page one…
    expect(m.of("list_links").slice(before).map((q) => q.text)).toEqual(["a", "ay", "ayşe"]);
    expect(m.of("list_links").slice(before).every((q) => q.offset === 0)).toBe(true);
    // …but the table still shows page two until the typing pauses.
    await sleep(SEARCH_DELAY_MS / 3);
    expect(rowIds()[0]).toBe("70");
    await sleep(SEARCH_DELAY_MS);
    // Drawn from the answer already in hand: no request after the pause.
    expect(rowIds()[0]).toBe("120");
    expect(m.of("list_links")).toHaveLength(before + 3);
    expect(lastFilter(m)).toEqual({ text: "ayşe", offset: 0, limit: 50 });
  });

  it("an answer to an earlier keystroke that arrives last is never drawn", async () => {
    const pending: ((v: unknown) => void)[] = [];
    const m = await openLinks((cmd, a) => {
      if (cmd === "list_links" && (a as LinkQuery).text) {
        const text = (a as LinkQuery).text!;
        return new Promise((resolve) => pending.push(() => resolve({ rows: [link({ id: text.length, customer: text })], total: 1 })));
      }
      return listing(store(3))(cmd, a);
    });
    typeInto("links-search", "al");
    typeInto("links-search", "ali");
    await sleep(SEARCH_DELAY_MS + 20);
    expect(m.of("list_links").filter((q) => q.text).length).toBe(2);
    pending[1]!(undefined); // "ali" answers first
    await settle();
    pending[0]!(undefined); // then the stale "al"
    await settle();
    expect(rowIds()).toEqual(["3"]);
    expect($('tr[data-link-id="3"]').textContent).toContain("ali");
  });

  it("status, provider and dates build the list_links filter", async () => {
    const m = await mount(listing(store(2)));
    // The date fields are plain ones while Linkler is unseen (no picker built for nothing), pickers once it is shown.
    expect($<HTMLInputElement>("#links-from").type).toBe("text");
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect([$<HTMLInputElement>("#links-from").type, $<HTMLInputElement>("#links-to").type]).toEqual(["date", "date"]);
    choose("links-status", "paid");
    await settle();
    expect(lastFilter(m)).toEqual({ statuses: ["paid"], offset: 0, limit: 50 });
    choose("links-provider", "paytr");
    const from = $<HTMLInputElement>("#links-from");
    from.value = "2025-11-01";
    from.dispatchEvent(new Event("change"));
    const to = $<HTMLInputElement>("#links-to");
    to.value = "2025-11-30";
    to.dispatchEvent(new Event("change"));
    await settle();
    expect(lastFilter(m)).toEqual({ statuses: ["paid"], provider: "paytr", from: "2025-11-01", to: "2025-11-30", offset: 0, limit: 50 });
  });

  it("exports the current filter, without paging, to CSV", async () => {
    const base = listing(store(2));
    const m = await openLinks((cmd, a) => (cmd === "export_csv" ? { path: "/home/esnaf/linkler.csv", rows: 2 } : base(cmd, a)));
    choose("links-status", "waiting");
    await settle();
    $<HTMLButtonElement>("#links-export").click();
    await settle();
    expect(m.of("export_csv")).toEqual([{ filter: { statuses: ["waiting"] }, lang: "tr" }]);
    expect($("#toast").textContent).toBe("2 satır kaydedildi: /home/esnaf/linkler.csv");
  });

  it("deletes the selected links after a second click", async () => {
    let rows = store(4);
    const base = (cmd: string, a: Args) => listing(rows)(cmd, a);
    const m = await openLinks((cmd, a) => {
      if (cmd === "delete_links") {
        const ids = a.ids as number[];
        rows = rows.filter((r) => !ids.includes(r.id));
        return { deleted: ids, failed: [] };
      }
      return base(cmd, a);
    });
    const del = $<HTMLButtonElement>("#links-delete-selected");
    expect(del.disabled).toBe(true);
    for (const id of ["4", "2"]) {
      $<HTMLButtonElement>(`tr[data-link-id="${id}"] .row-select`).click();
    }
    expect(del.textContent).toBe("Seçilenleri sil (2)");
    del.click();
    await settle();
    expect(m.of("delete_links")).toHaveLength(0);
    expect(del.textContent).toBe("Emin misiniz? Tekrar tıklayın");
    del.click();
    await settle();
    await settle();
    expect(m.of("delete_links")).toEqual([{ ids: [4, 2], lang: "tr" }]);
    expect($("#toast").textContent).toBe("2 link silindi");
    expect(rowIds()).toEqual(["3", "1"]);
    expect(del.textContent).toBe("Seçilenleri sil (0)");
  });

  it("says which deletes failed and why", async () => {
    const base = listing(store(2));
    await openLinks((cmd, a) =>
      cmd === "delete_links" ? { deleted: [2], failed: [{ id: 1, message: "Ödenmiş link silinemez." }] } : base(cmd, a),
    );
    $<HTMLButtonElement>("#links-select-all").click();
    $<HTMLButtonElement>("#links-delete-selected").click();
    $<HTMLButtonElement>("#links-delete-selected").click();
    await settle();
    expect($("#toast").textContent).toBe("1 link silindi. 1 link silinemedi: Ödenmiş link silinemez.");
  });

  it("row actions follow the link's actions and update the row", async () => {
    const unknown = link({ id: 9, status: "unknown", url: undefined, actions: { refresh: false, cancel: false, reopen: false, delete: false, resend: false, check: true, share: false } });
    const rows = [unknown, link({ id: 8 })];
    const base = listing(rows);
    const m = await openLinks((cmd, a) => {
      if (cmd === "cancel_link") return link({ id: 8, status: "cancelled", actions: { ...link().actions, cancel: false, reopen: true } });
      if (cmd === "check_link") return link({ id: 9 });
      return base(cmd, a);
    });
    const r9 = () => $('tr[data-link-id="9"]');
    const r8 = () => $('tr[data-link-id="8"]');
    expect(r9().querySelector(".act-check")).not.toBeNull();
    expect(r9().querySelector(".act-share")).toBeNull();
    expect(r8().querySelector(".act-reopen")).toBeNull();

    r8().querySelector<HTMLButtonElement>(".act-cancel")!.click();
    await settle();
    expect(m.of("cancel_link")).toEqual([{ id: 8, lang: "tr" }]);
    expect(r8().querySelector<HTMLElement>(".status")!.dataset.status).toBe("cancelled");
    expect(r8().querySelector(".status")!.textContent).toBe("İptal edildi");
    expect(r8().querySelector(".act-reopen")).not.toBeNull();
    expect($("#toast").textContent).toBe("Link iptal edildi");

    r9().querySelector<HTMLButtonElement>(".act-check")!.click();
    await settle();
    expect(r9().querySelector<HTMLElement>(".status")!.dataset.status).toBe("waiting");
    expect(r9().querySelector(".act-share")).not.toBeNull();
  });

  it("row actions are compact: short labels or signs, the full words as tooltip and name", async () => {
    await openLinks(listing(store(1)));
    const row = $('tr[data-link-id="1"]');
    const refresh = row.querySelector<HTMLButtonElement>(".act-refresh")!;
    expect(refresh.textContent).toBe("↻");
    expect(refresh.getAttribute("aria-label")).toBe("Yenile");
    expect(refresh.title).toBe("Yenile");
    expect(refresh.classList.contains("icon")).toBe(true);
    expect(row.querySelector<HTMLButtonElement>(".act-cancel")!.getAttribute("aria-label")).toBe("İptal et");
    const share = row.querySelector<HTMLButtonElement>(".act-share")!;
    expect(share.textContent).toBe("Paylaş");
    expect(share.hasAttribute("aria-label")).toBe(false);
    expect(row.querySelector(".act-delete")!.textContent).toBe("Sil");
  });

  it("fetches the first page while the owner is on the form; opening Linkler shows it at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const rows = store(3);
    const m = await mount(listing(rows));
    await expectFirstFetchAfter(m, PREFETCH_AFTER_MS);
    // Drawn in the hidden view.
    expect($(".view-links").hidden).toBe(true);
    expect(rowIds()).toEqual(["3", "2", "1"]);
    const first = $('tr[data-link-id="3"]');

    // Opening it: the rows are there before any answer, the page is read again, and an unchanged
    // answer leaves the drawn rows alone.
    $<HTMLButtonElement>("#nav-links").click();
    expect($(".view-links").hidden).toBe(false);
    expect(rowIds()).toEqual(["3", "2", "1"]);
    await settle();
    expect(m.of("list_links")).toHaveLength(2);
    expect($('tr[data-link-id="3"]')).toBe(first);
    expect(document.activeElement).toBe($("#links-search"));

    // A changed answer is drawn, in the same row.
    rows[0] = { ...rows[0]!, status: "paid" };
    $<HTMLButtonElement>("#nav-create").click();
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect($('tr[data-link-id="3"]')).toBe(first);
    expect($('tr[data-link-id="3"] .status').dataset.status).toBe("paid");
  });

  it("the prefetch waits for a pause in typing", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const m = await mount(listing(store(3)));
    vi.advanceTimersByTime(PREFETCH_AFTER_MS - 100);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "5" }));
    await expectFirstFetchAfter(m, PREFETCH_AFTER_MS);
  });

  it("after a language switch the new Linkler view is fetched in the background again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const list = listing(store(2));
    const m = await mount((cmd, a) => (cmd === "save_settings" ? a.settings : list(cmd, a)));
    await expectFirstFetchAfter(m, PREFETCH_AFTER_MS);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await m.app.setLang("en");
    expect($(".view-links").hidden).toBe(true);
    expect(rowIds()).toEqual([]);
    vi.advanceTimersByTime(PREFETCH_AFTER_MS + 10);
    vi.useRealTimers();
    await settle();
    expect(m.of("list_links")).toHaveLength(2);
    expect(rowIds()).toEqual(["2", "1"]);
    expect($('tr[data-link-id="2"] .status').textContent).toBe("Waiting for payment");
  });

  it("an event that changes a prefetched row is kept when the same page is read again", async () => {
    const rows = store(2);
    const m = await openLinks(listing(rows));
    await emitStatus({ ...rows[0]!, status: "cancelled" });
    expect($('tr[data-link-id="2"] .status').dataset.status).toBe("cancelled");
    // The store says waiting again (reopened): the next read redraws it, though the page equals
    // the one drawn before the event.
    $<HTMLButtonElement>("#nav-create").click();
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect(m.of("list_links")).toHaveLength(2);
    expect($('tr[data-link-id="2"] .status').dataset.status).toBe("waiting");
  });

  it("a filter with the same answer still clears the ticks and says what the filter found", async () => {
    let rows: LinkDto[] = store(2);
    await openLinks((cmd, a) => listing(rows)(cmd, a));
    $<HTMLButtonElement>('tr[data-link-id="2"] .row-select').click();
    expect($("#links-delete-selected").textContent).toBe("Seçilenleri sil (1)");
    // Every link is Paynet: the answer is the same page, but the ticks went with the old filter.
    choose("links-provider", "paynet");
    await settle();
    expect($('tr[data-link-id="2"] .row-select').getAttribute("aria-checked")).toBe("false");
    expect($("#links-delete-selected").textContent).toBe("Seçilenleri sil (0)");
    // No links at all: "no match" while a word is typed, "no links yet" once it is cleared.
    rows = [];
    choose("links-provider", "");
    typeInto("links-search", "ayşe");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    expect($("#links-total").textContent).toBe("Bu aramaya uyan link yok.");
    typeInto("links-search", "");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    expect($("#links-total").textContent).toBe('Henüz link yok. "Yeni link" ile ilkini oluşturun.');
  });

  it("a live status event recolours the row", async () => {
    await openLinks(listing(store(2)));
    await emitStatus(link({ id: 2, status: "paid" }));
    expect($('tr[data-link-id="2"] .status').dataset.status).toBe("paid");
    expect($('tr[data-link-id="2"] .status').textContent).toBe("Ödendi");
  });

  it("a refunded payment says so on its row: in full, or how much", async () => {
    const rows = [
      link({ id: 3, status: "paid", amountMinor: 19200, refundedMinor: 19800 }),
      link({ id: 2, status: "paid", amountMinor: 10000, refundedMinor: 5000 }),
      link({ id: 1, status: "paid", amountMinor: 10000 }),
    ];
    await openLinks(listing(rows));
    expect($('tr[data-link-id="3"] .refund-badge').textContent).toBe("İade edildi");
    expect($('tr[data-link-id="2"] .refund-badge').textContent).toBe("Kısmi iade: 50,00 TL");
    expect($$('tr[data-link-id="1"] .refund-badge')).toHaveLength(0);
    expect($('tr[data-link-id="3"] .status').textContent).toBe("Ödendi");
    // The tracker's event for a new refund redraws the row.
    await emitStatus(link({ id: 1, status: "paid", amountMinor: 10000, refundedMinor: 10000 }));
    expect($('tr[data-link-id="1"] .refund-badge').textContent).toBe("İade edildi");
    document.body.replaceChildren();
    clearMocks();
    await mount(listing(rows), "en-GB");
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect($('tr[data-link-id="3"] .refund-badge').textContent).toBe("Refunded");
    expect($('tr[data-link-id="2"] .refund-badge').textContent).toBe("Partly refunded: 50,00 TL");
  });

  it("status pills are in English when the app is", async () => {
    await mount(listing([link({ status: "expired" })]), "en-GB");
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    expect($('tr[data-link-id="7"] .status').textContent).toBe("Expired");
    expect($("#links-total").textContent).toBe("1–1 of 1");
  });
});
