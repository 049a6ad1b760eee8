// The status pill, the same in the list and the share view: text from the catalogue, colour from
// `data-status` in the stylesheet.

import type { LinkStatus } from "../ipc";
import type { Catalogue } from "../i18n";
import { h } from "../dom";

export function statusPill(t: Catalogue, status: LinkStatus, id?: string): HTMLElement {
  const pill = h("span", { class: "status", id });
  setStatus(pill, t, status);
  return pill;
}

export function setStatus(pill: HTMLElement, t: Catalogue, status: LinkStatus): void {
  pill.dataset.status = status;
  pill.textContent = t.status[status] ?? status;
}

/** Runs an action with its button disabled, so a double click does it once. */
export async function busyWhile<T>(button: HTMLButtonElement, run: () => Promise<T>): Promise<T | undefined> {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await run();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}
