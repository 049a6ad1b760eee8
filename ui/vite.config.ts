/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

// The page is served by Tauri from ui/dist; nothing is loaded from elsewhere (strict CSP).
export default defineConfig({
  root,
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    root,
    environment: "happy-dom",
    include: ["tests/**/*.test.ts"],
  },
});
