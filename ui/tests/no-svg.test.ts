// The page draws no SVG image: WebKit draws one through an SVG document of its own (its XML
// parser, SVG layout and painting), ~2.5 MiB of the page process's memory that nothing else on
// the page needs (RELEASING.md, session 14). The logo is a PNG, and the search field's clear
// button (an SVG image in WebKit's own style sheet) is drawn by ours.
import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { clearMocks } from "@tauri-apps/api/mocks";
import { $, demoInfo, mount } from "./helpers";

const SRC = join(__dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

afterEach(() => clearMocks());

describe("no SVG images on the page", () => {
  it("no source file loads an SVG image", () => {
    const offenders = files(SRC)
      .filter((f) => /\.(ts|css|html)$/.test(f))
      .filter((f) => /\.svg\b|image\/svg\+xml/i.test(readFileSync(f, "utf8")))
      .map((f) => f.slice(SRC.length + 1));
    expect(offenders).toEqual([]);
  });

  it("the search field's clear button is drawn without WebKit's SVG mask", () => {
    const css = files(SRC)
      .filter((f) => f.endsWith(".css"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const rule = /input\[type="search"\]::-webkit-search-cancel-button\s*\{([^}]*)\}/.exec(css);
    expect(rule, "a rule for the clear button").not.toBeNull();
    const body = rule![1];
    expect(body).toMatch(/(^|[\s;])-webkit-mask-image:\s*none/);
    expect(body).toMatch(/(^|[\s;])mask-image:\s*none/);
    expect(body).toMatch(/-webkit-appearance:\s*none/);
  });

  it("the header's logo is a PNG", async () => {
    await mount((cmd) => (cmd === "get_app_info" ? demoInfo() : cmd === "list_links" ? { rows: [], total: 0 } : undefined));
    const src = $<HTMLImageElement>(".brand .logo").getAttribute("src") ?? "";
    expect(src).toMatch(/^data:image\/png;base64,|\.png$/);
  });
});
