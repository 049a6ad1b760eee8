// The shapes the Rust commands send and receive (issue-3 contract, camelCase JSON). Declared by
// hand until ts-rs writes them to ./bindings; then these become re-exports of the generated ones.

export type Lang = "tr" | "en";
export type ProviderName = "paynet" | "paytr";
export type LinkStatus = "creating" | "waiting" | "paid" | "expired" | "cancelled" | "deleted" | "unknown" | "failed";
export type PaynetEnv = "test" | "live";
export type LinkType = "product" | "collection" | "flex";

export interface SettingsDto {
  /** null: follow the system language. */
  lang: Lang | null;
  paynetEnv: PaynetEnv;
  providersInUse: ProviderName[];
  lastProvider: ProviderName | null;
  closeToTray: boolean;
  sound: boolean;
}

export interface CredentialStatus {
  paynet: boolean;
  paytr: boolean;
  warning?: string | null;
}

export interface AppInfo {
  mode: "demo" | "live";
  version: string;
  sandboxUrl?: string | null;
  settings: SettingsDto;
  credentials: { paynet: boolean; paytr: boolean };
  providersAvailable: ProviderName[];
  /** The OS keychain could not be read: keys may exist but cannot be used. */
  keychainError?: string | null;
}

/** One field's problem; `field` is the form's JSON key (`amountText`, `paytr.maxCount`, …). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Every failed command rejects with this. `message` is already in the UI language. */
export interface AppError {
  kind: string;
  message: string;
  retryable: boolean;
  field?: string | null;
  code?: string | null;
  fields?: FieldError[] | null;
}

/** How long a link stays payable: presets in days, Paynet's hours, PayTR's Turkish wall clock
 *  (`YYYY-MM-DDTHH:MM`). */
export type ExpiryChoice = { kind: "days"; days: number } | { kind: "hours"; hours: number } | { kind: "at"; at: string };

/** The "Yeni link" form as typed: text stays text, Rust judges it (`validate_link_form`). */
export interface LinkForm {
  /** null: the last provider used. */
  provider?: ProviderName | null;
  amount: string;
  currency: string;
  description: string;
  customer: string;
  phone: string;
  email: string;
  sendSms: boolean;
  sendEmail: boolean;
  expiry: ExpiryChoice;
  /** PayTR: 1 (single payment) to 12. */
  maxInstallment: number;
  linkType: LinkType;
  /** PayTR product links: close after this many sales; null = unlimited. */
  stock?: number | null;
  /** PayTR flex links: the highest amount the payer may choose. */
  flexMax?: string | null;
  /** Paynet only: the owner's own reference. */
  reference?: string | null;
}

export interface Validation {
  errors: FieldError[];
  /** PayTR: other unpaid links with this amount, and the nearest free amount ("1.234,57"). */
  sameAmount?: { count: number; suggestion: string } | null;
}

export interface LinkActions {
  refresh: boolean;
  cancel: boolean;
  reopen: boolean;
  delete: boolean;
  resend: boolean;
  check: boolean;
  share: boolean;
}

export interface LinkDto {
  /** The local row id. */
  id: number;
  localRef: string;
  provider: ProviderName;
  /** The provider's own link id. */
  providerId?: string | null;
  url?: string | null;
  amountMinor: number;
  currency: string;
  /** "1.234,56 TL", formatted by Rust. */
  amountText: string;
  description: string;
  customer: string;
  phone?: string | null;
  email?: string | null;
  status: LinkStatus;
  /** ISO 8601, UTC. */
  createdAt: string;
  expiresAt?: string | null;
  paidAt?: string | null;
  lastError?: string | null;
  /** Only from create_link and get_link. */
  qrPngDataUrl?: string | null;
  /** A remark from Rust about this link (e.g. why it is unknown). */
  note?: string | null;
  actions: LinkActions;
}

export interface CreateResult {
  outcome: "created" | "uncertain";
  link: LinkDto;
  /** true: sent; a string: why it was not. */
  sent: { sms?: boolean | string | null; email?: boolean | string | null };
  message?: string | null;
}

export interface LinkQuery {
  text?: string;
  statuses?: LinkStatus[];
  provider?: ProviderName;
  /** YYYY-MM-DD, Turkish calendar days, both inclusive. */
  from?: string;
  to?: string;
  /** Both absent: every matching row (the CSV export). */
  offset?: number;
  limit?: number;
}

export interface LinkPage {
  rows: LinkDto[];
  total: number;
}

export interface DeleteResult {
  deleted: number[];
  failed: { id: number; message: string }[];
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export interface ExportResult {
  path: string;
  rows: number;
}

export interface LinkStatusEvent {
  link: LinkDto;
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).kind === "string" &&
    typeof (value as AppError).message === "string"
  );
}
