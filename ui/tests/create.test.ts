import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { start } from "../src/main";
import type { AppError, Link } from "../src/ipc";

type Args = Record<string, unknown>;

const QR = "data:image/png;base64,iVBORw0KGgo=";

function link(args: Args): Link {
  return {
    id: "0f8b6c1e-6a43-4b1f-9d36-0c7d2f7c9a11",
    url: "http://127.0.0.1:8790/paynet/pay/9a0c",
    amount_minor: 123456,
    amount_text: "1.234,56 TL",
    description: String(args.description),
    customer: String(args.customer),
    qr_png_data_url: QR,
    provider: "paynet",
    demo: true,
  };
}

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const input = (id: string) => $<HTMLInputElement>(`#${id}`);
const visible = (sel: string) => !$(sel).hidden;

function fill(amount: string, description: string, customer: string) {
  input("amount").value = amount;
  input("description").value = description;
  input("customer").value = customer;
}

/** Enter in a field: the form's implicit submission. */
function pressEnter() {
  $<HTMLFormElement>("#create-form").requestSubmit();
}

/** Lets pending promise callbacks (the mocked invoke) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

let calls: { cmd: string; args: Args }[];
let container: HTMLElement;

async function mount(
  handler: (cmd: string, args: Args) => unknown,
  language = "tr-TR",
) {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Args });
    return handler(cmd, (args ?? {}) as Args);
  });
  container = document.createElement("div");
  document.body.replaceChildren(container);
  await start(container, language);
}

const demoInfo = { mode: "demo", version: "0.1.0", sandbox_url: "http://127.0.0.1:8790" };

beforeEach(() => {
  document.body.replaceChildren();
});
afterEach(() => clearMocks());

describe("header", () => {
  it("says Demo plainly in Turkish", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo : undefined));
    expect(visible("#mode-badge")).toBe(true);
    expect($("#mode-badge").textContent).toBe("Demo modu — gerçek para çekilmez");
    expect(document.documentElement.lang).toBe("tr");
  });

  it("speaks English when the system language is not Turkish", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo : undefined), "en-GB");
    expect($("#mode-badge").textContent).toBe("Demo mode — no real money moves");
    expect($("#create-submit").textContent).toContain("Create link");
  });

  it("shows no badge when the mode is unknown", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") throw new Error("boom");
    });
    expect(visible("#mode-badge")).toBe(false);
  });
});

describe("create view", () => {
  it("opens with the amount focused and the result hidden", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo : undefined));
    expect(document.activeElement).toBe(input("amount"));
    expect(input("amount").getAttribute("inputmode")).toBe("decimal");
    expect(visible("#result")).toBe(false);
  });

  it("Enter sends the three fields and the language, then shows the link and its QR", async () => {
    await mount((cmd, args) => (cmd === "get_app_info" ? demoInfo : link(args)));
    fill("1.234,56", "2 kg baklava", "Ayşe Yılmaz");
    pressEnter();
    await settle();

    const creates = calls.filter((c) => c.cmd === "create_link");
    expect(creates).toHaveLength(1);
    expect(creates[0]!.args).toEqual({
      amount: "1.234,56",
      description: "2 kg baklava",
      customer: "Ayşe Yılmaz",
      lang: "tr",
    });
    expect(visible("#result")).toBe(true);
    expect(visible("#create-form")).toBe(false);
    expect($("#result-amount").textContent).toBe("1.234,56 TL");
    expect($("#link-url").textContent).toBe("http://127.0.0.1:8790/paynet/pay/9a0c");
    expect($("#link-id").textContent).toBe("0f8b6c1e-6a43-4b1f-9d36-0c7d2f7c9a11");
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#result").textContent).toContain("Ayşe Yılmaz");
    expect($("#result").textContent).toContain("2 kg baklava");
  });

  it("a second Enter while the first create is on its way sends nothing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await mount(async (cmd, args) => {
      if (cmd === "get_app_info") return demoInfo;
      await gate;
      return link(args);
    });
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect($<HTMLButtonElement>("#create-submit").disabled).toBe(true);
    expect($("#create-submit").getAttribute("aria-busy")).toBe("true");
    expect($("#create-submit").textContent).toContain("Oluşturuluyor");
    pressEnter();
    pressEnter();
    release();
    await settle();
    expect(calls.filter((c) => c.cmd === "create_link")).toHaveLength(1);
    expect($<HTMLButtonElement>("#create-submit").disabled).toBe(false);
    expect(visible("#result")).toBe(true);
  });

  it("marks every empty field without calling Rust", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo : undefined));
    fill("  ", "", "");
    pressEnter();
    await settle();
    expect(calls.filter((c) => c.cmd === "create_link")).toHaveLength(0);
    expect($("#amount-error").textContent).toContain("Bir tutar girin");
    expect($("#description-error").textContent).toContain("Ne için");
    expect($("#customer-error").textContent).toContain("adını ve soyadını");
    expect(document.activeElement).toBe(input("amount"));
    expect(input("amount").hasAttribute("aria-invalid")).toBe(true);
  });

  it("shows Rust's amount error under the amount and clears it when the user types", async () => {
    const refusal: AppError = {
      kind: "validation",
      message: "Virgülden sonra en fazla iki basamak yazın, örneğin 120,50.",
      retryable: false,
      field: "amount",
      code: "amount_too_many_decimals",
    };
    await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo;
      throw refusal;
    });
    fill("12,345", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect(visible("#amount-error")).toBe(true);
    expect($("#amount-error").textContent).toBe(refusal.message);
    expect(visible("#form-error")).toBe(false);
    expect(visible("#result")).toBe(false);
    expect($<HTMLButtonElement>("#create-submit").disabled).toBe(false);

    input("amount").value = "12,34";
    input("amount").dispatchEvent(new Event("input"));
    expect(visible("#amount-error")).toBe(false);
  });

  it("shows a provider failure above the button and says it can be retried", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo;
      throw { kind: "network", message: "Ödeme sağlayıcısına bağlanılamadı.", retryable: true };
    });
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    expect(visible("#form-error")).toBe(true);
    expect($("#form-error").textContent).toBe("Ödeme sağlayıcısına bağlanılamadı. Tekrar deneyebilirsiniz.");
    expect(visible("#create-form")).toBe(true);
  });

  it("'Yeni link' brings back an empty form with the amount focused", async () => {
    await mount((cmd, args) => (cmd === "get_app_info" ? demoInfo : link(args)));
    fill("120", "Kahve", "Ali Veli");
    pressEnter();
    await settle();
    $<HTMLButtonElement>("#new-link").click();
    expect(visible("#result")).toBe(false);
    expect(visible("#create-form")).toBe(true);
    expect(input("amount").value).toBe("");
    expect(input("customer").value).toBe("");
    expect(document.activeElement).toBe(input("amount"));
  });
});
