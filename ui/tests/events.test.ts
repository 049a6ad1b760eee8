// The page's long poll for the app's events (src/ipc/events.ts): what it hears, in which order,
// and that a failure, a bad answer or a broken handler never stops it.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MISSED, RETRY_MS as RETRY, on, type UnlistenFn } from "../src/ipc/events";

const RETRY_MS = RETRY as [number, number, ...number[]];

type Answer = (from: number | null) => unknown;

/** Answers `next_events` with `answer`; records every `from` asked. */
function backend(answer: Answer) {
  const asked: (number | null)[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "next_events") throw new Error(`unexpected ${cmd}`);
    const from = (args as { from: number | null }).from;
    asked.push(from);
    return answer(from);
  });
  return asked;
}

/** A queue of answers; an ask past its end waits forever (an app with nothing new). */
function script(...answers: unknown[]): Answer {
  return () => (answers.length ? answers.shift() : new Promise(() => undefined));
}

const turns = async (n = 50) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

const unlisten: UnlistenFn[] = [];
afterEach(() => {
  for (const u of unlisten.splice(0)) u();
  vi.useRealTimers();
  clearMocks();
});

const batch = (next: number, events: [string, unknown][], missed = false) => ({
  events: events.map(([name, payload], i) => ({ seq: next - events.length + i, name, payload })),
  next,
  missed,
});

describe("the page's event loop", () => {
  it("listens from the app's 'now' and hands each event to the handlers of its name, in order", async () => {
    const asked = backend(script(batch(7, []), batch(9, [["link-status", { id: 1 }], ["update-status", null]]), batch(10, [["link-status", { id: 2 }]])));
    const links: unknown[] = [];
    const updates: unknown[] = [];
    // Both listen before the first answer: one ask says where "now" is for both.
    unlisten.push(...(await Promise.all([on("link-status", (p) => links.push(p)), on("update-status", (p) => updates.push(p))])));
    await turns();
    expect(links).toEqual([{ id: 1 }, { id: 2 }]);
    expect(updates).toEqual([null]);
    expect(asked).toEqual([null, 7, 9, 10]);
  });

  it("a handler that throws does not keep the others, or the next events, from being heard", async () => {
    backend(script(batch(0, []), batch(2, [["link-status", 1], ["link-status", 2]])));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const heard: unknown[] = [];
    unlisten.push(await on("link-status", () => { throw new Error("broken view"); }));
    unlisten.push(await on("link-status", (p) => heard.push(p)));
    await turns();
    expect(heard).toEqual([1, 2]);
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });

  it("a failed ask and an answer of the wrong shape are asked again after a pause, from the same number", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const asked = backend(script(batch(3, []), Promise.reject(new Error("ipc down")), { nonsense: true }, batch(4, [["link-status", "late"]])));
    const heard: unknown[] = [];
    unlisten.push(await on("link-status", (p) => heard.push(p)));
    await turns();
    expect(asked).toEqual([null, 3]);
    await vi.advanceTimersByTimeAsync(RETRY_MS[0]);
    expect(asked).toEqual([null, 3, 3]);
    expect(heard).toEqual([]);
    await vi.advanceTimersByTimeAsync(RETRY_MS[0] - 1);
    expect(asked).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(RETRY_MS[1]);
    expect(asked).toEqual([null, 3, 3, 3, 4]);
    expect(heard).toEqual(["late"]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("events the app dropped are said as 'missed', before what is still kept", async () => {
    backend(script(batch(0, []), batch(300, [["link-status", "kept"]], true)));
    const order: string[] = [];
    unlisten.push(await on(MISSED, () => order.push("missed")));
    unlisten.push(await on("link-status", (p) => order.push(String(p))));
    await turns();
    expect(order).toEqual(["missed", "kept"]);
  });

  it("when the first ask fails the listener is refused, and a later one starts afresh", async () => {
    let first = true;
    const asked = backend((from) => {
      if (first) {
        first = false;
        return Promise.reject(new Error("not yet"));
      }
      return from === null ? batch(5, []) : new Promise(() => undefined);
    });
    await expect(on("link-status", () => undefined)).rejects.toThrow("not yet");
    unlisten.push(await on("link-status", () => undefined));
    await turns();
    expect(asked).toEqual([null, null, 5]);
  });

  it("once nobody listens, the loop stops: its last answer reaches no one, not even a later listener", async () => {
    let release: (v: unknown) => void = () => undefined;
    const asked = backend(script(batch(0, []), new Promise((r) => (release = r)), batch(0, [])));
    const heard: unknown[] = [];
    const stop = await on("link-status", (p) => heard.push(p));
    await turns();
    expect(asked).toEqual([null, 0]);
    stop();
    // A new view listens (a fresh loop asks where "now" is) before the old ask comes back.
    const later: unknown[] = [];
    unlisten.push(await on("link-status", (p) => later.push(p)));
    release(batch(1, [["link-status", "old loop"]]));
    await turns();
    expect(heard).toEqual([]);
    expect(later).toEqual([]);
    expect(asked).toEqual([null, 0, null, 0]);
  });
});

describe("no Tauri events in the page", () => {
  it("nothing in ui/src listens through @tauri-apps/api/event (each listen and emit runs a script in the page)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const src = join(__dirname, "..", "src");
    const offenders = files(src).filter((f) => /\.ts$/.test(f) && /@tauri-apps\/api\/event|__TAURI_INTERNALS__\.(listen|emit)/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
    expect(files(src).length).toBeGreaterThan(10);
  });
});
