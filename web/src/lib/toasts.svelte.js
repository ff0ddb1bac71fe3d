// Short notices shown in a live region.
class Toasts {
  items = $state([]);
  #next = 1;

  show(text, tone = 'info', ms = 5000) {
    const id = this.#next++;
    this.items = [...this.items, { id, text, tone }];
    if (ms) setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  dismiss(id) {
    this.items = this.items.filter((item) => item.id !== id);
  }
}

export const toasts = new Toasts();
