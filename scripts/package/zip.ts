/**
 * Zip writing (yazl: streaming, deflate on libuv's thread pool) and reading (yauzl), for the
 * packages and for tests that unpack them. adm-zip was tried first and took minutes on the app
 * package (it deflates the whole archive synchronously in memory).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** One entry to add: a file on disk or bytes. */
export type ZipEntry = { name: string; file: string } | { name: string; data: Buffer };

/** Writes a zip of the given entries (names use `/`). */
export async function writeZip(outFile: string, entries: Iterable<ZipEntry>): Promise<void> {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if ('file' in entry) zip.addFile(entry.file, entry.name);
    else zip.addBuffer(entry.data, entry.name);
  }
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(outFile));
}

function* walk(dir: string, rel = ''): Generator<ZipEntry> {
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    const name = rel ? `${rel}/${dirent.name}` : dirent.name;
    if (dirent.isDirectory()) yield* walk(full, name);
    else if (dirent.isFile()) yield { name, file: full };
  }
}

/** Zips a folder's contents, paths relative to the folder. */
export function zipFolder(dir: string, outFile: string): Promise<void> {
  return writeZip(outFile, walk(dir));
}

/** Lists a zip's file names. */
export async function zipEntries(zipFile: string): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(zipFile, async (entry) => {
    names.push(entry.fileName);
  });
  return names;
}

/** Reads one file out of a zip, or undefined when absent. */
export async function readZipEntry(zipFile: string, name: string): Promise<Buffer | undefined> {
  let found: Buffer | undefined;
  await eachEntry(zipFile, async (entry, open) => {
    if (entry.fileName !== name) return;
    const chunks: Buffer[] = [];
    for await (const chunk of await open()) chunks.push(chunk as Buffer);
    found = Buffer.concat(chunks);
  });
  return found;
}

/** Unpacks a zip into `dir` (created); refuses entries that would land outside it. */
export async function unzip(zipFile: string, dir: string): Promise<number> {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  let files = 0;
  await eachEntry(zipFile, async (entry, open) => {
    const target = path.resolve(root, entry.fileName);
    if (target !== root && !target.startsWith(root + path.sep))
      throw new Error(`zip entry ${entry.fileName} points outside ${root}`);
    if (entry.fileName.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await pipeline(await open(), fs.createWriteStream(target));
    files++;
  });
  return files;
}

async function eachEntry(
  zipFile: string,
  visit: (entry: yauzl.Entry, open: () => Promise<NodeJS.ReadableStream>) => Promise<void>,
): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z!))),
  );
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const open = () =>
        new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s!))));
      visit(entry, open).then(
        () => zip.readEntry(),
        (e: unknown) => {
          zip.close();
          reject(e);
        },
      );
    });
    zip.readEntry();
  });
}
