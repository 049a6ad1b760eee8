// The start view before the book answers: drawn at once in the language shown last time, never
// in a guessed one.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { start } from "../src/main";
import { START_READY_MARK } from "../src/app";
import type { AppInfo } from "../src/ipc";
import { $, demoInfo, noEvents, settle, type Args } from "./helpers";

/** Starts the app with `get_app_info` held until `answer` is called (the book still opening);
 *  `boot` is what `get_boot` answers (undefined: the command is not there). */
function startHeld(language: string, boot?: { langFollowsOs: boolean }) {
  let answer: (info: AppInfo) => void = () => undefined;
  const info = new Promise<AppInfo>((r) => (answer = r));
  mockIPC((cmd, args) =>
    cmd === "get_app_info" ? info : cmd === "get_boot" ? boot : cmd === "next_events" ? noEvents(args as Args) : undefined,
  );
  const container = document.createElement("div");
  document.body.replaceChildren(container);
  const started = start(container, language);
  return { answer, started };
}

const amount = () => document.getElementById("amount") as HTMLInputElement | null;

beforeEach(() => {
  localStorage.clear();
  performance.clearMarks();
});
afterEach(() => clearMocks());

describe("start before the book answers", () => {
  it("draws the form in the remembered language and focuses the amount; the info follows and keeps what was typed", async () => {
    localStorage.setItem("tahsildar.lang", "en");
    const { answer, started } = startHeld("tr-TR");
    await settle();
    expect(amount()).toBeTruthy();
    expect(document.activeElement).toBe(amount());
    expect(document.documentElement.lang).toBe("en");
    expect($("#nav-links").textContent).toContain("Links");
    amount()!.value = "12,50";
    answer(demoInfo({ settings: { ...demoInfo().settings, lang: "en", lastProvider: "paytr" } }));
    await started;
    // Not drawn again: the same field, what was typed, the mode now said.
    expect(amount()!.value).toBe("12,50");
    expect(document.activeElement).toBe(amount());
    expect($("#mode-badge").hidden).toBe(false);
    expect(($("#provider") as HTMLSelectElement).value).toBe("paytr");
  });

  it("on a first start (nothing remembered) waits for the info: no form in a guessed language", async () => {
    const { answer, started } = startHeld("tr-TR");
    await settle();
    expect(amount()).toBeNull();
    answer(demoInfo({ settings: { ...demoInfo().settings, lang: "en" } }));
    await started;
    expect(document.documentElement.lang).toBe("en");
    expect(document.activeElement).toBe(amount());
    // Remembered for the next start.
    expect(localStorage.getItem("tahsildar.lang")).toBe("en");
  });

  it("a first start whose language follows the OS (get_boot) draws the form in it at once, and not again", async () => {
    const { answer, started } = startHeld("en-GB", { langFollowsOs: true });
    await settle();
    const field = amount();
    expect(field).toBeTruthy();
    expect(document.activeElement).toBe(field);
    // The moment is marked for the benchmark, once.
    expect(performance.getEntriesByName(START_READY_MARK)).toHaveLength(1);
    expect(document.documentElement.lang).toBe("en");
    expect($("#nav-links").textContent).toContain("Links");
    field!.value = "7";
    answer(demoInfo()); // lang null: the book follows the OS too
    await started;
    expect(amount()).toBe(field);
    expect(performance.getEntriesByName(START_READY_MARK)).toHaveLength(1);
    expect(amount()!.value).toBe("7");
    expect(localStorage.getItem("tahsildar.lang")).toBe("system");
  });

  it("a language the owner picked (get_boot: not the OS's) and nothing remembered: waits for the book", async () => {
    const { answer, started } = startHeld("tr-TR", { langFollowsOs: false });
    await settle();
    expect(amount()).toBeNull();
    answer(demoInfo({ settings: { ...demoInfo().settings, lang: "en" } }));
    await started;
    expect(document.documentElement.lang).toBe("en");
    expect(document.activeElement).toBe(amount());
  });

  it("a remembered language the book no longer has is replaced by the book's", async () => {
    localStorage.setItem("tahsildar.lang", "en");
    const { answer, started } = startHeld("en-GB");
    await settle();
    expect($("#nav-links").textContent).toContain("Links");
    answer(demoInfo({ settings: { ...demoInfo().settings, lang: "tr" } }));
    await started;
    expect(document.documentElement.lang).toBe("tr");
    expect($("#nav-links").textContent).toContain("Linkler");
    expect(document.activeElement).toBe(amount());
    expect(localStorage.getItem("tahsildar.lang")).toBe("tr");
  });

  it("a book that follows the system's language is drawn in it at once, and not again", async () => {
    localStorage.setItem("tahsildar.lang", "system");
    const { answer, started } = startHeld("en-GB");
    await settle();
    const field = amount();
    expect(document.documentElement.lang).toBe("en");
    answer(demoInfo());
    await started;
    expect(amount()).toBe(field);
    expect(localStorage.getItem("tahsildar.lang")).toBe("system");
  });

  it("a failed read of the info keeps what was remembered", async () => {
    localStorage.setItem("tahsildar.lang", "en");
    mockIPC((cmd, args) =>
      cmd === "get_app_info"
        ? Promise.reject({ kind: "internal", message: "boom" })
        : cmd === "next_events"
          ? noEvents(args as Args)
          : undefined,
    );
    const container = document.createElement("div");
    document.body.replaceChildren(container);
    await start(container, "tr-TR");
    expect(document.documentElement.lang).toBe("en");
    expect(document.activeElement).toBe(amount());
    expect(localStorage.getItem("tahsildar.lang")).toBe("en");
  });
});
