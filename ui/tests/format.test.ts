import { describe, expect, it } from "vitest";
import { formatMoney } from "../src/format";
import { detectLang } from "../src/i18n";
import { en } from "../src/i18n/en";
import { tr } from "../src/i18n/tr";

describe("formatMoney", () => {
  it("writes kuruş the Turkish way, like Rust's Money::format", () => {
    expect(formatMoney(123456)).toBe("1.234,56 TL");
    expect(formatMoney(12050)).toBe("120,50 TL");
    expect(formatMoney(5)).toBe("0,05 TL");
    expect(formatMoney(100_000_000)).toBe("1.000.000,00 TL");
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
  it("have the same keys in both languages", () => {
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(en).sort()).toEqual(keys(tr).sort());
  });
});
