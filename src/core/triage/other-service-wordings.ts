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
  /\bCosmos ?DB\b/i,
  /\bMicrosoft\.DocumentDB\b/i,
  // Cosmos DB's diagnostics ("Forbidden (403); Substatus: 0; ActivityId: …") and exception types.
  /\bSubstatus:\s*\d{1,5}\s*;\s*ActivityId\b/i,
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
  /\b(?:Azure|com\.azure)\.(?:data\.(?:appconfiguration|tables)|storage\.\w{1,20}|cosmos|messaging\.(?:servicebus|eventhubs))\b/i,
  /\bazure\.(?:appconfiguration|cosmos|servicebus|eventhub)\b/,
  // Python tracebacks name the module by its file path: site-packages/azure/appconfiguration/….
  /\bazure[/\\](?:appconfiguration|cosmos|servicebus|eventhub|storage[/\\]\w{1,20}|data[/\\]tables)[/\\]/,
  /\bMicrosoft\.Azure\.(?:Cosmos|Documents|ServiceBus|EventHubs|Storage)\b/,
  /@azure\/(?:app-configuration|storage-[a-z-]{1,20}|cosmos|service-bus|event-hubs|data-tables)\b/,
  /\bsdk\/(?:data\/az(?:appconfig|cosmos|tables)|storage\/az\w{1,10}|messaging\/az\w{1,12})\b/,
]);
