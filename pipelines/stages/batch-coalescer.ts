/**
 * Groups the batches a consumer hands over concurrently (one per partition) and handles each group at once:
 * `submit` resolves once the group holding the item has been handled, and rejects with that group's error.
 * Groups run one at a time, in arrival order; an item arriving while a group runs joins the next group.
 *
 * The state stage uses it to apply and commit the batches of all its partitions in ONE PostgreSQL transaction
 * instead of one transaction per partition in turn: a fetch costs one round of statements, which is what bounds
 * the delay between an event's append and its commit at low rates.
 */
export class BatchCoalescer<T> {
  private waiting: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private tail: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(private readonly handle: (items: T[]) => Promise<void>) {}

  submit(item: T): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      // One macrotask turn lets the other partitions' handlers, started in the same fetch, join this group.
      this.tail = this.tail.then(() => new Promise<void>((r) => setImmediate(r))).then(() => this.flush());
    }
    return done;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const group = this.waiting;
    this.waiting = [];
    try {
      await this.handle(group.map((g) => g.item));
      for (const g of group) g.resolve();
    } catch (err) {
      for (const g of group) g.reject(err);
    }
  }
}
