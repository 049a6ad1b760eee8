// Saved items (issue 11 §3) in "Yeni link" — type-ahead and quick buttons — on mocked IPC
// ("Bu linki ürün olarak kaydet" on Paylaş: items-share.test.ts).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { LinkForm } from "../src/ipc";
import { $, $$, demoInfo, input, mount, select, settle, typeInto, visible } from "./helpers";
import { BAKLAVA, PASTA, TOUR, enterHere, enterIn, item, key, options, withItems } from "./items-fixtures";

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("quick buttons", () => {
  it("shows the first six saved items, in the owner's order, above the form", async () => {
    const many = Array.from({ length: 8 }, (_, i) => item({ id: 10 + i, name: `Ürün ${i + 1}`, position: i }));
    const m = await mount(withItems(many));
    await settle();
    expect(m.of("list_saved_items")[0]).toEqual({ query: undefined, limit: 6, lang: "tr" });
    expect(visible("#quick-items")).toBe(true);
    expect($("#quick-items-label").textContent).toBe("Hızlı ürünler");
    // Rust may answer more than asked: the row still holds six.
    expect($$(".quick-item").map((b) => b.querySelector(".quick-item-name")!.textContent)).toEqual([
      "Ürün 1", "Ürün 2", "Ürün 3", "Ürün 4", "Ürün 5", "Ürün 6",
    ]);
    expect($("#quick-item-10").textContent).toContain("1.250,00 TL");
    expect($("#quick-item-10").classList.contains("unavailable")).toBe(false);
  });

  it("are not there when nothing is saved", async () => {
    await mount(withItems([]));
    await settle();
    expect(visible("#quick-items")).toBe(false);
  });

  it("one click fills the form, and one Enter creates exactly that link", async () => {
    const m = await mount(withItems([BAKLAVA, PASTA, TOUR]));
    await settle();
    input("customer").value = "Ayşe Yılmaz";
    $<HTMLButtonElement>("#quick-item-3").click();
    expect(input("amount").value).toBe("75,00");
    expect($("#amount-currency").textContent).toBe("USD");
    expect(select("provider").value).toBe("paytr");
    expect(select("link-type").value).toBe("flex");
    expect(input("flex-max").value).toBe("150,00");
    expect($<HTMLDetailsElement>("#advanced").open).toBe(true);
    expect(visible("#flex-max")).toBe(true);
    expect($("#item-note").textContent).toContain("“İstanbul turu” forma yazıldı");
    expect(m.of("create_link")).toHaveLength(0);
    expect(document.activeElement).toBe($("#create-submit"));

    enterHere();
    await settle();
    const creates = m.of("create_link");
    expect(creates).toHaveLength(1);
    const form = creates[0]!.form as LinkForm;
    expect(form).toMatchObject({
      provider: "paytr",
      amount: "75,00",
      currency: "USD",
      description: "Yarım gün şehir turu",
      customer: "Ayşe Yılmaz",
      maxInstallment: 1,
      linkType: "flex",
      flexMax: "150,00",
    });
    // 48 hours as PayTR's date: two days from now, Turkish time.
    expect(form.expiry.kind).toBe("at");
    const at = form.expiry.kind === "at" ? Date.parse(`${form.expiry.at}:00+03:00`) : 0;
    expect(Math.abs(at - (Date.now() + 48 * 3_600_000))).toBeLessThan(120_000);
    expect(visible("#result")).toBe(true);
  });

  it("are read again when the form is shown again (a new item from Ayarlar or Paylaş)", async () => {
    const items = [BAKLAVA];
    const m = await mount(withItems(items));
    await settle();
    expect($$(".quick-item")).toHaveLength(1);
    items.push(PASTA);
    $<HTMLButtonElement>("#nav-settings").click();
    $<HTMLButtonElement>("#nav-create").click();
    await settle();
    // Ayarlar's own card reads them too; these are the quick buttons' reads.
    expect(m.of("list_saved_items").filter((a) => a.limit === 6)).toHaveLength(2);
    expect($$(".quick-item")).toHaveLength(2);
  });
});

describe("type-ahead in the description", () => {
  it("offers matching items as the owner types; ↓/↑ move, Enter picks and creates nothing", async () => {
    const m = await mount(withItems([BAKLAVA, PASTA, TOUR]));
    await settle();
    const d = input("description");
    typeInto("description", "a");
    await settle();
    expect(m.of("list_saved_items").at(-1)).toEqual({ query: "a", limit: 8, lang: "tr" });
    expect(visible("#item-suggestions")).toBe(true);
    expect(d.getAttribute("aria-expanded")).toBe("true");
    expect(options().map((o) => o.querySelector(".item-option-name")!.textContent)).toEqual([
      "2 kg baklava", "Doğum günü pastası", "İstanbul turu",
    ]);
    expect($("#item-option-1 .item-option-meta").textContent).toBe("1.250,00 TL · PayTR");
    // The first row is the one Enter takes until the arrows move.
    expect(d.getAttribute("aria-activedescendant")).toBe("item-option-1");
    expect(key(d, "ArrowDown").defaultPrevented).toBe(true);
    expect(key(d, "ArrowDown").defaultPrevented).toBe(true);
    expect(d.getAttribute("aria-activedescendant")).toBe("item-option-3");
    key(d, "ArrowDown"); // wraps to the top
    key(d, "ArrowUp"); // and back to the end
    key(d, "ArrowUp");
    expect(d.getAttribute("aria-activedescendant")).toBe("item-option-2");
    expect($("#item-option-2").getAttribute("aria-selected")).toBe("true");

    input("customer").value = "Ali Veli";
    expect(enterIn(d)).toBe(false); // the Enter went to the list, not to the form
    await settle();
    expect(m.of("validate_link_form")).toHaveLength(0);
    expect(m.of("create_link")).toHaveLength(0);
    expect(visible("#item-suggestions")).toBe(false);
    expect(d.getAttribute("aria-expanded")).toBe("false");
    // Paynet, 400 TL, one day; an item without a description gives the link its name.
    expect(select("provider").value).toBe("paynet");
    expect(input("amount").value).toBe("400,00");
    expect(d.value).toBe("Doğum günü pastası");
    expect(select("expiry").value).toBe("1");
    expect(document.activeElement).toBe($("#create-submit"));

    enterHere();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    expect(m.of("create_link")[0]!.form).toMatchObject({
      provider: "paynet",
      amount: "400,00",
      currency: "TL",
      description: "Doğum günü pastası",
      customer: "Ali Veli",
      expiry: { kind: "days", days: 1 },
    });
  });

  it("picks with the mouse, and fills PayTR's installments and expiry", async () => {
    const m = await mount(withItems([BAKLAVA, PASTA]));
    await settle();
    typeInto("description", "bak");
    await settle();
    expect(options()).toHaveLength(1);
    const down = new MouseEvent("mousedown", { bubbles: true, cancelable: true });
    $("#item-option-1").dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true); // the field keeps the focus until the click
    $("#item-option-1").click();
    expect(select("provider").value).toBe("paytr");
    expect(input("amount").value).toBe("1.250,00");
    expect(input("description").value).toBe("2 kg fıstıklı baklava");
    expect(select("expiry").value).toBe("7");
    expect(select("max-installment").value).toBe("3");
    expect(select("link-type").value).toBe("product");
    // PayTR needs no customer name: Enter creates now.
    expect(document.activeElement).toBe($("#create-submit"));
    enterHere();
    await settle();
    expect(m.of("create_link")[0]!.form).toMatchObject({ provider: "paytr", maxInstallment: 3, expiry: { kind: "days", days: 7 } });
  });

  it("Esc closes the list; Enter then creates the link as typed", async () => {
    const m = await mount(withItems([BAKLAVA]));
    await settle();
    input("amount").value = "90";
    input("customer").value = "Ali Veli";
    typeInto("description", "baklava");
    await settle();
    expect(visible("#item-suggestions")).toBe(true);
    expect(key(input("description"), "Escape").defaultPrevented).toBe(true);
    expect(visible("#item-suggestions")).toBe(false);
    expect(enterIn(input("description"))).toBe(true);
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    expect(m.of("create_link")[0]!.form).toMatchObject({ amount: "90", description: "baklava" });
  });

  it("an Enter while the search is on its way waits for it: a match is offered, not created", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const m = await mount(
      withItems([BAKLAVA], (cmd, a) => {
        if (cmd === "list_saved_items" && a.query) return gate.then(() => [BAKLAVA]);
        return undefined;
      }),
    );
    await settle();
    input("amount").value = "5";
    typeInto("description", "bak");
    expect(enterIn(input("description"))).toBe(false);
    release();
    await settle();
    await settle();
    expect(m.of("create_link")).toHaveLength(0);
    expect(visible("#item-suggestions")).toBe(true);
    expect(input("amount").value).toBe("5"); // offered, not filled
  });

  it("an Enter while the search is on its way creates when nothing matches", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const m = await mount(
      withItems([BAKLAVA], (cmd, a) => {
        if (cmd === "list_saved_items" && a.query) return gate.then(() => []);
        return undefined;
      }),
    );
    await settle();
    input("amount").value = "5";
    input("customer").value = "Ali Veli";
    typeInto("description", "çay");
    enterIn(input("description"));
    await settle();
    expect(m.of("create_link")).toHaveLength(0);
    release();
    await settle();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    expect(m.of("create_link")[0]!.form).toMatchObject({ amount: "5", description: "çay" });
  });

  it("shows only the answer to what is in the field now", async () => {
    let releaseFirst!: () => void;
    const first = new Promise<void>((r) => (releaseFirst = r));
    await mount(
      withItems([BAKLAVA, PASTA], (cmd, a) => {
        if (cmd === "list_saved_items" && a.query === "d") return first.then(() => [PASTA]);
        return undefined;
      }),
    );
    await settle();
    typeInto("description", "d");
    typeInto("description", "bak");
    await settle();
    releaseFirst();
    await settle();
    expect(options().map((o) => o.id)).toEqual(["item-option-1"]);
  });

  it("an item whose provider is not set up says so and leaves the form alone", async () => {
    const m = await mount(
      withItems([BAKLAVA], (cmd) =>
        cmd === "get_app_info" ? demoInfo({ providersAvailable: ["paynet"], credentials: { paynet: true, paytr: false, iyzico: false } }) : undefined,
      ),
    );
    await settle();
    typeInto("description", "bak");
    await settle();
    enterIn(input("description"));
    await settle();
    expect(input("amount").value).toBe("");
    expect(select("provider").value).toBe("paynet");
    expect(visible("#item-note")).toBe(false);
    expect(visible("#item-warning")).toBe(true);
    expect($("#item-warning").getAttribute("role")).toBe("alert");
    expect($("#item-warning").textContent).toBe(
      "“2 kg baklava” PayTR ile ödenir, ama PayTR anahtarları henüz girilmedi. Ayarlar'da anahtarları girin, sonra ürünü yeniden seçin.",
    );
    expect(m.of("create_link")).toHaveLength(0);
  });

  it("a provider with keys but not in use is told apart, in English too", async () => {
    await mount(
      withItems([BAKLAVA], (cmd) =>
        cmd === "get_app_info" ? demoInfo({ providersAvailable: ["paynet"], credentials: { paynet: true, paytr: true, iyzico: false } }) : undefined,
      ),
      "en-US",
    );
    await settle();
    expect($("#quick-items-label").textContent).toBe("Quick items");
    expect($("#quick-item-1").classList.contains("unavailable")).toBe(true);
    $<HTMLButtonElement>("#quick-item-1").click();
    expect($("#item-warning").textContent).toContain('is not among the providers in use. Tick it under "Providers in use"');
    expect(input("amount").value).toBe("");
  });

  it("an item that asks the amount puts the cursor in the amount; Paynet's missing name next", async () => {
    const ask = item({ id: 4, name: "Bağış", amount: "", amountMinor: null, linkType: "flex", flexMax: "1.000,00" });
    const m = await mount(withItems([ask, PASTA]));
    await settle();
    expect($("#quick-item-4").textContent).toContain("En düşük tutarı siz yazarsınız");
    $<HTMLButtonElement>("#quick-item-4").click();
    expect(input("amount").value).toBe("");
    expect(document.activeElement).toBe(input("amount"));
    expect($("#item-note").textContent).toContain("en düşük tutarı yazıp Enter'a basın");

    $<HTMLButtonElement>("#quick-item-2").click();
    expect(document.activeElement).toBe(input("customer"));
    expect(m.of("create_link")).toHaveLength(0);
  });

  it("a new form after a create starts in TL with the list closed", async () => {
    const m = await mount(withItems([TOUR]));
    await settle();
    $<HTMLButtonElement>("#quick-item-3").click();
    enterHere();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    $<HTMLButtonElement>("#new-link").click();
    await settle();
    expect($("#amount-currency").textContent).toBe("TL");
    expect(visible("#item-note")).toBe(false);
    input("amount").value = "10";
    input("customer").value = "Ali";
    input("description").value = "Çay";
    $<HTMLFormElement>("#create-form").requestSubmit();
    await settle();
    expect((m.of("create_link")[1]!.form as LinkForm).currency).toBe("TL");
  });
});
