// Money shown the Turkish way whatever the UI language: the shop and its customers are in Turkey.

const wholeFormat = new Intl.NumberFormat("tr-TR", { maximumFractionDigits: 0, useGrouping: true });

/** 123456 kuruş → "1.234,56 TL". Integer kuruş in: only the whole part goes through Intl (for
 *  the grouping), the kuruş are appended as digits, so no float ever touches the amount. */
export function formatMoney(minor: number, currency = "TL"): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const whole = wholeFormat.format(Math.trunc(abs / 100));
  return `${sign}${whole},${String(abs % 100).padStart(2, "0")} ${currency}`;
}
