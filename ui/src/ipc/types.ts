// The shapes the Rust commands send and receive: generated from the Rust DTOs by ts-rs into
// ./bindings (a Rust test fails on drift). Here they only get the short names the views use.

import type { AppError } from "./bindings";

export type {
  AmbiguousSaleDto as AmbiguousSale,
  AppError,
  AppInfoDto as AppInfo,
  BootDto as Boot,
  ChannelDto as Channel,
  CreateResultDto as CreateResult,
  CredentialsDto as CredentialStatus,
  DeleteLinksDto as DeleteResult,
  ExpiryDto as ExpiryChoice,
  ExportResultDto as ExportResult,
  FieldErrorDto as FieldError,
  LinkActions,
  LinkDto,
  LinkFilterDto as LinkQuery,
  LinkFormDto as LinkForm,
  LinkPageDto as LinkPage,
  LinkStatusDto as LinkStatus,
  LinkStatusEvent,
  LinkSummaryDto as LinkSummary,
  DayReportDto as DayReport,
  ReportGroupDto as ReportGroup,
  CurrencyTotalDto as CurrencyTotal,
  LinksChangedEvent,
  LinkTypeDto as LinkType,
  OkMessage as ActionResult,
  PaymentReceivedEvent,
  PaynetEnv,
  IyzicoEnv,
  ProviderId as ProviderName,
  SettingsDto,
  TrackerErrorEvent,
  UiLang as Lang,
  UnseenDto,
  UpdatePhase,
  UpdateStatusDto as UpdateStatus,
  ValidationDto as Validation,
  ReminderDto as Reminder,
  ReminderChannelDto as ReminderChannel,
  RemindResultDto as RemindResult,
  TemplateKindDto as TemplateKind,
  TemplateCheckDto as TemplateCheck,
  TemplateDto as Template,
  TemplatesDto as Templates,
  SavedItemDto as SavedItem,
  SavedItemInputDto as SavedItemInput,
  ImportResultDto as ImportResult,
  ImportLineDto as ImportLine,
} from "./bindings";

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).kind === "string" &&
    typeof (value as AppError).message === "string"
  );
}
