/**
 * Imports a Blob Storage deployment (`KVBOT_STORAGE=blob`: records as `<namespace>/<key>.json` in
 * one container, Bot Framework state in `<container>-state`) into another store, usually the
 * table store (`KVBOT_STORAGE=table`). Every namespace found in the container is copied record by
 * record through the target's own `put`, so the target builds its index rows; the case counter is
 * a record of `case-counters` on both Blob and Table stores and comes along; it and the audit
 * head are only moved forward (see FORWARD_ONLY). Idempotent like the
 * file migration: a record already there with the same value is left alone, one that differs is
 * overwritten with the Blob value (Blob is the source until the switch), so running it again
 * after the bot wrote more converges. Bot state items are copied by key (the state container's
 * blob names are the URI-encoded keys).
 */
import type { ContainerClient } from '@azure/storage-blob';
import { isStorageNamespace } from '../../core/storage/namespaces.js';
import type { RecordStore } from '../../core/storage/record-store.js';
import { BlobRecordStore } from './blob-record-store.js';
import type { MigrationReport } from './migrate-file-data.js';

/** The Blob deployment to read. */
export interface BlobSource {
  /** The records container (`KVBOT_STORAGE_CONTAINER`, default `kvbot`). */
  records: ContainerClient;
  /** The bot state container (`<container>-state`). */
  state: ContainerClient;
}

/** Where the data goes: the record stores and bot state of the target store. */
export interface MigrationTarget {
  recordStore<T>(namespace: string): RecordStore<T>;
  /** Bot Framework state (structurally botbuilder's `Storage`; the SDK stays in the bot adapter). */
  botStorage(): {
    read(keys: string[]): Promise<Record<string, unknown>>;
    write(changes: Record<string, unknown>): Promise<void>;
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Records that only move forward, by the field that orders them: the case counter (`next`) and the
 * audit chain's head (`seq`). One the target already moved past (the bot ran on it) keeps its
 * value, so no case number is handed out twice and the audit chain is not cut back.
 */
const FORWARD_ONLY: Record<string, string> = { 'case-counters': 'next', 'audit-head': 'seq' };

function targetAhead(namespace: string, current: unknown, incoming: unknown): boolean {
  const field = FORWARD_ONLY[namespace];
  if (!field) return false;
  const of = (v: unknown) => (v as Record<string, unknown> | null)?.[field];
  const [have, got] = [of(current), of(incoming)];
  return typeof have === 'number' && typeof got === 'number' && have >= got;
}

/** Copies every namespace and the bot state of `source` into `target`. */
export async function migrateBlobData(source: BlobSource, target: MigrationTarget): Promise<MigrationReport> {
  const report: MigrationReport = { namespaces: [], botState: { imported: 0, unchanged: 0 } };
  const namespaces = new Set<string>();
  if (await source.records.exists())
    // Only the top-level "folders" (each namespace's prefix), not every blob: the records are read below.
    for await (const item of source.records.listBlobsByHierarchy('/'))
      if (item.kind === 'prefix' && item.name.length > 1) namespaces.add(item.name.slice(0, -1));
  for (const namespace of [...namespaces].sort()) {
    const records = await new BlobRecordStore<unknown>(source.records, { namePrefix: `${namespace}/` }).list();
    const to = target.recordStore<unknown>(namespace);
    let imported = 0;
    let unchanged = 0;
    for (const r of records) {
      const current = await to.get(r.key);
      if (current && (same(current.value, r.value) || targetAhead(namespace, current.value, r.value))) unchanged++;
      else {
        await to.put(r.key, r.value);
        imported++;
      }
    }
    report.namespaces.push({ namespace, registered: isStorageNamespace(namespace), imported, unchanged });
  }
  if (await source.state.exists()) {
    const state = target.botStorage();
    for await (const blob of source.state.listBlobsFlat()) {
      const key = decodeURIComponent(blob.name);
      const body = await source.state.getBlobClient(blob.name).downloadToBuffer();
      const item = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const { eTag: _ignored, ...current } = ((await state.read([key]))[key] ?? {}) as Record<string, unknown>;
      if (Object.keys(current).length > 0 && same(current, item)) report.botState.unchanged++;
      else {
        await state.write({ [key]: { ...item, eTag: '*' } });
        report.botState.imported++;
      }
    }
  }
  return report;
}
