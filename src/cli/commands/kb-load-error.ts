/**
 * How the KB commands explain a knowledge base that cannot be loaded.
 */
import { formatKbIssue, KbValidationError } from '../../core/knowledge/kb-errors.js';

/** Prints a load failure to stderr in a form a KB author can act on; returns the exit code. */
export function reportKbLoadError(command: string, dir: string, e: unknown): number {
  if (e instanceof KbValidationError) {
    console.error(`kvbot ${command}: the knowledge base in ${dir} has errors (run "kvbot kb check" for details):`);
    for (const issue of e.issues.filter((i) => i.severity === 'error')) console.error(`  ${formatKbIssue(issue)}`);
  } else console.error(`kvbot ${command}: ${e instanceof Error ? e.message : String(e)}`);
  return 1;
}
