import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { $, QR, demoInfo, emitStatus, input, link, mount, settle, visible, type Args, type Handler } from "./helpers";

/** Opens link 7 in the share view from the list. */
async function openShare(handler: Handler = () => undefined, over = {}) {
  const m = await mount((cmd, a) => {
    const answer = handler(cmd, a);
    if (answer !== undefined) return answer;
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_links") return { rows: [link(over)], total: 1 };
    if (cmd === "get_link") return link({ ...over, qrPngDataUrl: QR });
    return undefined;
  });
  $<HTMLButtonElement>("#nav-links").click();
  await settle();
  $<HTMLButtonElement>('tr[data-link-id="7"] .act-share').click();
  await settle();
  return m;
}

const click = async (sel: string) => {
  $<HTMLButtonElement>(sel).click();
  await settle();
};

beforeEach(() => document.body.replaceChildren());
afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

describe("share view", () => {
  it("opens from a row with the link's QR large, its amount, description and expiry", async () => {
    const m = await openShare();
    expect(m.of("get_link")).toEqual([{ id: 7, lang: "tr" }]);
    expect(visible("#result")).toBe(true);
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
    expect($("#result-amount").textContent).toBe("1.234,56 TL");
    expect($("#result-description").textContent).toBe("2 kg baklava");
    // 2025-11-25T11:05Z is 14:05 in Istanbul.
    expect($("#result-expires").textContent).toContain("14:05");
    expect($("#result-expires").textContent).toContain("25.11.2025");
    expect($("#share-status").textContent).toBe("Ödeme bekleniyor");
    expect($("#result").textContent).toContain("Demo:");
    expect(visible("#nav-share")).toBe(true);
    expect(document.activeElement).toBe($("#result"));
  });

  it("each button calls its command and says what happened", async () => {
    const m = await openShare((cmd) => {
      if (cmd === "save_qr_png") return "/home/esnaf/tahsildar-1234,56-2025-11-22.png";
      if (cmd === "open_whatsapp") return "https://wa.me/905321234567?text=…";
      if (cmd === "copy_link" || cmd === "copy_qr") return null;
      return undefined;
    });
    await click("#copy-link");
    expect(m.of("copy_link")).toEqual([{ id: 7, lang: "tr" }]);
    expect($("#toast").textContent).toBe("Link kopyalandı");
    await click("#copy-qr");
    expect(m.of("copy_qr")).toEqual([{ id: 7, lang: "tr" }]);
    expect($("#toast").textContent).toBe("QR resmi kopyalandı");
    await click("#save-qr");
    expect($("#toast").textContent).toBe("QR kaydedildi: /home/esnaf/tahsildar-1234,56-2025-11-22.png");

    input("whatsapp-phone").value = "0532 999 88 77";
    await click("#whatsapp");
    expect(m.of("open_whatsapp")).toEqual([{ id: 7, phone: "0532 999 88 77", lang: "tr" }]);
    expect($("#toast").textContent).toBe("WhatsApp açıldı");
  });

  it("the phone field starts with the customer's number; a cancelled save says nothing", async () => {
    const m = await openShare((cmd) => (cmd === "save_qr_png" ? null : undefined));
    expect(input("whatsapp-phone").value).toBe("05321234567");
    await click("#save-qr");
    expect(m.of("save_qr_png")).toHaveLength(1);
    expect(visible("#toast")).toBe(false);
  });

  it("a failed action shows the reason as an error", async () => {
    await openShare((cmd) => {
      if (cmd === "copy_link") throw { kind: "internal", message: "Pano kullanılamıyor.", retryable: false };
      return undefined;
    });
    await click("#copy-link");
    expect($("#toast").textContent).toBe("Pano kullanılamıyor.");
    expect($("#toast").classList.contains("error")).toBe(true);
  });

  it("resends a PayTR link by SMS and e-mail through the provider", async () => {
    const resend = { refresh: false, cancel: true, reopen: false, delete: true, resend: true, check: false, share: true };
    const m = await openShare(
      (cmd, a: Args) => (cmd === "resend_link" ? { ok: true, message: `${String(a.channel)} gönderildi` } : undefined),
      { provider: "paytr", providerId: "NB2Zlz3", actions: resend },
    );
    expect(visible("#resend-sms")).toBe(true);
    await click("#resend-sms");
    input("share-email").value = "ayse@example.com";
    await click("#resend-email");
    expect(m.of("resend_link")).toEqual([
      { id: 7, channel: "sms", to: "05321234567", lang: "tr" },
      { id: 7, channel: "email", to: "ayse@example.com", lang: "tr" },
    ]);
    expect($("#toast").textContent).toBe("email gönderildi");
  });

  it("Paynet links cannot be resent: the resend buttons are not offered", async () => {
    await openShare();
    expect(visible("#resend-sms")).toBe(false);
    expect(visible("#resend-email")).toBe(false);
  });

  it("prints the QR card", async () => {
    const print = vi.spyOn(window, "print").mockImplementation(() => undefined);
    await openShare();
    await click("#print-qr");
    expect(print).toHaveBeenCalledTimes(1);
    const card = $("#print-card");
    expect(card.textContent).toContain("1.234,56 TL");
    expect(card.textContent).toContain("2 kg baklava");
    expect(card.querySelector("img")?.getAttribute("src")).toBe(QR);
  });

  it("a live 'paid' event updates the status in place and keeps what was typed", async () => {
    await openShare();
    input("whatsapp-phone").value = "0555";
    const paid = link({
      status: "paid",
      paidAt: "2025-11-22T12:00:00.000Z",
      actions: { refresh: false, cancel: false, reopen: false, delete: false, resend: false, check: false, share: false },
    });
    await emitStatus(paid);
    expect($("#share-status").textContent).toBe("Ödendi");
    expect($("#share-status").dataset.status).toBe("paid");
    expect($("#result-paid").textContent).toContain("15:00");
    expect(input("whatsapp-phone").value).toBe("0555");
    expect($<HTMLButtonElement>("#whatsapp").disabled).toBe(true);
    expect($<HTMLImageElement>("#qr").getAttribute("src")).toBe(QR);
  });

  it("speaks English too", async () => {
    await mount((cmd) => {
      if (cmd === "get_app_info") return demoInfo();
      if (cmd === "get_link") return link({ qrPngDataUrl: QR });
      if (cmd === "list_links") return { rows: [link()], total: 1 };
      if (cmd === "copy_link") return null;
      return undefined;
    }, "en-US");
    await click("#nav-links");
    await click('tr[data-link-id="7"] .act-share');
    expect($("#share-status").textContent).toBe("Waiting for payment");
    await click("#copy-link");
    expect($("#toast").textContent).toBe("Link copied");
  });
});
