/**
 * Loads test/triage/fixtures/azure-facts-bodies.txt: the real error bodies of azure-facts §1, each
 * with its status, code and inner code, and the bare message (as the service sent it, with real
 * CRLF) for re-wrapping in the forms users paste.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One real error body. */
export interface FactBody {
  id: string;
  status: number;
  code: string;
  inner?: string;
  /** The text exactly as quoted in the facts file. */
  verbatim: string;
  /** The service's `error.message`, with real line breaks. */
  message: string;
}

function messageOf(verbatim: string): string {
  const envelope = /\{"error":[\s\S]*\}\}/.exec(verbatim);
  if (envelope) return (JSON.parse(envelope[0]) as { error: { message: string } }).error.message;
  const goMessage = /Message="([\s\S]*?)"(?: InnerError=|$)/.exec(verbatim);
  if (goMessage?.[1] !== undefined) return JSON.parse(`"${goMessage[1]}"`) as string;
  return verbatim
    .replace(/^RestError: /, '')
    .replace(/^"|"$/g, '')
    .replace(/\\r\\n/g, '\r\n');
}

/** All fixture bodies, in file order. */
export function loadFactBodies(): FactBody[] {
  const file = path.join(__dirname, 'fixtures', 'azure-facts-bodies.txt');
  const blocks = readFileSync(file, 'utf8').split(/^### /m).slice(1);
  return blocks.map((block) => {
    const newline = block.indexOf('\n');
    const [id, meta] = block.slice(0, newline).split(' | ') as [string, string];
    const [status, code, inner] = meta.trim().split(/\s+/) as [string, string, string | undefined];
    const verbatim = block.slice(newline + 1).trim();
    return {
      id: id.trim(),
      status: Number(status),
      code,
      ...(inner ? { inner } : {}),
      verbatim,
      message: messageOf(verbatim),
    };
  });
}
