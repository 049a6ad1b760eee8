// Saved items' test fixtures: three items, Rust with them saved, and the browser's Enter.

import type { CreateResult, LinkForm, SavedItem } from "../src/ipc";
import { $$, QR, demoInfo, link, type Args, type Handler } from "./helpers";

export function item(over: Partial<SavedItem> = {}): SavedItem {
  return {
    id: 1,
    name: "2 kg baklava",
    amount: "1.250,00",
    amountMinor: 125000,
    currency: "TL",
    description: "2 kg fıstıklı baklava",
    provider: "paytr",
    expiry: { kind: "days", days: 7 },
    maxInstallment: 3,
    linkType: "product",
    flexMax: null,
    position: 0,
    ...over,
  };
}

export const BAKLAVA = item();
export const PASTA = item({
  id: 2,
  name: "Doğum günü pastası",
  amount: "400,00",
  amountMinor: 40000,
  description: "",
  provider: "paynet",
  expiry: { kind: "days", days: 1 },
  maxInstallment: 1,
  position: 1,
});
export const TOUR = item({
  id: 3,
  name: "İstanbul turu",
  amount: "75,00",
  amountMinor: 7500,
  currency: "USD",
  description: "Yarım gün şehir turu",
  expiry: { kind: "hours", hours: 48 },
  maxInstallment: 1,
  linkType: "flex",
  flexMax: "150,00",
  position: 2,
});

/** The browser's Enter in `el`: a cancelable keydown; unless a handler cancels it, a button is
 *  pressed and a text field submits its form (happy-dom has no implicit submission). */
export function enterIn(el: HTMLElement): boolean {
  const down = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
  el.dispatchEvent(down);
  if (down.defaultPrevented) return false;
  if (el instanceof HTMLButtonElement) el.click();
  else if (el instanceof HTMLInputElement) el.form?.requestSubmit();
  return true;
}

export function key(el: HTMLElement, name: string): KeyboardEvent {
  const e = new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  return e;
}

/** Enter where the focus is now. */
export const enterHere = () => enterIn(document.activeElement as HTMLElement);

export function created(args: Args): CreateResult {
  const form = args.form as LinkForm;
  return { outcome: "created", link: link({ description: form.description, provider: form.provider ?? "paynet", qrPngDataUrl: QR }), sent: {} };
}

/** Rust with `items` saved: the search is a plain case-insensitive match here (Rust folds Turkish). */
export function withItems(items: SavedItem[], over: Handler = () => undefined): Handler {
  return (cmd, a) => {
    const answer = over(cmd, a);
    if (answer !== undefined) return answer;
    if (cmd === "get_app_info") return demoInfo();
    if (cmd === "list_saved_items") {
      const q = String(a.query ?? "").toLocaleLowerCase("tr");
      return items.filter((i) => !q || `${i.name} ${i.description}`.toLocaleLowerCase("tr").includes(q));
    }
    if (cmd === "validate_link_form") return { errors: [] };
    if (cmd === "create_link") return created(a);
    return undefined;
  };
}

export const options = () => $$("#item-suggestions .item-option");
