// Yeni link: what a pick may overwrite (an amount typed first) and where it leaves the focus (a
// PayTR collection's e-mail). Issue 11 §3 review.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { LinkForm } from "../src/ipc";
import { $, input, mount, select, settle, typeInto, visible } from "./helpers";
import { BAKLAVA, PASTA, enterHere, enterIn, item, key, withItems } from "./items-fixtures";

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("type-ahead after a typed amount", () => {
  it("chooses no row: Enter closes the list and creates the link as typed, never with the item's amount", async () => {
    const m = await mount(withItems([BAKLAVA, PASTA]));
    await settle();
    input("amount").value = "90";
    input("customer").value = "Ali Veli";
    const d = input("description");
    typeInto("description", "baklava");
    await settle();
    expect(visible("#item-suggestions")).toBe(true);
    expect(d.hasAttribute("aria-activedescendant")).toBe(false);
    expect($("#item-option-1").getAttribute("aria-selected")).toBe("false");

    expect(enterIn(d)).toBe(true); // the Enter went to the form
    expect(visible("#item-suggestions")).toBe(false);
    expect(input("amount").value).toBe("90");
    await settle();
    const creates = m.of("create_link");
    expect(creates).toHaveLength(1);
    expect(creates[0]!.form as LinkForm).toMatchObject({ amount: "90", description: "baklava" });
  });

  it("↓ still picks the first row (↑ the last), and the pick fills the item's amount", async () => {
    const m = await mount(withItems([BAKLAVA, PASTA]));
    await settle();
    input("amount").value = "90";
    const d = input("description");
    typeInto("description", "a");
    await settle();
    key(d, "ArrowUp");
    expect(d.getAttribute("aria-activedescendant")).toBe("item-option-2");
    key(d, "ArrowDown");
    expect(d.getAttribute("aria-activedescendant")).toBe("item-option-1");
    expect(enterIn(d)).toBe(false);
    expect(input("amount").value).toBe("1.250,00");
    expect(m.of("create_link")).toHaveLength(0);
  });

  it("with the amount empty the first row is still the one Enter takes (pick + Enter = one create)", async () => {
    const m = await mount(withItems([BAKLAVA]));
    await settle();
    typeInto("description", "baklava");
    await settle();
    expect(input("description").getAttribute("aria-activedescendant")).toBe("item-option-1");
    expect(enterIn(input("description"))).toBe(false);
    expect(input("amount").value).toBe("1.250,00");
    enterHere();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
  });
});

describe("focus after a pick", () => {
  const DUES = item({ id: 5, name: "Aylık aidat", amount: "350,00", amountMinor: 35000, linkType: "collection", maxInstallment: 1 });

  it("a PayTR collection item puts the cursor in the e-mail it needs, and says so", async () => {
    const m = await mount(withItems([DUES]));
    await settle();
    $<HTMLButtonElement>("#quick-item-5").click();
    expect(select("link-type").value).toBe("collection");
    expect(document.activeElement).toBe(input("email"));
    expect($("#item-note").textContent).toContain("e-postayı yazıp Enter'a basın");
    input("email").value = "ayse@example.com";
    expect(enterIn(input("email"))).toBe(true);
    await settle();
    expect(m.of("create_link")[0]!.form).toMatchObject({ linkType: "collection", email: "ayse@example.com", amount: "350,00" });
  });

  it("with the e-mail already there, the create button", async () => {
    await mount(withItems([DUES]));
    await settle();
    input("email").value = "ayse@example.com";
    $<HTMLButtonElement>("#quick-item-5").click();
    expect(document.activeElement).toBe($("#create-submit"));
    expect($("#item-note").textContent).toContain("Enter'a basınca link oluşur");
  });
});
