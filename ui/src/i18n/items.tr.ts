// Turkish: saved items ("Hızlı ürünler", issue 11 §3) — the Ayarlar card, the pick in Yeni link
// and Paylaş's "Bu linki ürün olarak kaydet". Spread into `tr` (tr.ts), so the keys stay
// `t.items.*`, `t.itemPick.*`, `t.itemSave.*`.

export const itemsTr = {
  // The Ayarlar card.
  items: {
    heading: "Hızlı ürünler",
    hint: "Sık sattıklarınızı kaydedin: Yeni link ekranında açıklamayı yazarken önerilir, ilk 6'sı düğme olarak çıkar. Birini seçince form dolar, Enter linki oluşturur.",
    empty: "Henüz kayıtlı ürün yok. \"Ürün ekle\" ile başlayın ya da bir linki Paylaş ekranından ürün olarak kaydedin.",
    add: "Ürün ekle",
    edit: "Düzenle",
    remove: "Sil",
    up: "Yukarı",
    down: "Aşağı",
    upLabel: (name: string) => `${name}: bir yukarı taşı`,
    downLabel: (name: string) => `${name}: bir aşağı taşı`,
    quick: "Düğme",
    quickHint: "İlk 6 ürün Yeni link ekranında düğme olarak çıkar.",
    newHeading: "Yeni ürün",
    editHeading: (name: string) => `Düzenle: ${name}`,
    nameLabel: "Ürünün adı",
    namePlaceholder: "Örneğin Fıstıklı baklava (1 kg)",
    amountLabel: "Fiyat",
    askedHint: "Esnek tutarlı PayTR linkinde fiyatı boş bırakabilirsiniz: o zaman en düşük tutarı her seferinde siz yazarsınız; müşteri bununla en yüksek tutar arasında dilediğini öder.",
    asked: "En düşük tutar: her seferinde siz yazarsınız",
    descriptionLabel: "Linkteki açıklama",
    descriptionPlaceholder: "Müşterinin ödeme sayfasında göreceği metin",
    providerLabel: "Sağlayıcı",
    providerDefault: "Yeni link ekranındaki seçim",
    expiryLabel: "Ne kadar süre ödenebilir?",
    days: (n: number) => `${n} gün`,
    hours: (n: number) => `${n} saat`,
    save: "Ürünü kaydet",
    cancel: "Vazgeç",
    saved: (name: string) => `"${name}" kaydedildi`,
    removed: (name: string) => `"${name}" silindi`,
    moved: (name: string, place: number) => `"${name}" artık ${place}. sırada`,
    exportCsv: "CSV olarak dışa aktar",
    importCsv: "CSV'den içe aktar",
    csvHint: "CSV dosyasını Excel'de açıp düzenleyebilir, sonra geri alabilirsiniz. Aynı adlı ürünler güncellenir.",
    exported: (n: number, path: string) => `${n} ürün kaydedildi: ${path}`,
    importSummary: (added: number, updated: number, unchanged: number, skipped: number) =>
      `İçe aktarma bitti: ${added} ürün eklendi, ${updated} ürün güncellendi, ${unchanged ? `${unchanged} ürün değişmedi, ` : ""}${skipped} satır atlandı.`,
    importLine: (line: number, name: string, reason: string) => `Satır ${line}${name ? ` (${name})` : ""}: ${reason}`,
    importNothing: "Dosyada eklenecek ya da değişecek bir şey yoktu.",
    formErrors: "Formda düzeltilecek alanlar var.",
  },
  // Saved items in "Yeni link" (type-ahead, quick buttons) and on Paylaş (issue 11 §3).
  itemPick: {
    quickLabel: "Hızlı ürünler",
    suggestions: "Kayıtlı ürünler",
    askedAmount: "En düşük tutarı siz yazarsınız",
    picked: (name: string) => `“${name}” forma yazıldı. Enter'a basınca link oluşur.`,
    pickedAsk: (name: string) =>
      `“${name}” forma yazıldı. Müşteri tutarı kendisi seçer; en az ne kadar ödeyeceğini siz yazarsınız: en düşük tutarı yazıp Enter'a basın.`,
    pickedEmail: (name: string) => `“${name}” forma yazıldı. Tahsilat linki müşterinin e-postasını ister: e-postayı yazıp Enter'a basın.`,
    providerMissing: (name: string, provider: string) =>
      `“${name}” ${provider} ile ödenir, ama ${provider} anahtarları henüz girilmedi. Ayarlar'da anahtarları girin, sonra ürünü yeniden seçin.`,
    providerOff: (name: string, provider: string) =>
      `“${name}” ${provider} ile ödenir, ama ${provider} şu an kullanılan sağlayıcılar arasında değil. Ayarlar'da "Kullanılan sağlayıcılar"dan seçin, sonra ürünü yeniden seçin.`,
  },
  itemSave: {
    open: "Bu linki ürün olarak kaydet",
    nameLabel: "Ürünün adı",
    nameHint:
      "Yeni link'te bu adla hızlı ürün olarak çıkar; seçince tutar, açıklama, sağlayıcı ve süre bu linkteki gibi dolar. Taksit ve stok kaydedilmez: gerekirse Ayarlar → Hızlı ürünler'de ekleyin.",
    save: "Kaydet",
    cancel: "Vazgeç",
    saved: (name: string) => `Kaydedildi: “${name}” artık Yeni link'te hızlı ürün.`,
  },
};
