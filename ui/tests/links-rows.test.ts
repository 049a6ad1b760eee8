// Linkler's rows are drawn again in place for other links (a search, another page): no row is
// made, each acts on the link it shows now, and nothing pending follows a row to another link.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { LinkDto, LinkQuery } from "../src/ipc";
import { SEARCH_DELAY_MS } from "../src/views/links";
import { LinkRow } from "../src/views/links-row";
import { catalogue } from "../src/i18n";
import { $, $$, link, mount, settle, typeInto, type Args } from "./helpers";

/** A store of `n` links, newest first; list_links pages through it like Rust does. */
function store(n: number): LinkDto[] {
  return Array.from({ length: n }, (_, i) => link({ id: n - i, customer: `Müşteri ${n - i}`, localRef: `TSD${n - i}` }));
}

/** `rows` for the plain list, `found` for any search. */
function listing(rows: LinkDto[], found: LinkDto[]) {
  return (cmd: string, a: Args): unknown => {
    if (cmd !== "list_links") return undefined;
    const f = a as LinkQuery;
    if (f.text) return { rows: found, total: found.length };
    const offset = f.offset ?? 0;
    return { rows: rows.slice(offset, offset + (f.limit ?? rows.length)), total: rows.length };
  };
}

async function openLinks(handler: (cmd: string, a: Args) => unknown) {
  const m = await mount(handler);
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rowIds = () => $$("#links-table tr[data-link-id]").map((r) => r.dataset.linkId);

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("Linkler rows drawn in place", () => {
  it("a search draws its links in the rows already in the table: none is made, and each acts on its new link", async () => {
    const rows = store(120);
    const found = store(60).slice(0, 40); // ids 60…21: other links than the 50 shown
    const m = await openLinks(listing(rows, found));
    const firstRow = $('tr[data-link-id="120"]');
    const made = vi.spyOn(document, "createElement");
    typeInto("links-search", "ay");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    const rowsMade = made.mock.calls.filter(([tag]) => tag === "tr" || tag === "td").length;
    made.mockRestore();
    expect(rowsMade).toBe(0);
    expect(rowIds()).toEqual(found.map((r) => String(r.id)));
    expect($('tr[data-link-id="60"]')).toBe(firstRow);
    expect(firstRow.querySelector(".col-customer")!.textContent).toBe("Müşteri 60");
    expect($("#links-total").textContent).toContain("40");
    // Its buttons and tick act on link 60 now.
    $<HTMLButtonElement>('tr[data-link-id="60"] .act-share').click();
    await settle();
    expect(m.of("get_link").at(-1)).toMatchObject({ id: 60 });
    $<HTMLButtonElement>('tr[data-link-id="59"] .row-select').click();
    expect($("#links-delete-selected").textContent).toContain("1");
  });

  it("a delete armed in a row is not carried over to the link that takes the row", async () => {
    const rows = store(3);
    const other = [link({ id: 99, customer: "Başka", localRef: "TSD99" })];
    const m = await openLinks(listing(rows, other));
    $<HTMLButtonElement>('tr[data-link-id="3"] .act-delete').click();
    expect($('tr[data-link-id="3"] .act-delete').classList.contains("armed")).toBe(true);
    typeInto("links-search", "başka");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    const del = $<HTMLButtonElement>('tr[data-link-id="99"] .act-delete');
    expect(del.classList.contains("armed")).toBe(false);
    del.click(); // one click only arms it
    await settle();
    expect(m.of("delete_links")).toHaveLength(0);
  });

  it("a row's status cell is made again only when what it says changes", async () => {
    const rows = store(3); // all waiting
    const found = [link({ id: 50, status: "waiting" }), link({ id: 51, status: "paid" })];
    await openLinks(listing(rows, found));
    const pills = $$("#links-table .status");
    typeInto("links-search", "x");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    expect(rowIds()).toEqual(["50", "51"]);
    expect($('tr[data-link-id="50"] .status')).toBe(pills[0]);
    expect($('tr[data-link-id="51"] .status')).not.toBe(pills[1]);
    expect($('tr[data-link-id="51"] .status').dataset.status).toBe("paid");
    expect($('tr[data-link-id="51"] .status').textContent).toBe("Ödendi");
  });

  it("the same status with a refund now: the badge is drawn", async () => {
    const paid = link({ id: 7, status: "paid", amountMinor: 10000, currency: "TL" });
    const m = await openLinks(listing([paid], [{ ...paid, refundedMinor: 10000 }]));
    expect(document.querySelector('tr[data-link-id="7"] .refund-badge')).toBeNull();
    typeInto("links-search", "x");
    await sleep(SEARCH_DELAY_MS + 20);
    await settle();
    expect($('tr[data-link-id="7"] .status').dataset.status).toBe("paid");
    expect($('tr[data-link-id="7"] .refund-badge').textContent).toBe("İade edildi");
    expect(m.of("list_links").length).toBeGreaterThan(1);
  });

  it("a focused button or tick does not follow its row to another link; an update of the same link keeps it", () => {
    const acted: number[] = [];
    const row = new LinkRow(catalogue("tr"), link({ id: 1 }), false, {
      act: (_action, l) => acted.push(l.id),
      select: () => undefined,
    });
    const table = document.createElement("table");
    table.createTBody().append(row.tr);
    document.body.append(table);
    const share = row.tr.querySelector<HTMLButtonElement>(".act-share")!;
    share.focus();
    row.show({ ...link({ id: 1 }), customer: "Yeni ad" }, false);
    expect(document.activeElement).toBe(share);
    row.show(link({ id: 2 }), false);
    expect(row.tr.contains(document.activeElement)).toBe(false);
    const tick = row.tr.querySelector<HTMLButtonElement>(".row-select")!;
    tick.focus();
    row.show(link({ id: 3 }), false);
    expect(document.activeElement).not.toBe(tick);
    row.tr.querySelector<HTMLButtonElement>(".act-share")!.click();
    expect(acted).toEqual([3]);
  });

  it("ticking a row marks it selected and counts it", async () => {
    await openLinks(listing(store(3), []));
    const tick = $<HTMLButtonElement>('tr[data-link-id="2"] .row-select');
    // A checkbox to assistive technology, named after its link; not a native one (see dom.ts).
    expect(tick.tagName).toBe("BUTTON");
    expect(tick.getAttribute("role")).toBe("checkbox");
    expect(tick.getAttribute("aria-label")).toContain("Müşteri 2");
    expect(tick.getAttribute("aria-checked")).toBe("false");
    tick.click();
    expect(tick.getAttribute("aria-checked")).toBe("true");
    expect($('tr[data-link-id="2"]').classList.contains("selected")).toBe(true);
    expect($("#links-delete-selected").textContent).toContain("1");
    // Every row ticked: so is "select all"; one unticked again: so is it.
    for (const id of ["1", "3"]) $<HTMLButtonElement>(`tr[data-link-id="${id}"] .row-select`).click();
    expect($("#links-select-all").getAttribute("aria-checked")).toBe("true");
    tick.click();
    expect(tick.getAttribute("aria-checked")).toBe("false");
    expect($("#links-select-all").getAttribute("aria-checked")).toBe("false");
    expect($('tr[data-link-id="2"]').classList.contains("selected")).toBe(false);
    expect($("#links-delete-selected").textContent).toContain("2");
    expect(document.querySelectorAll('#links-table input[type="checkbox"]')).toHaveLength(0);
  });
});
