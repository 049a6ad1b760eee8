// The one place that talks to Rust. Views call these typed functions, never `invoke` or `listen`.

import { invoke } from "@tauri-apps/api/core";
import { MISSED, on, type UnlistenFn } from "./events";
import type {
  ActionResult,
  AmbiguousSale,
  AppError,
  AppInfo,
  Boot,
  CreateResult,
  CredentialStatus,
  DayReport,
  DeleteResult,
  ExportResult,
  Lang,
  LinkDto,
  LinkForm,
  LinkPage,
  LinkQuery,
  LinkStatusEvent,
  LinkSummary,
  LinksChangedEvent,
  PaymentReceivedEvent,
  Reminder,
  ReminderChannel,
  RemindResult,
  TemplateCheck,
  TemplateKind,
  Templates,
  IyzicoEnv,
  PaynetEnv,
  ProviderName,
  SettingsDto,
  TrackerErrorEvent,
  UnseenDto,
  UpdateStatus,
  Validation,
  SavedItem,
  SavedItemInput,
  ImportResult,
} from "./types";
import { isAppError } from "./types";

export type * from "./types";
export { isAppError } from "./types";

let uiLang: Lang = "tr";

/** Every command gets the UI language, so the messages Rust writes match the screen. */
export function setIpcLang(lang: Lang): void {
  uiLang = lang;
}

/** Turns whatever a rejected invoke carried into an AppError the views can show. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { kind: "internal", message, retryable: false };
}

async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, { ...args, lang: uiLang });
  } catch (err) {
    throw toAppError(err);
  }
}

/** Answered at once, before the book is open: whether the language follows the OS's. */
export const getBoot = () => call<Boot>("get_boot");
export const getAppInfo = () => call<AppInfo>("get_app_info");
/** "Tekrar dene" after the keychain could not be read: reads it again, answers the new state. */
export const retryKeychain = () => call<AppInfo>("retry_keychain");
export const getSettings = () => call<SettingsDto>("get_settings");
export const saveSettings = (settings: SettingsDto) => call<SettingsDto>("save_settings", { settings });

export const setPaynetCredentials = (secretKey: string, env: PaynetEnv) =>
  call<CredentialStatus>("set_paynet_credentials", { secretKey, env });
export const setPaytrCredentials = (merchantId: string, merchantKey: string, merchantSalt: string) =>
  call<CredentialStatus>("set_paytr_credentials", { merchantId, merchantKey, merchantSalt });
export const setIyzicoCredentials = (apiKey: string, secretKey: string, env: IyzicoEnv) =>
  call<CredentialStatus>("set_iyzico_credentials", { apiKey, secretKey, env });
export const clearCredentials = (provider: ProviderName) => call<CredentialStatus>("clear_credentials", { provider });
export const testConnection = (provider: ProviderName) => call<ActionResult>("test_connection", { provider });

export const validateLinkForm = (form: LinkForm) => call<Validation>("validate_link_form", { form });
export const createLink = (form: LinkForm) => call<CreateResult>("create_link", { form });

/** The filter's fields go as top-level arguments (the Rust command takes them one by one). */
export const listLinks = (query: LinkQuery) => call<LinkPage>("list_links", { ...query });
export const getLink = (id: number) => call<LinkDto>("get_link", { id });
export const refreshLink = (id: number) => call<LinkDto>("refresh_link", { id });
export const checkLink = (id: number) => call<LinkDto>("check_link", { id });
/** The owner's answer on an uncertain PayTR create: the id (or address) read in the PayTR panel,
 *  or null for "not in the panel". */
export const settleLink = (id: number, providerId: string | null) => call<LinkDto>("settle_link", { id, providerId });
export const cancelLink = (id: number) => call<LinkDto>("cancel_link", { id });
export const reopenLink = (id: number) => call<LinkDto>("reopen_link", { id });
export const deleteLinks = (ids: number[]) => call<DeleteResult>("delete_links", { ids });
export const resendLink = (id: number, channel: "sms" | "email", to: string) =>
  call<ActionResult>("resend_link", { id, channel, to });
/** The Linkler strip's totals for the list's filter (paging ignored), per currency. */
export const linkSummary = (query: LinkQuery) =>
  call<LinkSummary>("link_summary", {
    text: query.text,
    statuses: query.statuses,
    provider: query.provider,
    from: query.from,
    to: query.to,
    toRemind: query.toRemind,
  });
/** "Gün sonu raporu" for Turkish days from..to (`YYYY-MM-DD`; today when both are empty). */
export const dayReport = (from: string, to: string) => call<DayReport>("day_report", { from, to });
/** The day report as CSV: the saved file, or null when the owner cancelled the dialog. */
export const exportDayReport = (from: string, to: string) => call<ExportResult | null>("export_day_report", { from, to });
export const exportCsv = (filter: LinkQuery) => call<ExportResult | null>("export_csv", { filter });

export const openWhatsapp = (id: number, phone: string) => call<string>("open_whatsapp", { id, phone });
export const copyLink = (id: number) => call<void>("copy_link", { id });
export const copyQr = (id: number) => call<void>("copy_qr", { id });
/** The saved file's path, or null when the owner cancelled the dialog. */
export const saveQrPng = (id: number) => call<string | null>("save_qr_png", { id });

/** "Hatırlat" on the owner's click: WhatsApp opens with the reminder (to `to`, empty: the contact
 *  picker), or PayTR sends the link again by SMS / e-mail; recorded either way. */
export const remindLink = (id: number, channel: ReminderChannel, to: string) =>
  call<RemindResult>("remind_link", { id, channel, to });
/** The link's reminders, newest first. */
export const listReminders = (id: number) => call<Reminder[]>("list_reminders", { id });
/** How many waiting links are due a reminder now (the Linkler tab's count). */
export const countToRemind = () => call<number>("count_to_remind");
export const getTemplates = () => call<Templates>("get_templates");
/** The live preview and notes for a template as typed; nothing is saved. */
export const previewTemplate = (kind: TemplateKind, text: string) => call<TemplateCheck>("preview_template", { kind, text });
/** Saves a template; null puts the built-in one back. */
export const saveTemplate = (kind: TemplateKind, text: string | null) => call<Templates>("save_template", { kind, text });
/** null (not a whole number) is refused with the range, like 0 or 721. */
export const setRemindAfterHours = (hours: number | null) => call<Templates>("set_remind_after_hours", { hours });

/** "Ödeme geldi — hangi link?": the owner says which link sale `oid` paid (PayTR confirms first). */
export const resolveSale = (oid: string, linkId: number) => call<LinkDto>("resolve_sale", { oid, linkId });
/** The owner says sale `oid` paid none of the links shown. */
export const dismissSale = (oid: string) => call<void>("dismiss_sale", { oid });
/** Sales still waiting for the owner's pick (also those from before a restart). */
export const listAmbiguousSales = () => call<AmbiguousSale[]>("list_ambiguous_sales");
/** Payments recorded since the owner last looked at Linkler. */
export const getUnseenPayments = () => call<number>("get_unseen_payments");
/** The owner looked: the count is 0 again (the answer is the new count). */
export const markPaymentsSeen = () => call<number>("mark_payments_seen");
/** "Destek paketi oluştur": the saved zip's path, or null when the owner cancelled the dialog. */
export const createSupportPackage = () => call<string | null>("create_support_package");

/** Live status changes (paid, expired …) from the tracker and from every action. */
export function onLinkStatus(handler: (link: LinkDto) => void): Promise<UnlistenFn> {
  return on<LinkStatusEvent>("link-status", (payload) => handler(payload.link));
}

/** Many links changed at once (a first check after a long time offline): re-read, don't redraw each. */
export function onLinksChanged(handler: (count: number) => void): Promise<UnlistenFn> {
  return on<LinksChangedEvent>("links-changed", (payload) => handler(payload.count));
}

/** A link was paid (the provider confirmed it), with the count of payments not yet looked at. */
export function onPaymentReceived(handler: (event: PaymentReceivedEvent) => void): Promise<UnlistenFn> {
  return on<PaymentReceivedEvent>("payment-received", (payload) => handler(payload));
}

/** A PayTR sale fits several waiting links: the owner has to pick. */
export function onAmbiguousSale(handler: (sale: AmbiguousSale) => void): Promise<UnlistenFn> {
  return on<AmbiguousSale>("ambiguous-sale", (payload) => handler(payload));
}

/** A background check failed (it is retried by itself). */
export function onTrackerError(handler: (event: TrackerErrorEvent) => void): Promise<UnlistenFn> {
  return on<TrackerErrorEvent>("tracker-error", (payload) => handler(payload));
}

/** The unseen count changed elsewhere (another window marked the payments seen). */
export function onUnseenPayments(handler: (count: number) => void): Promise<UnlistenFn> {
  return on<UnseenDto>("unseen-payments", (payload) => handler(payload.unseenCount));
}

/** The app dropped events the page had not read (it was busy a long while): read everything again. */
export function onMissed(handler: () => void): Promise<UnlistenFn> {
  return on(MISSED, () => handler());
}

/** The updater: its status, the daily-check switch, "Şimdi denetle" and "Güncelle". */
export const getUpdateStatus = () => call<UpdateStatus>("get_update_status");
export const setUpdateChecks = (on: boolean) => call<UpdateStatus>("set_update_checks", { on });
export const checkForUpdate = () => call<UpdateStatus>("check_for_update");
/** Installs and restarts the app; it answers only when the install could not happen. */
export const installUpdate = () => call<void>("install_update");

/** The update status changed (a check began or ended, a download is ready): ask again. */
export function onUpdateStatus(handler: () => void): Promise<UnlistenFn> {
  return on("update-status", () => handler());
}

// Saved items ("hızlı ürünler", issue 11 §3).
/** Items whose name or description has words starting with `query` (Turkish-insensitive), in the
 *  owner's order, at most `limit`; without a query, all of them (the first six are the quick buttons). */
export const listSavedItems = (query?: string, limit?: number) => call<SavedItem[]>("list_saved_items", { query, limit });
/** Saves an item (`id` null: a new one, placed last). Problems come back as form errors, like createLink's. */
export const saveSavedItem = (item: SavedItemInput) => call<SavedItem>("save_saved_item", { item });
export const deleteSavedItem = (id: number) => call<void>("delete_saved_item", { id });
/** Puts the items in the order of `ids` (every item once); answers the list in its new order. */
export const reorderSavedItems = (ids: number[]) => call<SavedItem[]>("reorder_saved_items", { ids });
/** "Bu linki ürün olarak kaydet": an item from the link's fields, named `name` or after its description. */
export const saveLinkAsItem = (linkId: number, name?: string) => call<SavedItem>("save_link_as_item", { linkId, name });
/** The items as CSV: the saved file, or null when the owner cancelled the dialog. */
export const exportSavedItemsCsv = () => call<ExportResult | null>("export_saved_items_csv");
/** Reads items from a CSV the owner picks: what each line became, or null when cancelled. */
export const importSavedItemsCsv = () => call<ImportResult | null>("import_saved_items_csv");
