// What the app tells the page (a payment, a link that changed …), read with the app's
// `next_events` command: a long poll, not Tauri's `listen`. On Linux every `listen` and `emit` is
// a script the app runs in the page, and WebKitGTK starts a JavaScript engine in the app process
// to hand back each one's result (~2.5 MiB); see src-tauri/src/events.rs.

import { invoke } from "@tauri-apps/api/core";

export type UnlistenFn = () => void;

/** Said when the app dropped events the page had not read: everything shown should be read again. */
export const MISSED = "missed";

interface Envelope {
  seq: number;
  name: string;
  payload: unknown;
}

interface Batch {
  events: Envelope[];
  next: number;
  missed: boolean;
}

/** After a failed ask, the page waits this long (ms) before the next, longer each time. */
export const RETRY_MS = [250, 1000, 2000, 5000, 10000];

type Handler = (payload: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
/** Each loop has its number; a loop whose number is not current any more stops. */
let generation = 0;
/** The running loop's first ask (where "from now on" starts), or null when none runs. */
let started: Promise<void> | null = null;

function isBatch(v: unknown): v is Batch {
  const b = v as Batch;
  return !!b && Array.isArray(b.events) && Number.isSafeInteger(b.next) && typeof b.missed === "boolean";
}

async function ask(from: number | null): Promise<Batch> {
  const answer = await invoke<unknown>("next_events", { from });
  if (!isBatch(answer)) throw new Error(`next_events answered ${JSON.stringify(answer)}`);
  return answer;
}

function deliver(name: string, payload: unknown): void {
  for (const handler of [...(handlers.get(name) ?? [])]) {
    try {
      handler(payload);
    } catch (err) {
      // One broken view must not stop the others from hearing.
      console.error(`the ${name} handler failed`, err);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function run(mine: number, from: number): Promise<void> {
  let failures = 0;
  while (mine === generation) {
    let batch: Batch;
    try {
      batch = await ask(from);
    } catch (err) {
      if (mine !== generation) return;
      console.warn("next_events failed; asking again", err instanceof Error ? err.message : err);
      await sleep(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)] ?? 10000);
      continue;
    }
    if (mine !== generation) return;
    failures = 0;
    from = batch.next;
    if (batch.missed) deliver(MISSED, null);
    for (const e of batch.events) deliver(e.name, e.payload);
  }
}

/** Starts the loop if none runs; resolves once the app knows where "from now on" starts. */
function ensureRunning(): Promise<void> {
  if (started) return started;
  const mine = ++generation;
  const first = ask(null).then((batch) => {
    if (mine === generation) void run(mine, batch.next);
  });
  started = first.catch((err) => {
    // A later listener tries again.
    if (mine === generation) started = null;
    throw err;
  });
  return started;
}

function stop(): void {
  generation++;
  started = null;
}

/** Calls `handler` with the payload of every `name` event from now on. */
export async function on<T>(name: string, handler: (payload: T) => void): Promise<UnlistenFn> {
  const h = handler as Handler;
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(h);
  const forget = () => {
    set.delete(h);
    if (set.size === 0 && handlers.get(name) === set) handlers.delete(name);
    // Nobody listens: the loop stops (its pending ask ends on the app's side within 25 s).
    if (handlers.size === 0) stop();
  };
  try {
    await ensureRunning();
  } catch (err) {
    forget();
    throw err;
  }
  return forget;
}
