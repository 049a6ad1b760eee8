import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppError, CreateResult, LinkForm } from "../src/ipc";
import { $, QR, choose, demoInfo, input, link, mount, settle, typeInto, visible, type Args } from "./helpers";

function fill(amount: string, description: string, customer: string) {
  input("amount").value = amount;
  input("description").value = description;
  input("customer").value = customer;
}

/** Enter in a field: the form's implicit submission. */
const pressEnter = () => $<HTMLFormElement>("#create-form").requestSubmit();

function created(args: Args, outcome: CreateResult["outcome"] = "created"): CreateResult {
  const form = args.form as LinkForm;
  return {
    outcome,
    link: link({ description: form.description, customer: form.customer, provider: form.provider ?? "paynet", qrPngDataUrl: QR }),
    sent: {},
  };
}

/** Rust's answers for a form that passes. */
function ok(cmd: string, args: Args): unknown {
  if (cmd === "get_app_info") return demoInfo();
  if (cmd === "validate_link_form") return { errors: [] };
  if (cmd === "create_link") return created(args);
  return undefined;
}

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

describe("header", () => {
  it("says Demo plainly in Turkish", async () => {
    await mount(ok);
    expect(visible("#mode-badge")).toBe(true);
    expect($("#mode-badge").textContent).toBe("Demo modu — gerçek para çekilmez");
    expect(document.documentElement.lang).toBe("tr");
    expect($("#nav-create").textContent).toBe("Yeni link");
    expect($("#nav-links").textContent).toBe("Linkler");
    expect($("#nav-settings").textContent).toBe("Ayarlar");
  });

  it("speaks English when the system language is not Turkish", async () => {
    await mount(ok, "en-GB");
    expect($("#mode-badge").textContent).toBe("Demo mode — no real money moves");
    expect($("#create-submit").textContent).toContain("Create link");
  });

  it("follows the language saved in Ayarlar over the system's", async () => {
    await mount((cmd, a) => (cmd === "get_app_info" ? demoInfo({ settings: { ...demoInfo().settings, lang: "en" } }) : ok(cmd, a)));
    expect($("#nav-links").textContent).toBe("Links");
  });

  it("shows no badge when the mode is unknown", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") throw new Error("boom");
    });
    expect(visible("#mode-badge")).toBe(false);
  });
});

describe("create view", () => {
  it("opens with the amount focused, the last provider chosen and the result hidden", async () => {
    await mount((cmd, a) =>
      cmd === "get_app_info" ? demoInfo({ settings: { ...demoInfo().settings, lastProvider: "paytr" } }) : ok(cmd, a),
    );
    expect(document.activeElement).toBe(input("amount"));
    expect(input("amount").getAttribute("inputmode")).toBe("decimal");
    expect($<HTMLSelectElement>("#provider").value).toBe("paytr");
    expect(document.querySelector("#result")).not.toBeNull();
    expect(visible("#result")).toBe(false);
  });

  it("shows each provider's own fields", async () => {
    await mount(ok);
    choose("provider", "paynet");
    expect(visible("#max-installment")).toBe(false);
    expect(visible("#link-type")).toBe(false);
    expect(visible("#reference")).toBe(true);
    expect($('label[for="customer"]').textContent).toBe("Müşterinin adı soyadı");
    // The date-time field is a plain one until shown (no picker built for nothing), a picker once shown.
    expect(input("expiry-at").type).toBe("text");
    choose("expiry", "custom");
    expect(visible("#expiry-hours")).toBe(true);
    expect(visible("#expiry-at")).toBe(false);
    expect(input("expiry-at").type).toBe("text");

    choose("provider", "paytr");
    expect(visible("#max-installment")).toBe(true);
    expect(visible("#link-type")).toBe(true);
    expect(visible("#stock")).toBe(true);
    expect(visible("#reference")).toBe(true); // kept locally for PayTR too
    expect($('label[for="customer"]').textContent).toContain("isteğe bağlı");
    expect(visible("#expiry-hours")).toBe(false);
    expect(visible("#expiry-at")).toBe(true);
    expect(input("expiry-at").type).toBe("datetime-local");
    expect(input("expiry-at").value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    choose("link-type", "flex");
    expect(visible("#stock")).toBe(false);
    expect(visible("#flex-max")).toBe(true);
  });

  it("Enter validates, then creates with the whole form, and shows the link with its QR", async () => {
    const m = await mount(ok);
    choose("provider", "paynet");
    fill("1.234,56", "2 kg baklava", "Ayşe Yılmaz");
    input("phone").value = "0532 123 45 67";
    input("send-sms").checked = true;
    choose("expiry", "7");
    pressEnter();
    await settle();

    // Validation (no network) comes right before the create.
    expect(m.calls.slice(-2).map((c) => c.cmd)).toEqual(["validate_link_form", "create_link"]);
    const creates = m.of("create_link");
    expect(creates).toHaveLength(1);
    expect(creates[0]).toEqual({
      lang: "tr",
      form: {
        provider: "paynet",
        amount: "1.234,56",
        currency: "TL",
        description: "2 kg baklava",
        customer: "Ayşe Yılmaz",
        phone: "0532 123 45 67",
        email: "",
        sendSms: true,
        sendEmail: false,
        expiry: { kind: "days", days: 7 },
        maxInstallment: 1,
        linkType: "product",
        stock: undefined,
        flexMax: undefined,
        reference: "",
      },
    });
    expect(visible("#result")).toBe(true);
    expect(visible("#create-form")).toBe(false);
    expect($("#result-amount").textContent).toBe("1.234,56 TL");
    expect($("#link-url").textContent).toBe("http://127.0.0.1:8790/paynet/pay/9a0c");
    expect($("#link-id").textContent).toBe("0f8b6c1e-6a43-4b1f-9d36-0c7d2f7c9a11");
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#result").textContent).toContain("Ayşe Yılmaz");
  });

  it("sends PayTR's choices: custom date, installments, stock, the owner's reference", async () => {
    const m = await mount(ok);
    choose("provider", "paytr");
    fill("99", "Kahve makinesi", "");
    choose("expiry", "custom");
    input("expiry-at").value = "2030-05-01T18:00";
    choose("max-installment", "6");
    input("stock").value = "3";
    input("reference").value = "FTR-9";
    pressEnter();
    await settle();
    const form = m.of("create_link")[0]!.form as LinkForm;
    expect(form.expiry).toEqual({ kind: "at", at: "2030-05-01T18:00" });
    expect(form.maxInstallment).toBe(6);
    expect(form.stock).toBe(3);
    expect(form.reference).toBe("FTR-9");
  });

  it("a stock that is not a number is marked without calling create", async () => {
    const m = await mount(ok);
    choose("provider", "paytr");
    fill("99", "Kahve makinesi", "");
    input("stock").value = "beş";
    pressEnter();
    await settle();
    expect(m.of("create_link")).toHaveLength(0);
    expect(visible("#stock-error")).toBe(true);
    expect($<HTMLDetailsElement>("#advanced").open).toBe(true);
    expect(document.activeElement).toBe(input("stock"));
  });

  it("a second Enter while the first create is on its way sends nothing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const m = await mount(async (cmd, args) => {
      if (cmd === "create_link") await gate;
      return ok(cmd, args);
    });
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect($<HTMLButtonElement>("#create-submit").disabled).toBe(true);
    expect($("#create-submit").getAttribute("aria-busy")).toBe("true");
    expect($("#create-submit").textContent).toContain("Oluşturuluyor");
    pressEnter();
    $<HTMLButtonElement>("#create-submit").click();
    pressEnter();
    release();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    expect($<HTMLButtonElement>("#create-submit").disabled).toBe(false);
    expect(visible("#result")).toBe(true);
  });

  it("puts each of Rust's validation errors under its field and sends nothing", async () => {
    const m = await mount((cmd, a) =>
      cmd === "validate_link_form"
        ? {
            errors: [
              { field: "amount", code: "amount_too_many_decimals", message: "Virgülden sonra en fazla iki basamak yazın, örneğin 120,50." },
              { field: "customer", code: "customer_required", message: "Ödeyecek kişinin adını yazın; Paynet bunu istiyor." },
            ],
          }
        : ok(cmd, a),
    );
    fill("12,345", "Kahve", "");
    pressEnter();
    await settle();
    expect(m.of("create_link")).toHaveLength(0);
    expect($("#amount-error").textContent).toBe("Virgülden sonra en fazla iki basamak yazın, örneğin 120,50.");
    expect($("#customer-error").textContent).toContain("Paynet bunu istiyor");
    expect(visible("#description-error")).toBe(false);
    expect(visible("#form-error")).toBe(false);
    expect(document.activeElement).toBe(input("amount"));
    expect(input("amount").hasAttribute("aria-invalid")).toBe(true);
    typeInto("amount", "12,34");
    expect(visible("#amount-error")).toBe(false);
    expect(visible("#customer-error")).toBe(true);
  });

  it("a refusal from create_link with fields is shown the same way", async () => {
    const refusal: AppError = {
      kind: "validation",
      message: "Açıklamayı düzeltin.",
      retryable: false,
      fields: [{ field: "description", code: "description_length", message: "Açıklama en az 4 karakter olmalı." }],
    };
    await mount((cmd, a) => {
      if (cmd === "create_link") throw refusal;
      return ok(cmd, a);
    });
    fill("120", "Çay", "Ali Veli");
    pressEnter();
    await settle();
    expect($("#description-error").textContent).toBe("Açıklama en az 4 karakter olmalı.");
    expect(visible("#result")).toBe(false);
  });

  it("warns once about a same-amount PayTR link; a second Enter keeps the amount", async () => {
    const m = await mount((cmd, a) =>
      cmd === "validate_link_form" && (a.form as LinkForm).amount === "120"
        ? { errors: [], sameAmount: { count: 2, suggestion: "120,01" } }
        : ok(cmd, a),
    );
    choose("provider", "paytr");
    fill("120", "Kahve", "");
    pressEnter();
    await settle();
    expect(m.of("create_link")).toHaveLength(0);
    expect(visible("#same-amount-warning")).toBe(true);
    expect($("#same-amount-warning").textContent).toContain("120,01");
    pressEnter();
    await settle();
    expect(m.of("create_link")).toHaveLength(1);
    expect((m.of("create_link")[0]!.form as LinkForm).amount).toBe("120");
  });

  it("the same-amount suggestion replaces the amount with one click", async () => {
    const m = await mount((cmd, a) =>
      cmd === "validate_link_form" && (a.form as LinkForm).amount === "120"
        ? { errors: [], sameAmount: { count: 1, suggestion: "120,01" } }
        : ok(cmd, a),
    );
    choose("provider", "paytr");
    fill("120", "Kahve", "");
    pressEnter();
    await settle();
    $<HTMLButtonElement>("#make-distinct").click();
    expect(input("amount").value).toBe("120,01");
    expect(visible("#same-amount-warning")).toBe(false);
    expect(document.activeElement).toBe(input("amount"));
    pressEnter();
    await settle();
    expect((m.of("create_link")[0]!.form as LinkForm).amount).toBe("120,01");
  });

  it("'Yine de bu tutarla oluştur' creates with the same amount in one click", async () => {
    const m = await mount((cmd, a) =>
      cmd === "validate_link_form" && (a.form as LinkForm).amount === "120"
        ? { errors: [], sameAmount: { count: 1, suggestion: "120,01" } }
        : ok(cmd, a),
    );
    choose("provider", "paytr");
    fill("120", "Kahve", "");
    pressEnter();
    await settle();
    expect($("#make-distinct").textContent).toBe("Farklı yap: 120,01 TL");
    $<HTMLButtonElement>("#keep-amount").click();
    await settle();
    expect((m.of("create_link")[0]!.form as LinkForm).amount).toBe("120");
  });

  it("an uncertain outcome shows the link as unknown with 'Kontrol et'", async () => {
    const m = await mount((cmd, a) => {
      if (cmd === "create_link") {
        const r = created(a, "uncertain");
        r.link = { ...r.link, status: "unknown", url: undefined, providerId: undefined, qrPngDataUrl: undefined, actions: { ...r.link.actions, check: true, share: false } };
        return { ...r, message: "Paynet 20 saniyede yanıt vermedi." };
      }
      if (cmd === "check_link") return link({ qrPngDataUrl: QR });
      return ok(cmd, a);
    });
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect(visible("#result")).toBe(true);
    expect($("#share-status").dataset.status).toBe("unknown");
    expect($("#share-status").textContent).toBe("Belirsiz");
    expect($("#check-link").textContent).toBe("Kontrol et");
    expect($("#uncertain").textContent).toContain("Paynet 20 saniyede yanıt vermedi.");
    expect(document.querySelector("#whatsapp")).toBeNull();

    $<HTMLButtonElement>("#check-link").click();
    await settle();
    expect(m.of("check_link")).toEqual([{ id: 7, lang: "tr" }]);
    expect($("#share-status").dataset.status).toBe("waiting");
    expect(document.querySelector("#check-link")).toBeNull();
    expect($("#link-url").textContent).toBe("http://127.0.0.1:8790/paynet/pay/9a0c");
  });

  it("shows a provider failure above the button and says it can be retried", async () => {
    await mount((cmd, a) => {
      if (cmd === "create_link") throw { kind: "network", message: "Ödeme sağlayıcısına bağlanılamadı.", retryable: true };
      return ok(cmd, a);
    });
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect(visible("#form-error")).toBe(true);
    expect($("#form-error").textContent).toBe("Ödeme sağlayıcısına bağlanılamadı. Tekrar deneyebilirsiniz.");
    expect(visible("#create-form")).toBe(true);
  });

  it("'Yeni link' and Ctrl+N bring back an empty form with the amount focused", async () => {
    await mount(ok);
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    $<HTMLButtonElement>("#new-link").click();
    expect(visible("#create-form")).toBe(true);
    expect(input("amount").value).toBe("");
    expect(document.activeElement).toBe(input("amount"));

    $<HTMLButtonElement>("#nav-settings").click();
    input("amount").value = "55";
    const ev = new KeyboardEvent("keydown", { key: "n", ctrlKey: true, bubbles: true, cancelable: true });
    document.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(visible("#create-form")).toBe(true);
    expect(input("amount").value).toBe("");
    expect(document.activeElement).toBe(input("amount"));

    $<HTMLButtonElement>("#nav-links").click();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "N", metaKey: true, bubbles: true, cancelable: true }));
    expect(visible("#create-form")).toBe(true);
  });

  it("after create, one Tab from the result reaches WhatsApp", async () => {
    await mount(ok);
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect(document.activeElement).toBe($("#result"));
    const tabbable = [...$("#result").querySelectorAll<HTMLElement>("button, input, select, a[href], [tabindex]:not([tabindex='-1'])")].filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    expect(tabbable[0]?.id).toBe("whatsapp");
  });
});
