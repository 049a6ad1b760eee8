// Money is shown the Turkish way whatever the UI language: the shop and its customers are in
// Turkey. Dates are shown in Turkish time (Europe/Istanbul), in the UI's locale.

const wholeFormat = new Intl.NumberFormat("tr-TR", { maximumFractionDigits: 0, useGrouping: true });

/** 123456 kuruş → "1.234,56 TL". Integer kuruş in: only the whole part goes through Intl (for
 *  the grouping), the kuruş are appended as digits, so no float ever touches the amount. */
export function formatMoney(minor: number, currency = "TL"): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const whole = wholeFormat.format(Math.trunc(abs / 100));
  return `${sign}${whole},${String(abs % 100).padStart(2, "0")} ${currency}`;
}

/** 100000 → "100.000": counts grouped like the amounts. */
export function formatCount(n: number): string {
  return wholeFormat.format(n);
}

export const TIME_ZONE = "Europe/Istanbul";

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** An ISO instant → "22.11.2025 14:05" (tr-TR) in Turkish time; "" for missing or unreadable. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: TIME_ZONE });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** The Turkish wall clock `days` from `now`, as a `datetime-local` value ("2025-11-25T14:05"). */
export function istanbulLocalInput(now: Date, days: number): string {
  const later = new Date(now.getTime() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(later);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}
