// Money is shown the Turkish way whatever the UI language: the shop and its customers are in
// Turkey. Dates are shown in Turkish time (Europe/Istanbul), in the UI's locale.

/** 1234567 → "1.234.567": Turkish digit grouping, by hand. Intl.NumberFormat gives the same
 *  (a test compares them) but makes WebKit load ICU's number formatting, ~0.2 MiB of the page's
 *  memory for a dot every three digits. */
function grouped(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? "-" : "") + digits.replace(/\B(?=(\d{3})+$)/g, ".");
}

/** 123456 kuruş → "1.234,56 TL". Integer kuruş in, digits out: no float ever touches the amount. */
export function formatMoney(minor: number, currency = "TL"): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${grouped(Math.trunc(abs / 100))},${String(abs % 100).padStart(2, "0")} ${currency}`;
}

/** 100000 → "100.000": counts grouped like the amounts. */
export function formatCount(n: number): string {
  return grouped(n);
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
