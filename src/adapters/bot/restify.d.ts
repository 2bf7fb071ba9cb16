/**
 * The slice of restify 11's API the bot server uses (restify ships no type declarations and
 * @types/restify is not installed).
 */
declare module 'restify' {
  import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  /** An incoming request after the body parser ran. */
  export interface Request extends IncomingMessage {
    body?: unknown;
    params?: Record<string, string>;
  }

  /** restify's response helpers on top of Node's. */
  export interface Response extends ServerResponse {
    send(code: number, body?: unknown): void;
    send(body?: unknown): void;
    status(code: number): number;
    header(name: string, value: string): void;
  }

  export type Next = (err?: unknown) => void;
  export type RequestHandler = (req: Request, res: Response, next: Next) => void | Promise<void>;

  export interface Server {
    readonly server: HttpServer;
    use(...handlers: RequestHandler[]): Server;
    pre(...handlers: RequestHandler[]): Server;
    get(path: string, ...handlers: RequestHandler[]): unknown;
    post(path: string, ...handlers: RequestHandler[]): unknown;
    on(event: string, listener: (...args: never[]) => void): Server;
    once(event: string, listener: (...args: never[]) => void): Server;
    off(event: string, listener: (...args: never[]) => void): Server;
    listen(port: number, host: string, callback: () => void): unknown;
    listen(port: number, callback: () => void): unknown;
    close(callback?: () => void): unknown;
    address(): AddressInfo;
  }

  export interface ServerOptions {
    name?: string;
    handleUncaughtExceptions?: boolean;
  }

  export function createServer(options?: ServerOptions): Server;

  export const plugins: {
    bodyParser(options?: { mapParams?: boolean; maxBodySize?: number }): RequestHandler[];
  };
}
