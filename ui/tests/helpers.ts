// Mounting the real app on mocked IPC: every invoke is recorded, answered by the test's handler.

import { mockIPC } from "@tauri-apps/api/mocks";
import { start } from "../src/main";
import type { App } from "../src/app";
import type { AppInfo, LinkDto } from "../src/ipc";

export type Args = Record<string, unknown>;
export type Handler = (cmd: string, args: Args) => unknown;

export const QR = "data:image/png;base64,iVBORw0KGgo=";

export const $ = <T extends HTMLElement = HTMLElement>(sel: string) => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`no element ${sel}`);
  return el;
};
export const $$ = <T extends HTMLElement = HTMLElement>(sel: string) => [...document.querySelectorAll<T>(sel)];
export const input = (id: string) => $<HTMLInputElement>(`#${id}`);
export const select = (id: string) => $<HTMLSelectElement>(`#${id}`);
/** Shown: neither it nor an ancestor is hidden. */
export const visible = (sel: string) => {
  for (let el: HTMLElement | null = $(sel); el; el = el.parentElement) if (el.hidden) return false;
  return true;
};

/** Lets pending promise callbacks (the mocked invoke) run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

export function demoInfo(over: Partial<AppInfo> = {}): AppInfo {
  return {
    mode: "demo",
    version: "0.1.0",
    sandboxUrl: "http://127.0.0.1:8790",
    settings: { lang: null, paynetEnv: "test", iyzicoEnv: "test", shopName: "", providersInUse: [], lastProvider: null, closeToTray: true, sound: true, paytrSellsElsewhere: false },
    credentials: { paynet: false, paytr: false, iyzico: false },
    providersAvailable: ["paynet", "paytr", "iyzico"],
    keysUnreachable: false,
    ...over,
  };
}

export function link(over: Partial<LinkDto> = {}): LinkDto {
  return {
    id: 7,
    localRef: "TSD7",
    provider: "paynet",
    providerId: "0f8b6c1e-6a43-4b1f-9d36-0c7d2f7c9a11",
    url: "http://127.0.0.1:8790/paynet/pay/9a0c",
    amountMinor: 123456,
    currency: "TL",
    amountText: "1.234,56 TL",
    description: "2 kg baklava",
    customer: "Ayşe Yılmaz",
    phone: "05321234567",
    status: "waiting",
    createdAt: "2025-11-22T11:05:00.000Z",
    expiresAt: "2025-11-25T11:05:00.000Z",
    refundedMinor: 0,
    actions: { refresh: true, cancel: true, reopen: false, delete: true, resend: false, check: false, share: true },
    ...over,
  };
}

export interface Mounted {
  app: App;
  calls: { cmd: string; args: Args }[];
  /** The args of every call to `cmd`. */
  of(cmd: string): Args[];
}

/** The app's event inbox as the page reads it (`next_events`, see src/ipc/events.ts), fed by
 *  [`emit`]: the first ask answers at once, a later one waits for the next event. */
class FakeInbox {
  private events: { seq: number; name: string; payload: unknown }[] = [];
  private waiting: (() => void)[] = [];
  /** How many times the page asked. */
  asks = 0;
  /** The next answer says events were dropped (see `dropEvents`). */
  private dropped = false;

  answer(args: Args): unknown {
    const from = args.from;
    this.asks++;
    const batch = (from: number) => {
      const missed = this.dropped;
      this.dropped = false;
      return { events: this.events.slice(from), next: this.events.length, missed };
    };
    if (typeof from !== "number") return batch(this.events.length);
    if (this.events.length > from || this.dropped) return batch(from);
    return new Promise((resolve) => this.waiting.push(() => resolve(batch(from))));
  }

  push(name: string, payload: unknown): void {
    this.events.push({ seq: this.events.length, name, payload });
    this.wake();
  }

  drop(): void {
    this.dropped = true;
    this.wake();
  }

  private wake(): void {
    const woken = this.waiting;
    this.waiting = [];
    for (const wake of woken) wake();
  }
}

let inbox = new FakeInbox();
let mounted: App | null = null;

/** What Rust would publish to the page's inbox; resolves once the page has heard it (it asks
 *  again after handling an answer). Promise turns only, so it works under fake timers too. */
export async function emit(name: string, payload: unknown): Promise<void> {
  await heard(() => inbox.push(name, payload));
}

/** The app dropped events the page had not read (its inbox keeps the last 256). */
export async function dropEvents(): Promise<void> {
  await heard(() => inbox.drop());
}

async function heard(feed: () => void): Promise<void> {
  const asked = inbox.asks;
  feed();
  for (let turn = 0; turn < 200 && inbox.asks === asked; turn++) await Promise.resolve();
}

/** `next_events` for a test that mocks IPC itself: no event ever comes. */
export const noEvents = (args: Args) =>
  typeof args.from === "number" ? new Promise(() => undefined) : { events: [], next: 0, missed: false };

/** The inbox of the app mounted last (`next_events` is answered by it, never by the handler). */
export const events = () => inbox;

/** Mounts a fresh app (the one mounted before stops listening); the handler sees only commands. */
export async function mount(handler: Handler, language = "tr-TR"): Promise<Mounted> {
  mounted?.stop();
  inbox = new FakeInbox();
  const fed = inbox;
  const calls: { cmd: string; args: Args }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Args;
    if (cmd === "next_events") return fed.answer(a);
    calls.push({ cmd, args: a });
    return handler(cmd, a);
  });
  const container = document.createElement("div");
  document.body.replaceChildren(container);
  const app = await start(container, language);
  mounted = app;
  return { app, calls, of: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args) };
}

/** What Rust's tracker would send. */
/** Mounts the app and opens Ayarlar. */
export async function openSettingsWith(handler: Handler, language = "tr-TR"): Promise<Mounted> {
  const m = await mount(handler, language);
  $<HTMLButtonElement>("#nav-settings").click();
  return m;
}

/** Clicks a button and lets its command and the re-render after it settle. */
export async function clickAndSettle(id: string): Promise<void> {
  $<HTMLButtonElement>(`#${id}`).click();
  await settle();
  await settle();
}

export async function emitStatus(l: LinkDto): Promise<void> {
  await emit("link-status", { link: l });
  await settle();
}

export function typeInto(id: string, value: string): void {
  const el = input(id);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

export function choose(id: string, value: string): void {
  const el = select(id);
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
