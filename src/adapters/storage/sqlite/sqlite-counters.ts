/** Counters in SQLite: one upsert-and-return statement, atomic across processes, never retried. */
import type { Counters } from '../../../core/storage/counter.js';
import type { SqliteDb } from './sqlite-database.js';

/** The counters table as the Counters port. */
export class SqliteCounters implements Counters {
  constructor(private readonly db: SqliteDb) {}

  async next(name: string, first: number): Promise<number> {
    const row = this.db
      .prepare(
        'INSERT INTO counters (name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = next + 1 RETURNING next',
      )
      .get(name, first + 1) as { next: number };
    return row.next - 1;
  }

  /** Sets a counter to at least `next` (migration from a file data directory). */
  raiseTo(name: string, next: number): void {
    this.db
      .prepare(
        'INSERT INTO counters (name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = max(next, excluded.next)',
      )
      .run(name, next);
  }
}
