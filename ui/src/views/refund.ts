// What a refund looks like on a link's row and in the day report: "İade edildi" when the whole
// amount (or more, with an installment surcharge) went back, "Kısmi iade: 50,00 TL" when part did.

import type { Catalogue } from "../i18n";
import { h } from "../dom";
import { formatMoney } from "../format";

/** The words for a payment of `amountMinor` of which `refundedMinor` was refunded; `null`: none. */
export function refundText(t: Catalogue, amountMinor: number, refundedMinor: number | undefined, currency: string): string | null {
  const refunded = refundedMinor ?? 0;
  if (refunded <= 0) return null;
  return refunded >= amountMinor ? t.refund.full : t.refund.partial(formatMoney(refunded, currency));
}

/** A small label after the status (or the amount), or nothing. */
export function refundBadge(t: Catalogue, amountMinor: number, refundedMinor: number | undefined, currency: string): HTMLElement | null {
  const text = refundText(t, amountMinor, refundedMinor, currency);
  if (!text) return null;
  const full = (refundedMinor ?? 0) >= amountMinor;
  return h("span", { class: `refund-badge ${full ? "refund-full" : "refund-partial"}` }, text);
}
