/**
 * The two classes of Azurite's table service that bench/azurite-bulk-tables.ts starts itself
 * (Azurite publishes no types for its internals). Only what that file uses.
 */
declare module 'azurite/dist/src/table/TableConfiguration.js' {
  export default class TableConfiguration {
    constructor(
      host?: string,
      port?: number,
      keepAliveTimeout?: number,
      metadataDBPath?: string,
      enableDebugLog?: boolean,
      enableAccessLog?: boolean,
      accessLogWriteStream?: unknown,
      debugLogFilePath?: string,
      loose?: boolean,
      skipApiVersionCheck?: boolean,
      cert?: string,
      key?: string,
      pwd?: string,
      oauth?: string,
      disableProductStyleUrl?: boolean,
      isMemoryPersistence?: boolean,
    );
  }
}

declare module 'azurite/dist/src/table/TableServer.js' {
  import type TableConfiguration from 'azurite/dist/src/table/TableConfiguration.js';
  export default class TableServer {
    constructor(configuration: TableConfiguration);
    start(): Promise<void>;
    close(): Promise<void>;
  }
}
