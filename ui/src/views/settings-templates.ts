// Ayarlar → "Mesaj şablonları" (issue 11 §2): the link message and the reminder, with their
// placeholders (a click puts one in at the cursor), a live preview written by Rust, its notes
// under each box, "Varsayılana dön", and "… saat sonra hatırlat".

import {
  getTemplates,
  previewTemplate,
  saveTemplate,
  setRemindAfterHours,
  toAppError,
  type AppError,
  type Template,
  type TemplateCheck,
  type TemplateKind,
  type Templates,
} from "../ipc";
import type { Ctx } from "../context";
import { button, h } from "../dom";
import { busyWhile } from "./status";

/** The preview is asked this long after the last keystroke. */
export const PREVIEW_DELAY_MS = 200;

interface Box {
  text: HTMLTextAreaElement;
  chips: HTMLElement;
  state: HTMLElement;
  notes: HTMLElement;
  preview: HTMLElement;
  timer?: ReturnType<typeof setTimeout>;
  seq: number;
}

export class TemplatesCard {
  readonly root: HTMLElement;
  private readonly boxes = new Map<TemplateKind, Box>();
  private readonly hours: HTMLInputElement;
  private readonly hoursError: HTMLElement;
  private readonly hoursUnit: HTMLElement;
  private readonly loadError: HTMLElement;
  /** Resolves once the saved templates are on screen. */
  readonly loaded: Promise<void>;

  constructor(private readonly ctx: Ctx) {
    const t = ctx.t.remind;
    this.hours = h("input", { id: "remind-hours", type: "number", min: "1", max: "720", step: "1", inputmode: "numeric", "aria-describedby": "remind-hours-hint remind-hours-error" });
    this.hoursError = h("p", { id: "remind-hours-error", class: "field-error", role: "alert", hidden: true });
    this.hours.addEventListener("change", () => void this.saveHours());
    // "1 hour", "2 hours": the word after the box follows the number as it is typed.
    this.hoursUnit = h("span", { id: "remind-hours-unit" }, t.hoursAfter(24));
    this.hours.addEventListener("input", () => this.sayUnit());
    this.loadError = h("p", { id: "templates-error", class: "form-error", role: "alert", hidden: true });
    this.root = h(
      "fieldset",
      { id: "templates", class: "card in-use templates-card" },
      h("legend", {}, t.templatesHeading),
      h("p", { class: "hint" }, t.templatesHint),
      this.loadError,
      this.box("link", t.linkTemplate),
      this.box("reminder", t.reminderTemplate),
      h("label", { class: "hours-row", for: "remind-hours" }, h("span", {}, t.hoursBefore), this.hours, this.hoursUnit),
      this.hoursError,
      h("p", { id: "remind-hours-hint", class: "hint" }, t.hoursHint),
    );
    this.loaded = this.load();
  }

  private box(kind: TemplateKind, label: string): HTMLElement {
    const t = this.ctx.t.remind;
    const id = `template-${kind}`;
    const box: Box = {
      text: h("textarea", { id: `${id}-text`, rows: "3", spellcheck: "false", "aria-describedby": `${id}-notes ${id}-preview` }),
      chips: h("div", { class: "placeholder-chips" }),
      state: h("span", { id: `${id}-state`, class: "template-state" }),
      notes: h("ul", { id: `${id}-notes`, class: "template-notes", "aria-live": "polite" }),
      preview: h("p", { id: `${id}-preview`, class: "template-preview" }),
      seq: 0,
    };
    this.boxes.set(kind, box);
    box.text.addEventListener("input", () => this.schedulePreview(kind));
    const save: HTMLButtonElement = button({ id: `${id}-save`, class: "primary small" }, t.save, () => void busyWhile(save, () => this.save(kind, box.text.value)));
    const reset: HTMLButtonElement = button({ id: `${id}-reset`, class: "secondary small" }, t.reset, () => void busyWhile(reset, () => this.save(kind, null)));
    return h(
      "div",
      { id, class: "template-box" },
      h("label", { class: "template-label", for: `${id}-text` }, h("span", {}, label), box.state),
      box.chips,
      box.text,
      box.notes,
      h("div", { class: "template-preview-wrap" }, h("span", { class: "hint" }, t.preview), box.preview),
      h("div", { class: "button-row" }, save, reset),
    );
  }

  /** Read when Ayarlar is built (at start): a failure is said in the card, not as a toast over
   *  whatever view the owner is on. */
  private async load(): Promise<void> {
    try {
      this.show(await getTemplates());
      this.loadError.hidden = true;
    } catch (err) {
      this.loadError.textContent = toAppError(err).message;
      this.loadError.hidden = false;
    }
  }

  /** Everything, as read when Ayarlar is built. */
  private show(all: Templates): void {
    for (const tpl of [all.link, all.reminder] as Template[]) this.showTemplate(tpl, all.placeholders);
    this.showHours(all);
  }

  /** One box: its text, whether it is the owner's, its notes and preview, its field chips. */
  private showTemplate(tpl: Template, placeholders: string[]): void {
    const box = this.boxes.get(tpl.kind);
    if (!box) return;
    const t = this.ctx.t.remind;
    box.text.value = tpl.text;
    box.state.textContent = tpl.custom ? t.custom : t.builtIn;
    box.state.classList.toggle("custom", tpl.custom);
    this.showCheck(box, tpl.check);
    // The fields come with the templates: Rust knows which ones it fills in.
    box.chips.replaceChildren(
      h("span", { class: "hint" }, t.fields),
      ...placeholders.map((name) => {
        const meaning = t.fieldNames[name];
        const said = meaning ? { title: meaning, "aria-label": `${name}: ${meaning}` } : {};
        return button({ class: "chip", "data-placeholder": name, ...said }, name, () => this.insert(tpl.kind, name));
      }),
    );
  }

  private showHours(all: Templates): void {
    this.hours.value = String(all.remindAfterHours);
    this.hours.min = String(all.minHours);
    this.hours.max = String(all.maxHours);
    this.sayUnit();
  }

  private sayUnit(): void {
    const n = Number(this.hours.value);
    this.hoursUnit.textContent = this.ctx.t.remind.hoursAfter(Number.isFinite(n) ? n : 0);
  }

  private showCheck(box: Box, check: TemplateCheck, refusal?: string): void {
    const lines = refusal ? [refusal] : check.messages;
    box.notes.replaceChildren(...lines.map((m) => h("li", { class: refusal || !check.canSave ? "field-error" : "hint" }, m)));
    box.text.toggleAttribute("aria-invalid", Boolean(refusal) || !check.canSave);
    box.preview.textContent = check.preview;
  }

  /** Puts `name` in at the cursor (replacing a selection), as if typed. */
  private insert(kind: TemplateKind, name: string): void {
    const box = this.boxes.get(kind);
    if (!box) return;
    const el = box.text;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    el.setRangeText(name, start, end, "end");
    el.focus();
    this.schedulePreview(kind);
  }

  private schedulePreview(kind: TemplateKind): void {
    const box = this.boxes.get(kind);
    if (!box) return;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => void this.preview(kind), PREVIEW_DELAY_MS);
  }

  /** Only the latest keystroke's answer is drawn. */
  private async preview(kind: TemplateKind): Promise<void> {
    const box = this.boxes.get(kind);
    if (!box) return;
    const seq = ++box.seq;
    try {
      const check = await previewTemplate(kind, box.text.value);
      if (seq === box.seq) this.showCheck(box, check);
    } catch (err) {
      console.warn("preview_template failed", toAppError(err).message);
    }
  }

  /** Saves (null: back to the built-in message); a refusal is said under the box. */
  private async save(kind: TemplateKind, text: string | null): Promise<void> {
    const box = this.boxes.get(kind);
    if (!box) return;
    const t = this.ctx.t.remind;
    clearTimeout(box.timer);
    box.seq++;
    try {
      // Only this box is redrawn: the other one may hold typing not saved yet, and the hours
      // are saved on their own (an answer here could even carry the hours before that save).
      const all = await saveTemplate(kind, text);
      this.showTemplate(all[kind], all.placeholders);
      this.ctx.toast(text === null ? t.resetDone : t.saved);
    } catch (err) {
      const e = toAppError(err);
      const onField = fieldMessage(e, "text");
      if (!onField) return this.ctx.toast(e.message, "error");
      this.showCheck(box, { preview: box.preview.textContent ?? "", messages: [], canSave: false }, onField);
    }
  }

  private async saveHours(): Promise<void> {
    this.hoursError.hidden = true;
    this.hours.removeAttribute("aria-invalid");
    try {
      const typed = Number(this.hours.value.trim() || "NaN");
      const all = await setRemindAfterHours(Number.isInteger(typed) ? typed : null);
      this.hours.value = String(all.remindAfterHours);
      this.ctx.toast(this.ctx.t.remind.hoursSaved(all.remindAfterHours));
    } catch (err) {
      const e = toAppError(err);
      this.hoursError.textContent = fieldMessage(e, "hours") ?? e.message;
      this.hoursError.hidden = false;
      this.hours.setAttribute("aria-invalid", "true");
    }
  }
}

function fieldMessage(e: AppError, field: string): string | null {
  const f = e.fields?.find((x) => x.field === field);
  if (f) return f.message;
  return e.field === field ? e.message : null;
}
