// The shapes the Rust commands send and receive (src-tauri/src/commands, src-tauri/src/error.rs).

export type Lang = "tr" | "en";

export interface AppInfo {
  mode: "demo" | "live";
  version: string;
  sandbox_url?: string;
}

export interface CreateLinkInput {
  amount: string;
  description: string;
  customer: string;
}

export interface Link {
  id: string;
  url: string;
  amount_minor: number;
  /** Formatted by Rust: "1.234,56 TL". */
  amount_text: string;
  description: string;
  customer: string;
  qr_png_data_url: string;
  provider: "paynet" | "paytr";
  demo: boolean;
}

export type FormField = "amount" | "description" | "customer";

/** Every failed command rejects with this. `message` is already in the UI language. */
export interface AppError {
  kind: string;
  message: string;
  retryable: boolean;
  field?: FormField;
  code?: string;
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).kind === "string" &&
    typeof (value as AppError).message === "string"
  );
}
