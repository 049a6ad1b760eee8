import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppError, ImportResult, SavedItem, SavedItemInput } from "../src/ipc";
import { en } from "../src/i18n/en";
import { $, $$, choose, clickAndSettle, demoInfo, input, openSettingsWith, select, settle, visible, type Args } from "./helpers";

function saved(over: Partial<SavedItem> = {}): SavedItem {
  return {
    id: 1,
    name: "Çay",
    amount: "12,50",
    amountMinor: 1250,
    currency: "TL",
    description: "Bir bardak çay",
    provider: null,
    expiry: { kind: "days", days: 3 },
    maxInstallment: 1,
    linkType: "product",
    flexMax: null,
    position: 0,
    ...over,
  };
}

/** A small Rust keeping the items in order; `refuse` answers save_saved_item with an error. */
function backend(start: SavedItem[] = [], opts: { refuse?: AppError; importResult?: ImportResult | AppError } = {}) {
  let items = [...start];
  let nextId = 100;
  const renumber = () => (items = items.map((i, position) => ({ ...i, position })));
  return (cmd: string, a: Args): unknown => {
    switch (cmd) {
      case "get_app_info":
        return demoInfo();
      case "list_saved_items":
        return items;
      case "save_saved_item": {
        if (opts.refuse) throw opts.refuse;
        const i = a.item as SavedItemInput;
        const amountMinor = i.amount ? Math.round(Number(i.amount.replace(".", "").replace(",", ".")) * 100) : null;
        const item = saved({ ...i, id: i.id ?? nextId++, amountMinor, provider: i.provider, flexMax: i.flexMax });
        const at = items.findIndex((x) => x.id === item.id);
        if (at >= 0) items[at] = { ...item, position: at };
        else items.push({ ...item, position: items.length });
        return items.find((x) => x.id === item.id);
      }
      case "delete_saved_item":
        items = items.filter((x) => x.id !== a.id);
        renumber();
        return null;
      case "reorder_saved_items":
        items = (a.ids as number[]).map((id) => items.find((x) => x.id === id)!);
        renumber();
        return items;
      case "export_saved_items_csv":
        return { path: "/home/esnaf/tahsildar-urunler-2026-11-30.csv", rows: items.length };
      case "import_saved_items_csv":
        if (opts.importResult && "kind" in opts.importResult && "message" in opts.importResult) throw opts.importResult;
        return opts.importResult ?? null;
      default:
        return undefined;
    }
  };
}

const rows = () => $$(".item-row").map((r) => r.querySelector(".item-name")!.firstChild!.textContent);
const click = (el: HTMLElement) => {
  el.click();
  return settle().then(settle);
};
const rowButton = (name: string, cls: string) => {
  const row = $$(".item-row").find((r) => r.querySelector(".item-name")!.firstChild!.textContent === name)!;
  return row.querySelector<HTMLButtonElement>(`.${cls}`)!;
};

const four = [
  saved(),
  saved({ id: 2, name: "Doğum günü pastası 🎂", amount: "", amountMinor: null, provider: "paytr", linkType: "flex", flexMax: "750,00", expiry: { kind: "none" }, position: 1 }),
  saved({ id: 3, name: "Tamir", amount: "1.234,56", amountMinor: 123456, provider: "paynet", expiry: { kind: "hours", hours: 36 }, position: 2 }),
  saved({ id: 4, name: "Simit", amount: "15,00", amountMinor: 1500, maxInstallment: 3, position: 3 }),
];

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("Ayarlar: Hızlı ürünler", () => {
  it("lists the items in the owner's order with what each fills in, and reads them again on opening", async () => {
    const m = await openSettingsWith(backend(four));
    await settle();
    expect(m.of("list_saved_items").length).toBeGreaterThan(0);
    expect(rows()).toEqual(["Çay", "Doğum günü pastası 🎂", "Tamir", "Simit"]);
    const meta = $$(".item-meta").map((e) => e.textContent);
    expect(meta[0]).toBe("12,50 TL · Yeni link ekranındaki seçim · 3 gün");
    expect(meta[1]).toBe("En düşük tutar: her seferinde siz yazarsınız · PayTR · Süresiz · Esnek tutar (müşteri tutarı kendisi girer)");
    expect(meta[2]).toBe("1.234,56 TL · Paynet · 36 saat");
    expect(meta[3]).toContain("3 taksit");
    expect(visible("#items-empty")).toBe(false);
    // Up on the first and down on the last lead nowhere.
    expect(rowButton("Çay", "item-up").disabled).toBe(true);
    expect(rowButton("Simit", "item-down").disabled).toBe(true);
    expect(rowButton("Çay", "item-up").getAttribute("aria-label")).toBe("Çay: bir yukarı taşı");
  });

  it("marks only the first six as quick buttons, and says so when there are none", async () => {
    const many = Array.from({ length: 8 }, (_, i) => saved({ id: i + 1, name: `Ürün ${i + 1}`, position: i }));
    await openSettingsWith(backend(many));
    await settle();
    expect($$(".item-quick")).toHaveLength(6);
    expect(rowButton("Ürün 7", "item-edit").closest(".item-row")!.querySelector(".item-quick")).toBeNull();
    document.body.replaceChildren();
    await openSettingsWith(backend([]));
    await settle();
    expect(visible("#items-empty")).toBe(true);
    expect($("#items-empty").textContent).toContain("Ürün ekle");
  });

  it("adds an item through the form and shows it in the list", async () => {
    const m = await openSettingsWith(backend([saved()]));
    await settle();
    await clickAndSettle("item-add");
    expect(visible("#item-form")).toBe(true);
    expect(document.activeElement).toBe(input("item-name"));
    expect($("#item-form-heading").textContent).toBe("Yeni ürün");
    // PayTR's own fields only for PayTR; installments also for "the form's choice".
    expect(visible("#item-link-type")).toBe(false);
    expect(visible("#item-installments")).toBe(true);
    input("item-name").value = "Şöbiyet";
    input("item-amount").value = "450";
    input("item-description").value = "Fıstıklı şöbiyet, 1 kg";
    choose("item-provider", "paynet");
    expect(visible("#item-installments")).toBe(false);
    choose("item-expiry", "d7");
    await clickAndSettle("item-save");
    expect(m.of("save_saved_item")).toEqual([
      {
        item: {
          id: null, name: "Şöbiyet", amount: "450", currency: "TL", description: "Fıstıklı şöbiyet, 1 kg", provider: "paynet",
          expiry: { kind: "days", days: 7 }, maxInstallment: 1, linkType: "product", flexMax: null,
        },
        lang: "tr",
      },
    ]);
    expect(rows()).toEqual(["Çay", "Şöbiyet"]);
    expect(visible("#item-form")).toBe(false);
    expect($("#toast").textContent).toBe('"Şöbiyet" kaydedildi');
    expect(document.activeElement).toBe(rowButton("Şöbiyet", "item-edit"));
  });

  it("a PayTR flex item may leave the price to the customer; the hint says so", async () => {
    const m = await openSettingsWith(backend());
    await settle();
    await clickAndSettle("item-add");
    choose("item-provider", "paytr");
    expect(visible("#item-asked-hint")).toBe(false);
    choose("item-link-type", "flex");
    expect(visible("#item-asked-hint")).toBe(true);
    expect(visible("#item-flex-max")).toBe(true);
    input("item-name").value = "Bağış";
    input("item-description").value = "Derneğe bağış";
    input("item-flex-max").value = "1.000";
    choose("item-installments", "6");
    await clickAndSettle("item-save");
    const sent = m.of("save_saved_item")[0]!.item as SavedItemInput;
    expect([sent.amount, sent.linkType, sent.flexMax, sent.maxInstallment, sent.provider]).toEqual(["", "flex", "1.000", 6, "paytr"]);
  });

  it("offers no 'Süresiz' (Yeni link has it for iyzico only); an iyzico item sends none without asking", async () => {
    const m = await openSettingsWith(backend());
    await settle();
    await clickAndSettle("item-add");
    for (const provider of ["", "paytr", "paynet"]) {
      choose("item-provider", provider);
      expect(visible("#item-expiry"), provider).toBe(true);
      expect([...select("item-expiry").options].map((o) => o.value), provider).toEqual(["d1", "d3", "d7"]);
    }
    choose("item-provider", "iyzico");
    expect(visible("#item-expiry")).toBe(false);
    input("item-name").value = "Kahve";
    input("item-amount").value = "95";
    input("item-description").value = "Filtre kahve";
    await clickAndSettle("item-save");
    const sent = m.of("save_saved_item")[0]!.item as SavedItemInput;
    expect([sent.provider, sent.expiry]).toEqual(["iyzico", { kind: "none" }]);
  });

  it("shows each refusal under its field and focuses the first", async () => {
    const refuse: AppError = {
      kind: "validation",
      message: "Formu düzeltin: …",
      retryable: false,
      field: "amount",
      fields: [
        { field: "amount", code: "amount_empty", message: "Tutarı yazın, örneğin 150 veya 1.234,56." },
        { field: "name", code: "name_taken", message: "\"Çay\" adında bir ürün zaten var." },
        { field: "flexMax", code: "flex_max_required", message: "En yüksek tutarı yazın." },
      ],
    };
    const m = await openSettingsWith(backend([saved()], { refuse }));
    await settle();
    await clickAndSettle("item-add");
    input("item-name").value = "çay";
    await clickAndSettle("item-save");
    expect(m.of("save_saved_item")).toHaveLength(1);
    expect($("#item-amount-error").textContent).toBe("Tutarı yazın, örneğin 150 veya 1.234,56.");
    expect($("#item-name-error").textContent).toContain("zaten var");
    expect(input("item-name").closest(".field")!.classList.contains("invalid")).toBe(true);
    // The flex maximum is not on screen (not a PayTR flex item): said above the buttons instead.
    expect($("#item-form-error").textContent).toBe("En yüksek tutarı yazın.");
    expect(document.activeElement).toBe(input("item-amount"));
    expect(visible("#item-form")).toBe(true);
  });

  it("edits an item with its own values, keeping an expiry that is none of the presets", async () => {
    const m = await openSettingsWith(backend(four));
    await settle();
    await click(rowButton("Tamir", "item-edit"));
    expect($("#item-form-heading").textContent).toBe("Düzenle: Tamir");
    expect([input("item-name").value, input("item-amount").value, select("item-provider").value]).toEqual(["Tamir", "1.234,56", "paynet"]);
    expect(select("item-expiry").selectedOptions[0]!.textContent).toBe("36 saat");
    input("item-amount").value = "1.500";
    await clickAndSettle("item-save");
    const sent = m.of("save_saved_item")[0]!.item as SavedItemInput;
    expect([sent.id, sent.amount, sent.expiry]).toEqual([3, "1.500", { kind: "hours", hours: 36 }]);
    expect(rows()).toEqual(["Çay", "Doğum günü pastası 🎂", "Tamir", "Simit"]);
    // Vazgeç closes without saving and gives the focus back to the row.
    await click(rowButton("Çay", "item-edit"));
    await clickAndSettle("item-cancel");
    expect(visible("#item-form")).toBe(false);
    expect(document.activeElement).toBe(rowButton("Çay", "item-edit"));
    expect(m.of("save_saved_item")).toHaveLength(1);
  });

  it("moves items with the keyboard-reachable up and down buttons, keeping the focus on the moved item", async () => {
    const m = await openSettingsWith(backend(four));
    await settle();
    const down = rowButton("Çay", "item-down");
    down.focus();
    await click(down);
    expect(m.of("reorder_saved_items")).toEqual([{ ids: [2, 1, 3, 4], lang: "tr" }]);
    expect(rows()).toEqual(["Doğum günü pastası 🎂", "Çay", "Tamir", "Simit"]);
    expect(document.activeElement).toBe(rowButton("Çay", "item-down"));
    expect($("#toast").textContent).toBe('"Çay" artık 2. sırada');
    await click(rowButton("Simit", "item-up"));
    expect(m.of("reorder_saved_items")[1]).toEqual({ ids: [2, 1, 4, 3], lang: "tr" });
    // At the top the up button is disabled: the focus moves to one that works.
    await click(rowButton("Çay", "item-up"));
    expect(rows()[0]).toBe("Çay");
    expect(document.activeElement).toBe(rowButton("Çay", "item-down"));
  });

  it("deletes only after a second click", async () => {
    const m = await openSettingsWith(backend(four));
    await settle();
    const remove = rowButton("Tamir", "item-remove");
    await click(remove);
    expect(m.of("delete_saved_item")).toHaveLength(0);
    expect(remove.textContent).toBe("Emin misiniz? Tekrar tıklayın");
    await click(remove);
    expect(m.of("delete_saved_item")).toEqual([{ id: 3, lang: "tr" }]);
    expect(rows()).toEqual(["Çay", "Doğum günü pastası 🎂", "Simit"]);
    expect($("#toast").textContent).toBe('"Tamir" silindi');
    expect(document.activeElement).toBe(rowButton("Simit", "item-edit"));
  });

  it("says plainly what an import did, line by line for the skipped ones", async () => {
    const importResult: ImportResult = {
      path: "/home/esnaf/urunler.csv",
      added: 2,
      updated: 1,
      unchanged: 1,
      skipped: 2,
      lines: [
        { line: 2, name: "Kek", kind: "added" },
        { line: 3, name: "Börek", kind: "added" },
        { line: 4, name: "Çay", kind: "updated" },
        { line: 5, name: "Su", kind: "skipped", reason: "Tutarda 'a' olamaz: yalnızca rakam, '.' ve ',' kullanın." },
        { line: 6, name: "", kind: "skipped", reason: "Ürüne bir ad verin." },
        { line: 7, name: "Simit", kind: "unchanged" },
      ],
    };
    const m = await openSettingsWith(backend([saved()], { importResult }));
    await settle();
    const before = m.of("list_saved_items").length;
    await clickAndSettle("items-import");
    expect($("#items-result p").textContent).toBe("İçe aktarma bitti: 2 ürün eklendi, 1 ürün güncellendi, 1 ürün değişmedi, 2 satır atlandı.");
    expect($$(".items-skipped li").map((l) => l.textContent)).toEqual([
      "Satır 5 (Su): Tutarda 'a' olamaz: yalnızca rakam, '.' ve ',' kullanın.",
      "Satır 6: Ürüne bir ad verin.",
    ]);
    expect(m.of("list_saved_items").length).toBe(before + 1);
  });

  it("a broken file's message is shown as an error; an export names the file", async () => {
    const broken: AppError = { kind: "validation", message: "Dosya okunamadı: 3. satırda açılan tırnak (\") kapanmıyor.", retryable: false, code: "unclosed_quote" };
    await openSettingsWith(backend([saved()], { importResult: broken }));
    await settle();
    await clickAndSettle("items-import");
    expect($("#items-result").classList.contains("error")).toBe(true);
    expect($("#items-result").textContent).toContain("kapanmıyor");
    await clickAndSettle("items-export");
    expect($("#items-result").classList.contains("error")).toBe(false);
    expect($("#items-result").textContent).toBe("1 ürün kaydedildi: /home/esnaf/tahsildar-urunler-2026-11-30.csv");
  });

  it("speaks English too", async () => {
    await openSettingsWith(backend(four), "en-US");
    await settle();
    expect($("#saved-items legend").textContent).toBe("Quick items");
    expect($$(".item-meta")[0]!.textContent).toBe("12,50 TL · The one chosen on the new-link form · 3 days");
    expect($$(".item-meta")[2]!.textContent).toBe("1.234,56 TL · Paynet · 36 hours");
    expect($("#item-add").textContent).toBe("Add item");
    expect(rowButton("Çay", "item-down").getAttribute("aria-label")).toBe("Çay: move down one place");
    // One is one item, not "1 items".
    expect(en.items.exported(1, "/x.csv")).toBe("1 item saved: /x.csv");
    expect(en.items.importSummary(1, 0, 1, 1)).toBe("Import finished: 1 item added, 0 items updated, 1 item unchanged, 1 line skipped.");
  });
});
