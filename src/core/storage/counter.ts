/**
 * Named counters that hand out each number once, across bot instances (case numbers). The SQLite
 * store increments in a transaction; elsewhere {@link RecordCounters} does compare-and-swap with
 * the shared retry policy (jittered backoff, a high bound), so contention slows it but does not
 * make it fail.
 */
import type { RecordStore } from './record-store.js';
import { updateRecord, type UpdateRecordOptions } from './update-record.js';

/** The counter port. */
export interface Counters {
  /** Returns the counter's current value (`first` when new) and moves it on by one. */
  next(name: string, first: number): Promise<number>;
}

/** A counter record: the next value to hand out. */
export interface CounterRecord {
  next: number;
}

/** Counters as records in a RecordStore, one key per counter. */
export class RecordCounters implements Counters {
  constructor(
    private readonly store: RecordStore<CounterRecord>,
    private readonly options: UpdateRecordOptions = {},
  ) {}

  next(name: string, first: number): Promise<number> {
    return updateRecord(
      this.store,
      name,
      (current) => {
        const value = current?.value.next ?? first;
        return { write: { next: value + 1 }, result: value };
      },
      this.options,
    );
  }
}
