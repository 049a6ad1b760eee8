import type { Catalogue } from "./tr";

export const en: Catalogue = {
  appName: "Tahsildar",
  nav: {
    create: "New link",
  },
  mode: {
    demoLong: "Demo mode — no real money moves",
    live: "Live",
  },
  create: {
    heading: "New payment link",
    intro: "Type the amount and press Enter: your customer scans the QR code and pays by card.",
    amountLabel: "Amount",
    amountPlaceholder: "0,00",
    amountHint: "For example 120 or 1.234,56",
    currency: "TL",
    descriptionLabel: "Description",
    descriptionPlaceholder: "What for? For example 2 kg baklava",
    customerLabel: "Customer's full name",
    customerPlaceholder: "For example Ayşe Yılmaz",
    submit: "Create link",
    submitting: "Creating…",
    enterHint: "Pressing Enter creates the link too.",
  },
  errors: {
    amountRequired: "Enter an amount, for example 120 or 1.234,56.",
    descriptionRequired: "Say what the payment is for, for example \"2 kg baklava\".",
    customerRequired: "Enter the payer's full name; Paynet requires it.",
    unexpected: "Something unexpected went wrong. Try again.",
    retryHint: "You can try again.",
  },
  result: {
    heading: "Your link is ready",
    scanHint: "Your customer can scan this QR code with their phone camera and pay.",
    qrAlt: (amount: string) => `QR code of the payment link for ${amount}`,
    for: "Description",
    customer: "Customer",
    url: "Payment link",
    linkNo: "Link no",
    demoNote: "Demo: this link goes to a test payment page; no real money moves.",
    newLink: "New link",
  },
};
