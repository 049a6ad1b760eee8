// The language preference the page last showed (Ayarlar's choice, or "the system's"), kept by
// the web view (localStorage). The saved preference is in the book, which opens after the window:
// with this the start view is drawn in the right language at once instead of waiting for it.

import { getBoot, type Lang } from "./ipc";

const KEY = "tahsildar.lang";
/** Stored for "follow the system's language" (a null preference). */
const SYSTEM = "system";

/** The preference last shown: a language, null for the system's, undefined when unknown (a
 *  first start, or storage unavailable). */
export function rememberedPref(): Lang | null | undefined {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    if (v === "tr" || v === "en") return v;
    return v === SYSTEM ? null : undefined;
  } catch {
    return undefined;
  }
}

export function rememberPref(pref: Lang | null): void {
  try {
    globalThis.localStorage?.setItem(KEY, pref ?? SYSTEM);
  } catch {
    // Only a shortcut: without it the next start waits for the book, as before.
  }
}

/** `get_boot` (answered before the book is open): true when the language follows the OS's;
 *  false when unknown (an error), so the caller waits for the book. */
export async function langFollowsOs(): Promise<boolean> {
  try {
    return (await getBoot()).langFollowsOs === true;
  } catch {
    return false;
  }
}
