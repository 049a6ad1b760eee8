// English: saved items (quick items, issue 11 §3). Typed by the Turkish block, so the keys match.

import type { itemsTr } from "./items.tr";

/** "1 item", "2 items". */
const itemCount = (n: number): string => (n === 1 ? "1 item" : `${n} items`);

export const itemsEn: typeof itemsTr = {
  // The Settings card.
  items: {
    heading: "Quick items",
    hint: "Save what you sell often: the new-link form suggests them as you type the description, and the first 6 show as buttons. Pick one and the form is filled; Enter creates the link.",
    empty: "No items saved yet. Start with \"Add item\", or save a link as an item from the Share screen.",
    add: "Add item",
    edit: "Edit",
    remove: "Delete",
    up: "Up",
    down: "Down",
    upLabel: (name: string) => `${name}: move up one place`,
    downLabel: (name: string) => `${name}: move down one place`,
    quick: "Button",
    quickHint: "The first 6 items show as buttons on the new-link form.",
    newHeading: "New item",
    editHeading: (name: string) => `Edit: ${name}`,
    nameLabel: "Item name",
    namePlaceholder: "For example Pistachio baklava (1 kg)",
    amountLabel: "Price",
    askedHint: "On a PayTR flexible-amount link you may leave the price empty: then you type the lowest amount each time, and the customer pays what they like from it up to the highest amount.",
    asked: "Lowest amount: you type it each time",
    descriptionLabel: "Description on the link",
    descriptionPlaceholder: "The text the customer sees on the payment page",
    providerLabel: "Provider",
    providerDefault: "The one chosen on the new-link form",
    expiryLabel: "How long can it be paid?",
    days: (n: number) => (n === 1 ? "1 day" : `${n} days`),
    hours: (n: number) => (n === 1 ? "1 hour" : `${n} hours`),
    save: "Save item",
    cancel: "Cancel",
    saved: (name: string) => `"${name}" saved`,
    removed: (name: string) => `"${name}" deleted`,
    moved: (name: string, place: number) => `"${name}" is now number ${place}`,
    exportCsv: "Export as CSV",
    importCsv: "Import from CSV",
    csvHint: "You can open the CSV file in Excel, edit it and bring it back. Items with the same name are updated.",
    exported: (n: number, path: string) => `${itemCount(n)} saved: ${path}`,
    importSummary: (added: number, updated: number, unchanged: number, skipped: number) =>
      `Import finished: ${itemCount(added)} added, ${itemCount(updated)} updated, ${unchanged ? `${itemCount(unchanged)} unchanged, ` : ""}${skipped === 1 ? "1 line" : `${skipped} lines`} skipped.`,
    importLine: (line: number, name: string, reason: string) => `Line ${line}${name ? ` (${name})` : ""}: ${reason}`,
    importNothing: "The file had nothing to add or change.",
    formErrors: "Some fields in the form need fixing.",
  },
  // Saved items in "Yeni link" (type-ahead, quick buttons) and on Paylaş (issue 11 §3).
  itemPick: {
    quickLabel: "Quick items",
    suggestions: "Saved items",
    askedAmount: "You type the lowest amount",
    picked: (name: string) => `“${name}” is filled in. Press Enter to create the link.`,
    pickedAsk: (name: string) =>
      `“${name}” is filled in. The customer chooses the amount; you set the least they may pay: type the lowest amount and press Enter.`,
    pickedEmail: (name: string) => `“${name}” is filled in. A collection link needs the customer's e-mail: type it and press Enter.`,
    providerMissing: (name: string, provider: string) =>
      `“${name}” is paid with ${provider}, but the ${provider} keys are not entered yet. Enter them in Settings, then pick the item again.`,
    providerOff: (name: string, provider: string) =>
      `“${name}” is paid with ${provider}, but ${provider} is not among the providers in use. Tick it under "Providers in use" in Settings, then pick the item again.`,
  },
  itemSave: {
    open: "Save this link as an item",
    nameLabel: "Item name",
    nameHint:
      "It shows up under this name as a quick item in New link; picking it fills in this link's amount, description, provider and expiry. Installments and stock are not kept: add them in Settings → Quick items if needed.",
    save: "Save",
    cancel: "Cancel",
    saved: (name: string) => `Saved: “${name}” is now a quick item in New link.`,
  },
};
