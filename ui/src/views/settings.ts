// "Ayarlar": language, the providers' keys (write-only: the UI never gets a secret back, it only
// learns "kayıtlı" or not), a plain-words connection test, and which providers are in use.

import {
  clearCredentials,
  saveSettings,
  setIyzicoCredentials,
  setPaynetCredentials,
  setPaytrCredentials,
  testConnection,
  toAppError,
  type AppInfo,
  type CredentialStatus,
  type IyzicoEnv,
  type PaynetEnv,
  type ProviderName,
  type SettingsDto,
} from "../ipc";
import type { Ctx } from "../context";
import { armed, button, h, option } from "../dom";
import { busyWhile } from "./status";
import { sound } from "../sound";
import { SupportCards } from "./settings-support";
import { IyzicoFields } from "./settings-iyzico";
import { TemplatesCard } from "./settings-templates";
import { ItemsCard } from "./settings-items";

const PROVIDERS: ProviderName[] = ["paynet", "paytr", "iyzico"];

/** Builds one control per provider, keyed by provider. */
function perProvider<T>(make: (p: ProviderName) => T): Record<ProviderName, T> {
  return { paynet: make("paynet"), paytr: make("paytr"), iyzico: make("iyzico") };
}

export class SettingsView {
  readonly root: HTMLElement;
  private readonly lang: HTMLSelectElement;
  private readonly paynetKey: HTMLInputElement;
  private readonly paynetEnv: HTMLSelectElement;
  private readonly paytrId: HTMLInputElement;
  private readonly paytrKey: HTMLInputElement;
  private readonly paytrSalt: HTMLInputElement;
  private readonly iyzico: IyzicoFields;
  private readonly status: Record<ProviderName, HTMLElement>;
  private readonly clear: Record<ProviderName, HTMLButtonElement>;
  private readonly test: Record<ProviderName, HTMLButtonElement>;
  /** "Tekrar dene" in each card while the keychain is out of reach. */
  private readonly retry: Record<ProviderName, HTMLButtonElement>;
  private readonly errors: Record<ProviderName, HTMLElement>;
  /** One answer line, moved under the card whose test button was pressed (in sight of it). */
  private readonly testResult: HTMLElement;
  private readonly forms: Record<ProviderName, HTMLFormElement>;
  private readonly secrets: Record<ProviderName, HTMLInputElement[]>;
  /** Only the last test pressed writes the answer line (a slower earlier one is dropped). */
  private testRun = 0;
  private readonly inUse: HTMLFieldSetElement;
  private readonly inUseBoxes: Record<ProviderName, HTMLInputElement>;
  private readonly demoNote: HTMLElement;
  private readonly keychainError: HTMLElement;
  private readonly notificationsOff: HTMLElement;
  private readonly sound: HTMLInputElement;
  private readonly closeToTray: HTMLInputElement;
  private readonly support: SupportCards;
  private readonly items: ItemsCard;

  constructor(private readonly ctx: Ctx) {
    const s = ctx.t.settings;
    this.lang = h(
      "select",
      { id: "lang" },
      option("auto", s.langAuto),
      option("tr", s.langTr),
      option("en", s.langEn),
    );
    this.lang.addEventListener("change", () => {
      const v = this.lang.value;
      void ctx.setLang(v === "tr" || v === "en" ? v : null);
    });

    const secret = (id: string) => h("input", { id, type: "password", autocomplete: "off", spellcheck: "false" });
    this.paynetKey = secret("paynet-key");
    this.paynetEnv = h("select", { id: "paynet-env" }, option("test", s.paynetEnvTest), option("live", s.paynetEnvLive));
    this.paytrId = h("input", { id: "paytr-id", type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false" });
    this.paytrKey = secret("paytr-key");
    this.paytrSalt = secret("paytr-salt");
    const iyzico = (this.iyzico = new IyzicoFields(s, secret, (id, label, control) => this.labelled(id, label, control)));
    iyzico.shopName.addEventListener("change", () => void this.saveShopName());
    this.status = perProvider((p) => h("span", { id: `${p}-status`, class: "saved-pill" }));
    this.errors = perProvider((p) => h("p", { id: `${p}-error`, class: "field-error", role: "alert", hidden: true }));
    this.clear = perProvider((p) =>
      armed({ id: `${p}-clear`, class: "danger" }, s.clear, () => ctx.t.common.confirmAgain, () => void this.remove(p)),
    );
    this.test = perProvider((p) => button({ id: `test-${p}`, class: "secondary" }, s.test, () => void this.runTest(p)));
    const retry = (p: ProviderName) => {
      const b: HTMLButtonElement = button({ id: `${p}-retry`, class: "secondary", hidden: true }, ctx.t.keys.retry, () =>
        void busyWhile(b, () => ctx.retryKeys()),
      );
      return b;
    };
    this.retry = perProvider(retry);
    this.testResult = h("p", { id: "test-result", class: "test-result", role: "status", hidden: true });
    this.secrets = {
      paynet: [this.paynetKey],
      paytr: [this.paytrId, this.paytrKey, this.paytrSalt],
      iyzico: [iyzico.apiKey, iyzico.secretKey],
    };
    this.paynetEnv.addEventListener("change", () => void this.saveEnvOnly());
    iyzico.env.addEventListener("change", () => void this.saveIyzicoEnvOnly());

    const paynetSave = h("button", { id: "paynet-save", type: "submit", class: "primary" }, s.save);
    const paynetForm = this.providerForm(
      "paynet",
      s.paynetHeading,
      [this.labelled("paynet-key", s.paynetKey, this.paynetKey), this.labelled("paynet-env", s.paynetEnv, this.paynetEnv)],
      paynetSave,
    );
    paynetForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void busyWhile(paynetSave, () => this.savePaynet());
    });
    const paytrSave = h("button", { id: "paytr-save", type: "submit", class: "primary" }, s.save);
    const paytrForm = this.providerForm(
      "paytr",
      s.paytrHeading,
      [
        this.labelled("paytr-id", s.paytrId, this.paytrId),
        this.labelled("paytr-key", s.paytrKey, this.paytrKey),
        this.labelled("paytr-salt", s.paytrSalt, this.paytrSalt),
      ],
      paytrSave,
    );
    paytrForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void busyWhile(paytrSave, () => this.savePaytr());
    });
    const iyzicoSave = h("button", { id: "iyzico-save", type: "submit", class: "primary" }, s.save);
    const iyzicoForm = this.providerForm("iyzico", s.iyzicoHeading, iyzico.nodes, iyzicoSave);
    iyzicoForm.addEventListener("submit", (e) => {
      e.preventDefault();
      // Enter in the shop's name saves the name (its change event), not the keys.
      if (document.activeElement === iyzico.shopName) return;
      void busyWhile(iyzicoSave, () => this.saveIyzico());
    });
    this.forms = { paynet: paynetForm, paytr: paytrForm, iyzico: iyzicoForm };
    paynetForm.append(this.testResult);

    const box = (p: ProviderName) => {
      const b = h("input", { type: "checkbox", name: "provider-in-use", value: p, id: `in-use-${p}` });
      b.addEventListener("change", () => void this.saveInUse(b));
      return b;
    };
    this.inUseBoxes = perProvider(box);
    this.inUse = h(
      "fieldset",
      { id: "providers-in-use", class: "card in-use" },
      h("legend", {}, s.inUse),
      h("p", { class: "hint" }, s.inUseHint),
      ...PROVIDERS.map((p) => h("label", { class: "check" }, this.inUseBoxes[p], ctx.t.provider[p])),
    );
    this.demoNote = h("p", { id: "demo-explain", class: "demo-note" }, s.demoExplain);
    this.sound = h("input", { type: "checkbox", id: "sound" });
    this.sound.addEventListener("change", () => void this.patch({ sound: this.sound.checked }));
    this.closeToTray = h("input", { type: "checkbox", id: "close-to-tray", "aria-describedby": "close-to-tray-hint" });
    this.closeToTray.addEventListener("change", () => void this.patch({ closeToTray: this.closeToTray.checked }));
    const notify = h(
      "fieldset",
      { id: "notify", class: "card notify" },
      h("legend", {}, s.notifyHeading),
      h(
        "div",
        { class: "notify-row" },
        h("label", { class: "check" }, this.sound, s.sound),
        button({ id: "sound-test", class: "small" }, s.soundTest, () => void sound.play()),
      ),
      h("label", { class: "check" }, this.closeToTray, s.closeToTray),
      h("p", { id: "close-to-tray-hint", class: "hint" }, s.closeToTrayHint),
      (this.notificationsOff = h("p", { id: "notifications-off", class: "field-error", hidden: true })),
    );
    this.keychainError = h("p", { id: "keychain-error", class: "form-error", hidden: true });
    this.support = new SupportCards(ctx, (change) => this.patch(change));
    this.items = new ItemsCard(ctx);

    this.root = h(
      "section",
      { class: "view view-settings" },
      h(
        "div",
        { class: "card" },
        h("h1", {}, s.heading),
        this.demoNote,
        this.keychainError,
        this.labelled("lang", s.langLabel, this.lang),
      ),
      paynetForm,
      paytrForm,
      iyzicoForm,
      this.inUse,
      notify,
      new TemplatesCard(ctx).root,
      this.items.root,
      ...this.support.nodes,
      h("p", { class: "hint secrets-note" }, s.secretsNote),
    );
  }

  /** Ayarlar opened: the saved items are read again (Paylaş may have added one). */
  onShow(): void {
    void this.items.load();
  }

  /** Shows what Rust says now: saved or not, host, language, providers in use. */
  setInfo(info: AppInfo): void {
    const st = info.settings;
    this.lang.value = st.lang ?? "auto";
    this.paynetEnv.value = st.paynetEnv;
    this.iyzico.env.value = st.iyzicoEnv;
    if (document.activeElement !== this.iyzico.shopName) this.iyzico.shopName.value = st.shopName;
    this.sound.checked = st.sound;
    this.closeToTray.checked = st.closeToTray;
    this.support.setSettings(st);
    this.showStatus(info.credentials, info.keysUnreachable);
    this.demoNote.hidden = info.mode !== "demo";
    // With the keys out of reach the banner above every view already says it.
    this.keychainError.hidden = !info.keychainError || info.keysUnreachable;
    this.keychainError.textContent = info.keychainError ?? "";
    this.notificationsOff.hidden = !info.notificationsOff;
    this.notificationsOff.textContent = info.notificationsOff ?? "";
    for (const p of PROVIDERS) {
      const box = this.inUseBoxes[p];
      box.disabled = !info.credentials[p];
      box.checked = info.credentials[p] && st.providersInUse.includes(p);
    }
    this.inUse.hidden = !PROVIDERS.some((p) => info.credentials[p]);
  }

  /** `unreachable`: the keychain could not be read, so "Kayıtlı değil" would be a guess. */
  private showStatus(c: Record<ProviderName, boolean>, unreachable = false): void {
    const s = this.ctx.t.settings;
    for (const p of PROVIDERS) {
      const lost = unreachable && !c[p];
      this.status[p].textContent = c[p] ? s.saved : lost ? s.unreachable : s.notSaved;
      this.status[p].classList.toggle("on", c[p]);
      this.status[p].classList.toggle("unreachable", lost);
      this.clear[p].hidden = !c[p];
      this.retry[p].hidden = !lost;
      this.status[p].title = c[p] ? s.keepOrReplace : lost ? s.unreachableHint : "";
      // The emptied fields say why they are empty: the key is kept, not lost.
      for (const i of this.secrets[p]) i.placeholder = c[p] ? s.savedPlaceholder : "";
    }
  }

  private async savePaynet(): Promise<void> {
    const key = this.paynetKey.value.trim();
    this.setError("paynet", key ? undefined : this.ctx.t.errors.keyRequired);
    if (!key) return this.paynetKey.focus();
    await this.saved("paynet", () => setPaynetCredentials(key, this.paynetEnv.value as PaynetEnv), [this.paynetKey]);
  }

  private async savePaytr(): Promise<void> {
    const [id, key, salt] = [this.paytrId.value.trim(), this.paytrKey.value.trim(), this.paytrSalt.value.trim()];
    const ok = Boolean(id && key && salt);
    this.setError("paytr", ok ? undefined : this.ctx.t.errors.paytrRequired);
    if (!ok) return [this.paytrId, this.paytrKey, this.paytrSalt].find((i) => !i.value.trim())?.focus();
    await this.saved("paytr", () => setPaytrCredentials(id, key, salt), [this.paytrId, this.paytrKey, this.paytrSalt]);
  }

  private async saveIyzico(): Promise<void> {
    const { apiKey: apiInput, secretKey: secretInput, env } = this.iyzico;
    const [apiKey, secretKey] = [apiInput.value.trim(), secretInput.value.trim()];
    const ok = Boolean(apiKey && secretKey);
    this.setError("iyzico", ok ? undefined : this.ctx.t.errors.iyzicoRequired);
    if (!ok) return [apiInput, secretInput].find((i) => !i.value.trim())?.focus();
    const host = env.value as IyzicoEnv;
    await this.saved("iyzico", () => setIyzicoCredentials(apiKey, secretKey, host), [apiInput, secretInput]);
  }

  /** After any answer the secret fields are emptied: the typed key does not linger in the page. */
  private async saved(p: ProviderName, call: () => Promise<CredentialStatus>, inputs: HTMLInputElement[]): Promise<void> {
    try {
      const status = await call();
      for (const i of inputs) i.value = "";
      this.showStatus(status);
      this.ctx.toast(status.warning || this.ctx.t.toast.keySaved, status.warning ? "error" : "ok");
      await this.ctx.refreshInfo();
    } catch (err) {
      for (const i of inputs) if (i.type === "password") i.value = "";
      this.setError(p, toAppError(err).message);
    }
  }

  private async remove(p: ProviderName): Promise<void> {
    try {
      const status = await clearCredentials(p);
      this.showStatus(status);
      this.ctx.toast(this.ctx.t.toast.keyRemoved);
      await this.ctx.refreshInfo();
    } catch (err) {
      this.setError(p, toAppError(err).message);
    }
  }

  private async runTest(p: ProviderName): Promise<void> {
    const b = this.test[p];
    const s = this.ctx.t.settings;
    const run = ++this.testRun;
    const say = (state: "pending" | "ok" | "fail", message: string) => {
      if (run !== this.testRun) return;
      this.testResult.className = `test-result ${state}`;
      this.testResult.textContent = `${this.ctx.t.provider[p]}: ${message}`;
      this.testResult.scrollIntoView({ block: "nearest" });
    };
    if (this.testResult.parentElement !== this.forms[p]) this.forms[p].append(this.testResult);
    this.testResult.hidden = false;
    say("pending", s.testing);
    await busyWhile(b, async () => {
      try {
        const r = await testConnection(p);
        say(r.ok ? "ok" : "fail", r.message);
      } catch (err) {
        say("fail", toAppError(err).message);
      }
    });
  }

  /** The Paynet host alone changed (the saved key stays). */
  private async saveEnvOnly(): Promise<void> {
    if (this.paynetKey.value.trim()) return; // saved with the key on "Kaydet"
    await this.patch({ paynetEnv: this.paynetEnv.value as PaynetEnv });
  }

  /** The iyzico host alone changed (the saved keys stay). */
  private async saveIyzicoEnvOnly(): Promise<void> {
    const { apiKey, secretKey, env } = this.iyzico;
    if (apiKey.value.trim() || secretKey.value.trim()) return; // saved with the keys
    await this.patch({ iyzicoEnv: env.value as IyzicoEnv });
  }

  private async saveShopName(): Promise<void> {
    const name = this.iyzico.shopName.value.trim();
    if (name === (this.ctx.info()?.settings.shopName ?? "")) return;
    await this.patch({ shopName: name });
  }

  private async saveInUse(changed: HTMLInputElement): Promise<void> {
    const chosen = PROVIDERS.filter((p) => this.inUseBoxes[p].checked);
    if (chosen.length === 0) {
      changed.checked = true;
      this.ctx.toast(this.ctx.t.errors.keepOneProvider, "error");
      return;
    }
    await this.patch({ providersInUse: chosen });
  }

  private async patch(change: Partial<SettingsDto>): Promise<void> {
    const info = this.ctx.info();
    if (!info) return;
    try {
      // Kept at once: the chime on the next payment follows the box even before the refresh.
      const next = { ...info.settings, ...change };
      info.settings = (await saveSettings(next)) ?? next;
      this.ctx.toast(this.ctx.t.toast.saved);
      await this.ctx.refreshInfo();
    } catch (err) {
      this.ctx.toast(toAppError(err).message, "error");
      this.setInfo(info); // the boxes show what is really saved
    }
  }

  private setError(p: ProviderName, message: string | undefined): void {
    this.errors[p].textContent = message ?? "";
    this.errors[p].hidden = !message;
  }

  private labelled(id: string, label: string, control: HTMLElement): HTMLElement {
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  }

  private providerForm(p: ProviderName, title: string, fields: HTMLElement[], save: HTMLButtonElement): HTMLFormElement {
    return h(
      "form",
      { class: `card provider-card provider-${p}`, novalidate: true, autocomplete: "off" },
      h("div", { class: "card-head" }, h("h2", {}, title), this.status[p]),
      ...fields,
      this.errors[p],
      h("div", { class: "actions" }, save, this.test[p], this.retry[p], this.clear[p]),
    );
  }
}
