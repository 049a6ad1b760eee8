// A tiny element builder: text always goes in as text, never as HTML (strict CSP, no injection).

import "./styles-tick.css";

type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return h("option", { value, selected }, label);
}

export function button(attrs: Attrs, label: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", ...attrs }, label);
  b.addEventListener("click", onClick);
  return b;
}

/** Destructive buttons ask once more in place: the first click arms the button for a few
 *  seconds ("Emin misiniz? Tekrar tıklayın"), the second runs the action. No modal, no window. */
export function armed(attrs: Attrs, label: string, confirm: () => string, action: () => void): HTMLButtonElement {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const b = h("button", { type: "button", ...attrs }, label);
  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
    b.classList.remove("armed");
    b.textContent = b.dataset.label ?? label;
  };
  b.dataset.label = label;
  b.addEventListener("click", () => {
    if (timer === undefined) {
      b.classList.add("armed");
      b.textContent = confirm();
      timer = setTimeout(disarm, 4000);
      return;
    }
    disarm();
    action();
  });
  b.addEventListener("blur", () => {
    if (timer !== undefined) disarm();
  });
  return b;
}

/** Sets the label of a button made by `armed` (it restores this label after arming). */
export function setArmedLabel(b: HTMLButtonElement, label: string): void {
  b.dataset.label = label;
  if (!b.classList.contains("armed")) b.textContent = label;
}

/** Lays a hidden element out once, unseen (class "warming" shows it off-screen at its parent's
 *  width), so what its first layout loads (fonts) is not waited for when it is first shown. */
export function warmHidden(root: HTMLElement): void {
  const parent = root.parentElement;
  if (!root.hidden || !parent) return;
  root.style.width = `${parent.clientWidth}px`;
  root.classList.add("warming");
  void root.offsetHeight;
  root.classList.remove("warming");
  root.style.width = "";
}

/** A tick box for a list's rows: a button with the checkbox role (`aria-checked`), drawn by CSS
 *  (`.tick`). Not an `<input type="checkbox">`: WebKitGTK holds ~90 KB per native checkbox laid
 *  out (measured: 50 rows' boxes, 4.5 MiB of the page), and Linkler draws one per row. A button
 *  is focusable and answers Space and Enter by itself; `onToggle` hears the owner's clicks only. */
export function tick(label: string, onToggle: (ticked: boolean) => void): HTMLButtonElement {
  const b = h("button", { type: "button", role: "checkbox", class: "tick", "aria-checked": "false", "aria-label": label });
  b.addEventListener("click", () => {
    setTicked(b, !isTicked(b));
    onToggle(isTicked(b));
  });
  return b;
}

function isTicked(b: HTMLElement): boolean {
  return b.getAttribute("aria-checked") === "true";
}

export function setTicked(b: HTMLElement, on: boolean): void {
  const value = on ? "true" : "false";
  if (b.getAttribute("aria-checked") !== value) b.setAttribute("aria-checked", value);
}

/** Date and time fields are made as plain text fields and become pickers here, when they are
 *  first shown: WebKit builds a picker from the locale's calendar (ICU data) as the field is
 *  made, memory an app left on "Yeni link" would otherwise hold for fields it never shows. */
export function asPickers(type: "date" | "datetime-local", ...inputs: HTMLInputElement[]): void {
  for (const input of inputs) if (input.type !== type) input.type = type;
}
