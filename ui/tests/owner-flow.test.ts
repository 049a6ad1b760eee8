// Issue 10: the owner's flow as an outside tester found it (sharing, expiry in hours, uncertain
// links, long text, limits). Each test failed on the code before the fix.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import type { AppError, CreateResult, LinkDto, LinkForm } from "../src/ipc";
import { $, QR, choose, demoInfo, emitStatus, input, link, mount, settle, typeInto, visible, type Handler } from "./helpers";

beforeEach(() => document.body.replaceChildren());
afterEach(() => clearMocks());

const pressEnter = () => $<HTMLFormElement>("#create-form").requestSubmit();

/** Rust's answers for a form that passes; `create_link` answers with `made`. */
function answers(made: (form: LinkForm) => CreateResult, extra: Handler = () => undefined): Handler {
  return (cmd, a) => {
    const x = extra(cmd, a);
    if (x !== undefined) return x;
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "validate_link_form") return { errors: [] };
    if (cmd === "create_link") return made(a.form as LinkForm);
    return undefined;
  };
}

const uncertainLink = (over: Partial<LinkDto> = {}): LinkDto =>
  link({
    status: "unknown",
    url: undefined,
    providerId: undefined,
    qrPngDataUrl: undefined,
    actions: { refresh: false, cancel: false, reopen: false, delete: false, resend: false, check: true, share: false },
    ...over,
  });

/** Creates a link whose answer was lost, as Rust reports it. */
async function createUncertain(provider: "paynet" | "paytr", extra: Handler = () => undefined, expiresAt?: string) {
  const m = await mount(
    answers(
      () => ({
        outcome: "uncertain",
        link: uncertainLink({ provider, expiresAt }),
        sent: {},
        message: "Sağlayıcıdan net bir yanıt gelmedi.",
      }),
      extra,
    ),
  );
  choose("provider", provider);
  input("amount").value = "320";
  input("description").value = "Halı yıkama";
  input("customer").value = "Ali Veli";
  pressEnter();
  await settle();
  return m;
}

describe("1. WhatsApp from Paylaş", () => {
  const validation: AppError = {
    kind: "validation",
    message: "Formu düzeltin: Bu bir cep telefonu numarası değil.",
    retryable: false,
    field: "phone",
    code: "phone_not_mobile",
    fields: [{ field: "phone", code: "phone_not_mobile", message: "Bu bir cep telefonu numarası değil." }],
  };

  async function openShare(handler: Handler) {
    const m = await mount((cmd, a) => {
      const x = handler(cmd, a);
      if (x !== undefined) return x;
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

  it("an empty phone opens WhatsApp for the owner to pick the contact", async () => {
    const m = await openShare((cmd) => (cmd === "open_whatsapp" ? "https://wa.me/?text=Merhaba" : undefined));
    input("whatsapp-phone").value = "";
    $<HTMLButtonElement>("#whatsapp").click();
    await settle();
    expect(m.of("open_whatsapp")).toEqual([{ id: 7, phone: "", lang: "tr" }]);
    expect($("#toast").textContent).toBe("WhatsApp açıldı");
    expect(visible("#whatsapp-phone-error")).toBe(false);
  });

  it("a wrong number is explained under the phone field and the focus stays there", async () => {
    await openShare((cmd) => {
      if (cmd === "open_whatsapp") throw validation;
      return undefined;
    });
    const phone = input("whatsapp-phone");
    phone.value = "0212 123 45 67";
    phone.focus();
    phone.closest("form")!.requestSubmit();
    await settle();
    expect(visible("#whatsapp-phone-error")).toBe(true);
    expect($("#whatsapp-phone-error").textContent).toBe("Bu bir cep telefonu numarası değil.");
    expect(phone.getAttribute("aria-invalid")).not.toBeNull();
    expect(document.activeElement).toBe(phone);
    // Typing again clears it.
    typeInto("whatsapp-phone", "0532");
    expect(visible("#whatsapp-phone-error")).toBe(false);
  });
});

describe("2. A custom expiry in hours (Paynet)", () => {
  it("48 hours is sent as hours; 0 and 9000 reach Rust's range check, not the 'whole number' message", async () => {
    const m = await mount(answers((form) => ({ outcome: "created", link: link({ description: form.description, qrPngDataUrl: QR }), sent: {} })));
    choose("provider", "paynet");
    input("amount").value = "100";
    input("description").value = "Halı";
    input("customer").value = "Ali Veli";
    choose("expiry", "custom");
    expect(visible("#expiry-hours")).toBe(true);
    typeInto("expiry-hours", "48");
    pressEnter();
    await settle();
    expect(visible("#expiry-error")).toBe(false);
    expect((m.of("create_link")[0]!.form as LinkForm).expiry).toEqual({ kind: "hours", hours: 48 });
  });

  it("out of range hours get Rust's range message", async () => {
    const range = { field: "expiry", code: "expiry_hours_range", message: "Saat 1 ile 8760 (bir yıl) arasında olmalı." };
    const m = await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "validate_link_form") return { errors: [range] };
      return undefined;
    });
    choose("provider", "paynet");
    choose("expiry", "custom");
    for (const hours of ["0", "9000"]) {
      typeInto("expiry-hours", hours);
      pressEnter();
      await settle();
      expect($("#expiry-error").textContent).toBe(range.message);
      expect((m.of("validate_link_form").at(-1)!.form as LinkForm).expiry).toEqual({ kind: "hours", hours: Number(hours) });
    }
    expect(m.of("create_link")).toHaveLength(0);
  });
});

describe("3. An uncertain PayTR create", () => {
  it("the owner enters the PayTR link id: a wrong one is explained, a right one makes a normal link", async () => {
    const found = link({ provider: "paytr", providerId: "NB2Zlz3", url: "http://127.0.0.1:8790/link/NB2Zlz3", qrPngDataUrl: QR });
    const m = await createUncertain("paytr", (cmd, a) => {
      if (cmd !== "settle_link") return undefined;
      if (a.providerId === "NB2 Zlz3") {
        const message = "PayTR panelindeki bağlantı numarasını yazın: yalnızca harf ve rakam.";
        throw { kind: "validation", message: `Formu düzeltin: ${message}`, retryable: false, field: "providerId", fields: [{ field: "providerId", code: "provider_id_invalid", message }] } satisfies AppError;
      }
      return found;
    });
    expect($("#uncertain").textContent).toContain("PayTR panelinde");
    expect(document.querySelector("#check-link")).toBeNull();
    typeInto("paytr-link-id", "NB2 Zlz3");
    $<HTMLButtonElement>("#settle-found").click();
    await settle();
    expect($("#paytr-link-id-error").textContent).toBe("PayTR panelindeki bağlantı numarasını yazın: yalnızca harf ve rakam.");
    expect(visible("#uncertain")).toBe(true);

    typeInto("paytr-link-id", "NB2Zlz3");
    expect(visible("#paytr-link-id-error")).toBe(false);
    $<HTMLButtonElement>("#settle-found").click();
    await settle();
    expect(m.of("settle_link").at(-1)).toEqual({ id: 7, providerId: "NB2Zlz3", lang: "tr" });
    expect(document.querySelector("#uncertain")).toBeNull();
    expect($("#share-status").dataset.status).toBe("waiting");
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#link-id").textContent).toBe("NB2Zlz3");
    expect($("#toast").textContent).toBe("Link kaydedildi; artık normal bir link.");
  });

  it("the QR is drawn when the link event (no QR) arrives before settle_link's answer", async () => {
    const found = link({ provider: "paytr", providerId: "NB2Zlz3", url: "http://127.0.0.1:8790/link/NB2Zlz3", qrPngDataUrl: QR });
    await createUncertain("paytr", (cmd) => {
      // The QR the event handler asks for comes back after settle_link's own answer.
      if (cmd === "get_link") return new Promise((done) => setTimeout(() => done(found), 30));
      if (cmd !== "settle_link") return undefined;
      // Rust emits the link event before the command returns: the event carries no QR.
      return emitStatus({ ...found, qrPngDataUrl: undefined }).then(() => found);
    });
    typeInto("paytr-link-id", "NB2Zlz3");
    $<HTMLButtonElement>("#settle-found").click();
    await settle();
    await new Promise((done) => setTimeout(done, 60));
    await settle();
    expect($("#share-status").dataset.status).toBe("waiting");
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#qr-hint").textContent).not.toContain("adresi yok");
  });

  it("'Panelde yok' records it as not created", async () => {
    const m = await createUncertain("paytr", (cmd) =>
      cmd === "settle_link" ? uncertainLink({ provider: "paytr", status: "failed", actions: { ...uncertainLink().actions, check: false } }) : undefined,
    );
    $<HTMLButtonElement>("#settle-missing").click();
    await settle();
    expect(m.of("settle_link")).toEqual([{ id: 7, providerId: null, lang: "tr" }]);
    expect(document.querySelector("#uncertain")).toBeNull();
    expect($("#share-heading").textContent).toBe("Link oluşturulamadı");
    expect($("#toast").textContent).toContain("Oluşmadı olarak kaydedildi");
  });

  it("'Kontrol et' on a PayTR row in Linkler opens the link where the owner can answer", async () => {
    const row = uncertainLink({ provider: "paytr" });
    const m = await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "list_links") return { rows: [row], total: 1 };
      if (cmd === "get_link") return row;
      return undefined;
    });
    $<HTMLButtonElement>("#nav-links").click();
    await settle();
    $<HTMLButtonElement>('tr[data-link-id="7"] .act-check').click();
    await settle();
    expect(m.of("check_link")).toHaveLength(0);
    expect(visible("#paytr-link-id")).toBe(true);
  });
});

describe("4. An uncertain Paynet create found by the tracker", () => {
  it("the share view draws the QR when the link gets its address", async () => {
    const m = await createUncertain("paynet", (cmd) => (cmd === "get_link" ? link({ qrPngDataUrl: QR }) : undefined));
    expect(document.querySelector("#qr")).toBeNull();
    // The tracker's event carries the address but no QR (events stay small).
    await emitStatus(link({ qrPngDataUrl: undefined }));
    await settle();
    expect($("#share-status").textContent).toBe("Ödeme bekleniyor");
    expect(m.of("get_link")).toEqual([{ id: 7, lang: "tr" }]);
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#qr-hint").textContent).not.toContain("adresi yok");
  });
});

describe("6. No silent truncation", () => {
  it("nothing is cut; a counter shows near the limit, counted as the provider counts", async () => {
    const m = await mount(answers((form) => ({ outcome: "created", link: link({ qrPngDataUrl: QR, customer: form.customer }), sent: {} })));
    choose("provider", "paynet");
    for (const id of ["description", "customer", "email", "reference"]) expect(input(id).hasAttribute("maxlength")).toBe(false);
    typeInto("customer", "A".repeat(50));
    expect(visible("#customer-count")).toBe(false);
    typeInto("customer", "A".repeat(85));
    expect($("#customer-count").textContent).toBe("85 / 100");
    typeInto("customer", "A".repeat(101));
    expect($("#customer-count").textContent).toBe("101 / 100 — 1 fazla");
    expect($("#customer-count").classList.contains("over")).toBe(true);
    // PayTR's description: Turkish letters count two (its limit may be in bytes).
    choose("provider", "paytr");
    typeInto("description", "ş".repeat(90));
    expect($("#description-count").textContent).toBe("180 / 200");
    input("amount").value = "100";
    pressEnter();
    await settle();
    expect((m.of("validate_link_form").at(-1)!.form as LinkForm).customer).toBe("A".repeat(101));
  });

  it("in English too", async () => {
    await mount(answers(() => ({ outcome: "created", link: link(), sent: {} })), "en-GB");
    choose("provider", "paynet");
    typeInto("description", "x".repeat(150));
    expect($("#description-count").textContent).toBe("150 / 140 — 10 too many");
  });
});

describe("8. Wording on an uncertain create", () => {
  it("the headline says it is uncertain and the expiry asked for is shown", async () => {
    await createUncertain("paynet", () => undefined, "2025-11-25T11:05:00.000Z");
    expect($("#share-heading").textContent).toBe("Link oluştu mu, belli değil");
    expect($("#share-heading").textContent).not.toBe("Link hazır");
    expect($("#result-expires").textContent).toContain("25.11.2025");
    expect($("#qr-hint").textContent).toBe("Link doğrulanınca adresi ve QR kodu burada görünür.");
  });

  it("an old uncertain link without an expiry says 'Bilinmiyor', never 'Süresiz'", async () => {
    await createUncertain("paytr");
    expect($("#result-expires").textContent).toBe("Bilinmiyor");
  });

  it("in English", async () => {
    await mount(
      answers(() => ({ outcome: "uncertain", link: uncertainLink({ expiresAt: undefined }), sent: {}, message: "No clear answer." })),
      "en-GB",
    );
    choose("provider", "paynet");
    input("amount").value = "1";
    input("description").value = "Tea";
    input("customer").value = "Ali Veli";
    pressEnter();
    await settle();
    expect($("#share-heading").textContent).toBe("Not sure the link was made");
    expect($("#result-expires").textContent).toBe("Not known");
  });
});
