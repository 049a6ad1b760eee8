// The one place that talks to Rust. Views call these typed functions, never `invoke` itself.

import { invoke } from "@tauri-apps/api/core";
import type { AppError, AppInfo, CreateLinkInput, Lang, Link } from "./types";
import { isAppError } from "./types";

export type { AppError, AppInfo, CreateLinkInput, FormField, Lang, Link } from "./types";
export { isAppError } from "./types";

/** Turns whatever a rejected invoke carried into an AppError the views can show. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { kind: "internal", message, retryable: false };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toAppError(err);
  }
}

export function getAppInfo(): Promise<AppInfo> {
  return call<AppInfo>("get_app_info");
}

export function createLink(input: CreateLinkInput, lang: Lang): Promise<Link> {
  return call<Link>("create_link", { ...input, lang });
}
