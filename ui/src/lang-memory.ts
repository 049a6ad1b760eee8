// The language the page last showed, kept by the web view (localStorage). The saved language is
// in the book, which opens after the window: with this the start view is drawn in the right
// language at once instead of waiting for the book (see `App.start`).

import type { Lang } from "./ipc";

const KEY = "tahsildar.lang";

/** The language last shown, or null on a first start (or when storage is unavailable). */
export function rememberedLang(): Lang | null {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return v === "tr" || v === "en" ? v : null;
  } catch {
    return null;
  }
}

export function rememberLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(KEY, lang);
  } catch {
    // Only a shortcut: without it the next start waits for the book, as before.
  }
}
