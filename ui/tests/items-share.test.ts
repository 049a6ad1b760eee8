// "Bu linki ürün olarak kaydet" on Paylaş (issue 11 §3), on mocked IPC.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppError, SavedItem } from "../src/ipc";
import { nameFrom } from "../src/views/share-item";
import { $, QR, demoInfo, input, link, mount, settle, typeInto, visible, type Handler } from "./helpers";

/** What Rust answers for a saved link: the item named as asked. */
function item(name: string): SavedItem {
  return {
    id: 9,
    name,
    amount: "1.234,56",
    amountMinor: 123456,
    currency: "TL",
    description: "2 kg baklava",
    provider: "paynet",
    expiry: { kind: "days", days: 3 },
    maxInstallment: 1,
    linkType: "product",
    flexMax: null,
    position: 0,
  };
}

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("Paylaş: save this link as an item", () => {
  it("has ids of its own: none is also used by Ayarlar's item form", async () => {
    await openShare(() => undefined);
    const ids = [...document.querySelectorAll("#item-save-form [id]")].map((e) => e.id);
    expect(ids).toEqual(["share-item-name", "share-item-name-hint", "share-item-name-error", "share-item-save", "share-item-cancel"]);
    for (const id of ["item-name", "item-name-error", "item-save", "item-cancel"]) expect(ids).not.toContain(id);
  });

  it("pre-fills the name with the description's first 60 characters, whole and trimmed", async () => {
    // 59 letters, a space, then an emoji made of two UTF-16 halves: cut at 60, trimmed.
    const long = `${"ş".repeat(59)} 🎂 ve devamı, PayTR'nin 200 karakterine kadar`;
    await openShare((cmd) => (cmd === "get_link" ? link({ description: long, qrPngDataUrl: QR }) : undefined));
    $<HTMLButtonElement>("#save-as-item").click();
    expect(input("share-item-name").value).toBe("ş".repeat(59));
    expect(nameFrom(`${"a".repeat(59)}🎂x`)).toBe(`${"a".repeat(59)}🎂`);
    expect(nameFrom("  Çay  ")).toBe("Çay");
  });

  async function openShare(over: Handler) {
    const m = await mount((cmd, a) => {
      const answer = over(cmd, a);
      if (answer !== undefined) return answer;
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [link()], total: 1 };
      if (cmd === "get_link") return link({ qrPngDataUrl: QR });
      return undefined;
    });
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    $<HTMLButtonElement>('tr[data-link-id="7"] .act-share').click();
    await settle();
    return m;
  }

  it("asks the name (the description first), saves it and says so", async () => {
    const m = await openShare((cmd, a) => (cmd === "save_link_as_item" ? item(String(a.name)) : undefined));
    expect(visible("#item-save-form")).toBe(false);
    $<HTMLButtonElement>("#save-as-item").click();
    expect(visible("#item-save-form")).toBe(true);
    expect(input("share-item-name").value).toBe("2 kg baklava");
    expect(document.activeElement).toBe(input("share-item-name"));
    input("share-item-name").value = "Baklava (2 kg)";
    $<HTMLFormElement>("#item-save-form").requestSubmit();
    await settle();
    expect(m.of("save_link_as_item")).toEqual([{ linkId: 7, name: "Baklava (2 kg)", lang: "tr" }]);
    expect(visible("#item-save-form")).toBe(false);
    expect(visible("#item-saved")).toBe(true);
    expect($("#item-saved").textContent).toBe("Kaydedildi: “Baklava (2 kg)” artık Yeni link'te hızlı ürün.");
  });

  it("a name already used gets the core's message under the field, and nothing is said saved", async () => {
    // The core's items::name_taken, as the app's validation error carries it.
    const words = "\"2 kg baklava\" adında bir ürün zaten var: başka bir ad yazın ya da o ürünü düzenleyin.";
    const refusal: AppError = {
      kind: "validation",
      message: "Formda düzeltilecek alanlar var.",
      retryable: false,
      field: "name",
      fields: [{ field: "name", code: "name_taken", message: words }],
    };
    await openShare((cmd) => {
      if (cmd === "save_link_as_item") throw refusal;
      return undefined;
    });
    $<HTMLButtonElement>("#save-as-item").click();
    $<HTMLFormElement>("#item-save-form").requestSubmit();
    await settle();
    expect(visible("#share-item-name-error")).toBe(true);
    expect($("#share-item-name-error").textContent).toBe(words);
    expect(input("share-item-name").getAttribute("aria-invalid")).not.toBeNull();
    expect(visible("#item-saved")).toBe(false);
    expect(visible("#item-save-form")).toBe(true);
    // Typing again clears it.
    typeInto("share-item-name", "Baklava 2");
    expect(visible("#share-item-name-error")).toBe(false);
  });

  it("is in English with an English UI, and Vazgeç closes it", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo({ settings: { ...demoInfo().settings, lang: "en" } });
      if (cmd === "list_links") return { rows: [link()], total: 1 };
      if (cmd === "get_link") return link({ qrPngDataUrl: QR });
      return undefined;
    });
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    $<HTMLButtonElement>('tr[data-link-id="7"] .act-share').click();
    await settle();
    expect($("#save-as-item").textContent).toBe("Save this link as an item");
    $<HTMLButtonElement>("#save-as-item").click();
    // The label inside Paylaş's own form, naming Paylaş's own field.
    const label = $("#item-save-form").querySelector<HTMLLabelElement>("label")!;
    expect([label.textContent, label.htmlFor]).toEqual(["Item name", "share-item-name"]);
    expect($("#share-item-name-hint").textContent).toContain("Installments and stock are not kept");
    $<HTMLButtonElement>("#share-item-cancel").click();
    expect(visible("#item-save-form")).toBe(false);
    expect(document.activeElement).toBe($("#save-as-item"));
  });
});
