/**
 * The checks behind `/readyz` in the running bot: the store takes a write (a small record written
 * and deleted), the knowledge base is loaded, Azure answers (a vault lookup by a name that does not
 * exist: any answer proves reachability and the bot's read rights).
 */
import type { AzureDirectory } from '../../core/probes/azure-directory.js';
import type { RecordStore } from '../../core/storage/record-store.js';
import type { StoreHealth } from '../health/store-health.js';
import type { FaqKnowledge } from '../../../dialogs/faq-knowledge.js';
import { Readiness, type ReadinessCheck } from './readiness.js';

/** What the checks look at. */
export interface ReadinessSources {
  /** A store for the write probe (e.g. the `health` namespace). */
  probeStore: RecordStore<{ at: string }>;
  /** Key of this instance's probe record. */
  probeKey: string;
  health: StoreHealth;
  knowledge: Pick<FaqKnowledge, 'size'>;
  azure?: Pick<AzureDirectory, 'findVault' | 'sandbox'>;
  timeoutInMs?: number;
}

function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string };
  return `${err?.name ?? 'Error'}${err?.code ? ` ${err.code}` : ''}: ${err?.message ?? String(e)}`.slice(0, 300);
}

/** Builds the bot's readiness checks. */
export function createReadiness(sources: ReadinessSources): Readiness {
  const timeoutInMs = sources.timeoutInMs ?? 5_000;
  return new Readiness(
    {
      store: async (): Promise<ReadinessCheck> => {
        try {
          await sources.probeStore.put(sources.probeKey, { at: new Date().toISOString() });
          await sources.probeStore.delete(sources.probeKey);
          return { ok: true, writable: true };
        } catch (e) {
          return {
            ok: false,
            ...sources.health.status(),
            writable: false,
            error: errorText((e as { cause?: unknown }).cause ?? e),
          };
        }
      },
      knowledge: () => ({ ok: sources.knowledge.size() > 0, entries: sources.knowledge.size() }),
      ...(sources.azure
        ? {
            azure: async (): Promise<ReadinessCheck> => {
              try {
                await sources.azure!.findVault('kvbot-readiness-check', {
                  abortSignal: AbortSignal.timeout(timeoutInMs),
                });
                return { ok: true, sandbox: sources.azure!.sandbox };
              } catch (e) {
                return { ok: false, sandbox: sources.azure!.sandbox, error: errorText(e) };
              }
            },
          }
        : {}),
    },
    { timeoutInMs, cacheInMs: 10_000 },
  );
}
