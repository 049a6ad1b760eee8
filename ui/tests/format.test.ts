import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatMoney, istanbulLocalInput } from "../src/format";
import { detectLang } from "../src/i18n";
import { en } from "../src/i18n/en";
import { tr } from "../src/i18n/tr";

describe("formatMoney", () => {
  it("writes kuruş the Turkish way, like Rust's Money::format", () => {
    expect(formatMoney(123456)).toBe("1.234,56 TL");
    expect(formatMoney(12050)).toBe("120,50 TL");
    expect(formatMoney(5)).toBe("0,05 TL");
    expect(formatMoney(100_000_000)).toBe("1.000.000,00 TL");
    expect(formatCount(100_000)).toBe("100.000");
    expect(formatMoney(-123456)).toBe("-1.234,56 TL");
    expect(formatMoney(0)).toBe("0,00 TL");
  });

  it("groups digits as Intl's tr-TR does (which the page no longer loads)", () => {
    const intl = new Intl.NumberFormat("tr-TR", { maximumFractionDigits: 0, useGrouping: true });
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 12_345, 99_999, 100_000, 999_999, 1_000_000,
      1_234_567, 12_345_678, 123_456_789, 1_000_000_000, Number.MAX_SAFE_INTEGER];
    for (let n = 1; n < 1e15; n = n * 7 + 3) samples.push(n);
    for (const n of samples) {
      expect(formatCount(n), String(n)).toBe(intl.format(n));
      if (n * 100 + 7 > Number.MAX_SAFE_INTEGER) continue; // kuruş stay exact integers
      expect(formatMoney(n * 100 + 7), String(n)).toBe(`${intl.format(n)},07 TL`);
      expect(formatMoney(-(n * 100 + 7)), String(-n)).toBe(`-${intl.format(n)},07 TL`);
    }
  });
});

describe("dates", () => {
  it("are shown in Turkish time whatever the machine's zone", () => {
    expect(formatDateTime("2025-11-22T21:30:00Z", "tr-TR")).toBe("23.11.2025 00:30");
    expect(formatDateTime("2025-11-22T21:30:00Z", "en-GB")).toBe("23/11/2025, 00:30");
    expect(formatDateTime("not a date", "tr-TR")).toBe("");
    expect(formatDateTime(null, "tr-TR")).toBe("");
  });

  it("presets a datetime-local value on the Turkish wall clock", () => {
    expect(istanbulLocalInput(new Date("2025-11-22T21:30:00Z"), 3)).toBe("2025-11-26T00:30");
  });
});

describe("detectLang", () => {
  it("is Turkish first, English for any other language", () => {
    expect(detectLang("tr-TR")).toBe("tr");
    expect(detectLang("tr")).toBe("tr");
    expect(detectLang("")).toBe("tr");
    expect(detectLang("en-US")).toBe("en");
    expect(detectLang("de-DE")).toBe("en");
  });
});

describe("catalogues", () => {
  const keys = (o: object, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );

  it("have the same keys in both languages", () => {
    expect(keys(en).sort()).toEqual(keys(tr).sort());
  });

  it("have no empty string and the same kind of entry (text or function) per key", () => {
    const flat = (o: object, prefix = ""): [string, unknown][] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" && v !== null ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
      );
    const enMap = new Map(flat(en));
    for (const [key, value] of flat(tr)) {
      expect(typeof enMap.get(key), key).toBe(typeof value);
      if (typeof value === "string") expect(value.trim(), key).not.toBe("");
      if (typeof value === "function") expect((value as (...a: unknown[]) => string).length, key).toBe((enMap.get(key) as () => string).length);
    }
  });
});
