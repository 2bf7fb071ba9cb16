/**
 * What says a 401/403 came from another Azure service than Key Vault (App Configuration, Storage, Cosmos
 * DB, Service Bus, Event Hubs, Container Registry): its host names, its own codes and wordings, and the
 * names of its client libraries as every language's stack trace or log prints them. The signal table
 * (triage-signals.ts) uses the list only where nothing in the text names Key Vault, and only before the
 * status-only fallbacks: a bare "403 (Forbidden)" from an App Configuration client is not a vault denial.
 */

/** Any of these in a paste says the error is another Azure service's. */
export const OTHER_AZURE_SERVICE_WORDINGS: readonly RegExp[] = Object.freeze([
  // The services' own words and codes.
  /\bconfiguration store\b/i,
  /Server failed to authenticate the request/i,
  /\bAuthorizationPermissionMismatch\b/,
  // Cosmos DB names itself ("Cosmos DB account firewall settings"), its resource provider, its diagnostics
  // ("Forbidden (403); Substatus: 0; ActivityId: …") and its exception types. Case-sensitive where the
  // service prints one spelling: a case-insensitive scan costs more on every message that gets this far.
  /\bCosmos ?D[Bb]\b/,
  /\bMicrosoft\.DocumentDB\b/i,
  /\bSubstatus: ?\d{1,5} ?; ?ActivityId\b/,
  /\b(?:Cosmos(?:Http\w{0,20})?Exception|CosmosHttpResponseError|DocumentClientException)\b/,
  // Their hosts.
  /\.azconfig\.(?:io|azure\.cn)\b/i,
  /\.(?:blob|queue|table|file|dfs)\.core\.windows\.net\b/i,
  /\.servicebus\.windows\.net\b/i,
  /\.documents\.azure\.com\b/i,
  /\.azurecr\.io\b/i,
  // Their client libraries: .NET (Azure.Data.AppConfiguration, Microsoft.Azure.Cosmos), Java
  // (com.azure.data.appconfiguration), Python (azure.appconfiguration, azure.storage.blob), JS
  // (@azure/app-configuration) and Go (sdk/data/azappconfig) name the service in every frame and log line.
  /\b(?:Azure\.(?:Data\.(?:AppConfiguration|Tables)|Storage\.\w{1,20}|Messaging\.(?:ServiceBus|EventHubs))|(?:com\.)?azure\.(?:data\.(?:appconfiguration|tables)|appconfiguration|storage\.\w{1,20}|cosmos|messaging\.(?:servicebus|eventhubs)|servicebus|eventhub))\b/,
  // Python tracebacks name the module by its file path: site-packages/azure/appconfiguration/….
  /\bazure[/\\](?:appconfiguration|cosmos|servicebus|eventhub|storage[/\\]\w{1,20}|data[/\\]tables)[/\\]/,
  /\bMicrosoft\.Azure\.(?:Cosmos|Documents|ServiceBus|EventHubs|Storage)\b/,
  /@azure\/(?:app-configuration|storage-[a-z-]{1,20}|cosmos|service-bus|event-hubs|data-tables)\b/,
  /\bsdk\/(?:data\/az(?:appconfig|cosmos|tables)|storage\/az\w{1,10}|messaging\/az\w{1,12})\b/,
]);

/** A host name of one of those services (a DNS failure for it is that service's, not the vault's). */
export const OTHER_AZURE_SERVICE_HOST =
  /\.(?:(?:blob|queue|table|file|dfs)\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)|azconfig\.(?:io|azure\.cn)|servicebus\.windows\.net|documents\.azure\.com|azurecr\.io|database\.windows\.net)$/i;
