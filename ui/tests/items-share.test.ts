// "Bu linki ürün olarak kaydet" on Paylaş (issue 11 §3), on mocked IPC.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppError, SavedItem } from "../src/ipc";
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
    expect(input("item-name").value).toBe("2 kg baklava");
    expect(document.activeElement).toBe(input("item-name"));
    input("item-name").value = "Baklava (2 kg)";
    $<HTMLFormElement>("#item-save-form").requestSubmit();
    await settle();
    expect(m.of("save_link_as_item")).toEqual([{ linkId: 7, name: "Baklava (2 kg)", lang: "tr" }]);
    expect(visible("#item-save-form")).toBe(false);
    expect(visible("#item-saved")).toBe(true);
    expect($("#item-saved").textContent).toBe("Kaydedildi: “Baklava (2 kg)” artık Yeni link'te hızlı ürün.");
  });

  it("a name already used gets the core's message under the field, and nothing is said saved", async () => {
    const refusal: AppError = {
      kind: "validation",
      message: "Bu adla bir ürün zaten var: “2 kg baklava”. Başka bir ad yazın.",
      retryable: false,
      field: "name",
      code: "item_name_taken",
      fields: [{ field: "name", code: "item_name_taken", message: "Bu adla bir ürün zaten var: “2 kg baklava”. Başka bir ad yazın." }],
    };
    await openShare((cmd) => {
      if (cmd === "save_link_as_item") throw refusal;
      return undefined;
    });
    $<HTMLButtonElement>("#save-as-item").click();
    $<HTMLFormElement>("#item-save-form").requestSubmit();
    await settle();
    expect(visible("#item-name-error")).toBe(true);
    expect($("#item-name-error").textContent).toBe(refusal.message);
    expect(input("item-name").getAttribute("aria-invalid")).not.toBeNull();
    expect(visible("#item-saved")).toBe(false);
    expect(visible("#item-save-form")).toBe(true);
    // Typing again clears it.
    typeInto("item-name", "Baklava 2");
    expect(visible("#item-name-error")).toBe(false);
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
    expect($('label[for="item-name"]').textContent).toBe("Item name");
    $<HTMLButtonElement>("#item-cancel").click();
    expect(visible("#item-save-form")).toBe(false);
    expect(document.activeElement).toBe($("#save-as-item"));
  });
});
