// Turkish: the app's first language. Every other catalogue has exactly these keys.

export const tr = {
  appName: "Tahsildar",
  nav: {
    create: "Yeni link",
  },
  mode: {
    demoLong: "Demo modu — gerçek para çekilmez",
    live: "Canlı",
  },
  create: {
    heading: "Yeni ödeme linki",
    intro: "Tutarı yazın, Enter'a basın: müşteriniz QR kodu okutup kartla öder.",
    amountLabel: "Tutar",
    amountPlaceholder: "0,00",
    amountHint: "Örneğin 120 veya 1.234,56",
    currency: "TL",
    descriptionLabel: "Açıklama",
    descriptionPlaceholder: "Ne için? Örneğin 2 kg baklava",
    customerLabel: "Müşterinin adı soyadı",
    customerPlaceholder: "Örneğin Ayşe Yılmaz",
    submit: "Link oluştur",
    submitting: "Oluşturuluyor…",
    enterHint: "Enter tuşu da linki oluşturur.",
  },
  errors: {
    amountRequired: "Bir tutar girin, örneğin 120 veya 1.234,56.",
    descriptionRequired: "Ne için ödeme alındığını yazın, örneğin \"2 kg baklava\".",
    customerRequired: "Ödeyecek kişinin adını ve soyadını yazın; Paynet bunu istiyor.",
    unexpected: "Beklenmeyen bir sorun oldu. Tekrar deneyin.",
    retryHint: "Tekrar deneyebilirsiniz.",
  },
  result: {
    heading: "Link hazır",
    scanHint: "Müşteriniz bu QR kodu telefonunun kamerasıyla okutup ödeyebilir.",
    qrAlt: (amount: string) => `${amount} ödeme linkinin QR kodu`,
    for: "Açıklama",
    customer: "Müşteri",
    url: "Ödeme linki",
    linkNo: "Link no",
    demoNote: "Demo: bu link deneme ödeme sayfasına gider, gerçek para çekilmez.",
    newLink: "Yeni link",
  },
};

export type Catalogue = typeof tr;
