/**
 * Vocabulary folding for the matcher: many ways users name the same thing → one token. Applied
 * to both questions and KB short fields, so an entry written with "Microsoft Entra group" matches
 * "aad group". Phrases are matched longest first, on whole words.
 */

/** Canonical token → phrases (already lower case, single spaces) that mean it. */
export const SYNONYM_GROUPS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  entra: ['azure active directory', 'active directory', 'microsoft entra id', 'microsoft entra', 'entra id', 'azure ad', 'aad', 'ad', 'entraid'],
  kv: ['azure key vaults', 'azure key vault', 'key vaults', 'key vault', 'keyvaults', 'keyvault', 'akv', 'vaults', 'vault'],
  certificate: ['certificates', 'certs', 'cert', 'certificat'],
  managedidentity: ['managed identities', 'managed identity', 'managed service identity', 'system assigned identity', 'user assigned identity', 'msi', 'mi', 'mis', 'identity of the app'],
  serviceprincipal: ['service principals', 'service principal', 'app registrations', 'app registration', 'app reg', 'enterprise application', 'enterprise app', 'spn', 'sp'],
  unauthenticated: ['401', 'unauthorized', 'unauthorised', 'unauthenticated', 'not authenticated', 'unauthenticated request'],
  forbidden: ['403', 'forbidden', 'access denied', 'permission denied', 'accessdenied'],
  // The status code and its reason phrase name the error; "throttled" alone is the situation.
  // Kept apart so "why 429?" finds the error entry and "we keep getting throttled" the practices.
  toomanyrequests: ['429', 'too many requests', 'toomanyrequests', 'http 429'],
  throttle: ['throttling', 'throttled', 'throttles', 'rate limiting', 'rate limited', 'rate limit', 'ratelimit'],
  rbac: ['role based access control', 'role-based access control', 'access control iam', 'iam'],
  template: ['arm templates', 'arm template', 'bicep', 'terraform', 'arm', 'templates'],
  redeploy: ['re deploy', 're-deploy', 'redeployment', 'redeploying', 'redeployed'],
  when: ['last week', 'last month', 'last night', 'yesterday', 'recently', 'what time', 'timestamp', 'last time', 'last'],
  who: ['whom', 'which user', 'which users', 'which identity', 'which person', 'by whom'],
  signin: ['log in', 'login', 'logon', 'log on', 'sign in', 'sign on', 'signon', 'logging in', 'signing in', 'signed in', 'logged in'],
  onpremises: ['on premises', 'on premise', 'on prem', 'onprem', 'onpremise', 'on-prem', 'on-premises', 'on-premise', 'self hosted', 'datacenter'],
  disabled: ['greyed out', 'grayed out', 'greyed', 'grayed', 'read only', 'readonly', 'locked', 'disable', 'not clickable', 'inactive'],
  accesspolicy: ['access policies', 'access policy', 'accesspolicies', 'access-policy', 'policies', 'policy'],
  unable: ['not able', "can't", 'cannot', 'can not', 'cant', 'unable to', 'not able to', 'couldnt', "couldn't", 'could not', 'fails to', 'failing to', 'failed to'],
  cli: ['azure cli', 'az cli', 'az'],
  powershell: ['azure powershell', 'pwsh', 'ps'],
  get: ['download', 'downloading', 'downloaded', 'downloads', 'retrieve', 'retrieving', 'fetch', 'fetching', 'obtain', 'pull', 'read', 'reading'],
  see: ['view', 'viewing', 'show', 'display', 'visible', 'showing'],
  app: ['application', 'applications', 'apps', 'web app', 'webapp', 'function app', 'function apps', 'azure function', 'azure functions', 'functions', 'function', 'app service', 'services', 'service', 'microservices', 'microservice', 'program', 'workload'],
  group: ['security group', 'security groups', 'groups', 'team', 'whole team', 'entire team', 'distribution list', 'distribution lists', 'distribution group', 'mail enabled group', 'everyone in', 'all members of', 'squad', 'department'],
  log: ['logs', 'logging', 'audit', 'auditing', 'audit trail', 'auditevent', 'diagnostic settings', 'diagnostic setting', 'diagnostic logs'],
  permission: ['permissions', 'perms', 'perm', 'rights', 'privileges'],
  modify: ['change', 'edit', 'update', 'alter'],
  delete: ['no longer exists', 'no longer exist', 'does not exist anymore', 'do not exist anymore', 'not exist anymore', 'removed', 'remove', 'wipe', 'wiped', 'erase', 'lost', 'lose', 'losing', 'gone', 'disappear', 'disappeared'],
  latency: ['response time', 'slow', 'slowness', 'slowly', 'slower'],
  // Whether the service is up: outages, health, status pages. Monitoring entry territory.
  outage: ['outages', 'downtime', 'is up', 'is it up', 'vault up', 'keyvault up', 'up or down', 'up and running', 'service health', 'service status', 'status of the service', 'status of key vault', 'status of the key vault', 'status of the vault', 'status of azure', 'azure status', 'status page', 'not responding', 'unresponsive', 'service unavailable', '503', 'degraded', 'degradation', 'incident on azure', 'azure incident'],
  timeout: ['timeouts', 'time out', 'times out', 'timed out', 'timing out', 'time outs', 'request timeout', 'gateway timeout', '504', '408', 'hangs', 'hanging', 'hung'],
  // "Right now" is time, not rights.
  now: ['right now', 'at the moment', 'at this moment', 'as we speak'],
  alert: ['notify', 'notification', 'alerted', 'alerting'],
  // The 403 message's "The user, group or application does not have …" names the caller, not a group.
  caller: ['user group or application', 'user group or app'],
  // A resource group is a scope, not a group of people (and "resource" is a generic word).
  resource: ['resource group', 'resource groups', 'resourcegroup', 'resourcegroups'],
  user: ['account', 'person', 'someone', 'colleague'],
  developer: ['developers', 'devs', 'engineers', 'engineer'],
  // "Individual" alone means one object (a single secret); about people it means per person, the
  // opposite of granting a group, so those phrases fold to their own token.
  individual: ['single', 'specific', 'particular'],
  peruser: ['individual users', 'individual people', 'individual persons', 'individual person', 'individual accounts', 'individual members', 'individual identities', 'individual employees', 'each user', 'each person', 'each member', 'each individual', 'each employee', 'each developer', 'every user', 'every person', 'every member', 'every individual', 'one by one', 'one at a time', 'user by user', 'person by person', 'per user', 'per person', 'user per user'],
  // Being stopped by the product rather than failing: "the portal won't let me", "not permitted".
  notallowed: ['not allowed', 'not permitted', 'will not let me', 'does not let me', 'do not let me', 'not letting me', 'not allowing me', 'prevents me', 'prevented from', 'blocked from'],
  // Asking for the list of error types or troubleshooting steps is asking for the 401 / 403 / 429
  // entries, which share the seed heading "Recommended troubleshooting steps for following error types".
  errortypes: ['troubleshooting steps', 'troubleshooting step', 'troubleshoot steps', 'troubleshooting guide', 'error codes', 'error types', 'types of errors', 'kinds of errors', 'error type', 'http error codes', 'http errors', 'status codes', 'http status codes'],
  // Seeing the vault but not what is in it is the list / get entry's situation.
  contents: ['inside it', 'inside of it', 'inside the vault', 'inside the key vault', 'inside the keyvault', 'contents of the vault', 'contents of the key vault', 'vault contents', 'its contents', 'the contents', 'content', "what is in it", 'what is inside', 'whats inside', 'items inside', 'items in it'],
  // Trouble words are generic (see matcher-defaults): they never decide between entries.
  issue: ['issues', 'problem', 'problems', 'trouble', 'troubles', 'troubleshoot', 'troubleshooting'],
  // Programming languages all mean "from my code". "code" is generic ("status code", "error code"),
  // so a language alone never decides a match ("write me a python script" is not a vault question);
  // the SDK's own words (below, and the credential classes) do.
  code: ['csharp', 'fsharp', 'dotnet', 'python', 'java', 'javascript', 'typescript', 'nodejs', 'node js', 'golang', 'spring boot', 'source code', 'my code', 'our code', 'in code', 'from code'],
  sdk: ['sdks', 'client library', 'client libraries', 'azure identity', 'identity library', 'identity sdk'],
  // Azure Identity credential classes: whichever one a user names, the question is how code signs in.
  azurecredential: ['defaultazurecredential', 'clientsecretcredential', 'clientcertificatecredential', 'managedidentitycredential', 'azureclicredential', 'azurepowershellcredential', 'azuredeveloperclicredential', 'environmentcredential', 'workloadidentitycredential', 'chainedtokencredential', 'interactivebrowsercredential', 'devicecodecredential', 'visualstudiocredential', 'visualstudiocodecredential', 'sharedtokencachecredential', 'usernamepasswordcredential', 'onbehalfofcredential', 'tokencredential', 'credential class', 'credential classes', 'credential type', 'credential chain'],
  // The SDKs' sign-in failures: the code could not get a token, which the 401 entry covers.
  autherror: ['credentialunavailableerror', 'credentialunavailableexception', 'authenticationfailederror', 'authenticationfailedexception', 'clientauthenticationerror', 'clientauthenticationexception', 'authenticationrequirederror', 'msalserviceexception', 'msalclientexception', 'msalexception', 'aadsts', 'authentication unavailable', 'credential unavailable', 'failed to acquire a token', 'failed to acquire token', 'failed to get a token', 'failed to get token', 'failed to retrieve a token', 'failed to retrieve token', 'could not get a token', 'unable to get a token', 'unable to acquire a token'],
  metric: ['metrics', 'numbers', 'stats', 'statistics', 'graphs', 'graph', 'charts', 'chart', 'telemetry', 'counters', 'kpi', 'kpis'],
  requestcount: ['request count', 'requests count', 'number of requests', 'number of calls', 'request volume', 'call volume', 'api hits', 'api calls', 'requests per second', 'calls per second'],
  threshold: ['thresholds', 'goes above', 'go above', 'goes over', 'above a limit', 'spikes', 'spike'],
  secret: ['connection string', 'connection strings', 'db password', 'database password', 'sql password', 'client secrets'],
  compliance: ['compliant', 'auditor', 'auditors', 'security team', 'soc team', 'forensics'],
  // Watching over time: "keep an eye on the vault" is monitoring, whatever the verb.
  monitor: ['keep an eye on', 'keep track of', 'keep tabs on', 'monitoring', 'monitored', 'observe', 'observing', 'observability'],
  // Where a developer runs code outside Azure; the authentication entry covers it.
  localdev: ['local development', 'local dev', 'developing locally', 'locally', 'dev machine', 'dev machines', 'development machine', 'developer machine', 'local machine', 'dev laptop', 'developer laptop', 'work laptop', 'workstation', 'dev box'],
  // "Auth" is how people shorten authentication in chat.
  authenticate: ['auth', 'authn'],

  // Key Vault topics this FAQ does not cover, each folded to one token so that the matcher can
  // count it as evidence against answering (MATCHER_DEFAULTS.outOfScopeTerms): "recover a deleted
  // secret" is about soft delete, not about the "delete" words of the access-policy entries.
  softdelete: ['soft delete', 'soft deleted', 'soft-delete', 'softdelete', 'purge', 'purged', 'purging', 'purge protection', 'recover a deleted', 'recover deleted', 'recover the deleted', 'undelete', 'recycle bin', 'retention period', 'retention', 'recover', 'recovery'],
  backup: ['back up', 'backups', 'backing up', 'restore', 'restoring', 'disaster recovery', 'geo replication', 'replicate'],
  pricing: ['price', 'prices', 'cost', 'costs', 'billing', 'how much does', 'sku', 'skus', 'premium tier', 'standard tier', 'premium vs standard', 'cheaper'],
  hsm: ['managed hsm', 'hsms', 'hardware security module', 'fips'],
  rotation: ['rotate', 'rotating', 'rotated', 'auto rotate', 'autorotation', 'auto-rotation', 'key rotation', 'secret rotation'],
  versions: ['version', 'versioning', 'older version', 'previous version', 'secret versions'],
  expiry: ['expiry date', 'expiration date', 'expiry dates', 'expiration dates', 'set expiration', 'activation date', 'expiration time'],
  privateendpoint: ['private endpoint', 'private endpoints', 'private link', 'privatelink', 'vnet integration', 'service endpoint', 'private dns'],
  createvault: ['create a key vault', 'create a new key vault', 'create key vault', 'create a vault', 'create a new vault', 'create new vault', 'create new key vault', 'new key vault', 'provision a key vault', 'provision a vault', 'set up a key vault', 'set up a new key vault', 'az keyvault create', 'create keyvault'],
  movevault: ['move', 'moving', 'moved', 'migrate', 'migrating', 'migration', 'another subscription', 'another region', 'transfer'],
  certrenewal: ['renew', 'renewal', 'renewing', 'digicert', 'globalsign', 'certificate authority', 'issuer provider', 'import a certificate', 'import certificate', 'pfx', 'pem file', 'csr'],
  sizelimit: ['maximum size', 'max size', 'size limit', 'how big', 'how large', 'maximum length', 'max length'],
  // Helpdesk things that are not Key Vault at all.
  // Account self-service, a helpdesk topic even though it says "password" or "reset".
  passwordreset: ['reset my password', 'reset the password', 'reset password', 'password reset', 'forgot my password', 'forgot password', 'forgotten password', 'change my password', 'mfa', 'multi factor', 'multifactor', 'two factor', '2fa', 'authenticator app'],
  // Teams the product ("is teams down") is not a team of people.
  msteams: ['microsoft teams', 'ms teams', 'teams app', 'teams notifications', 'teams notification', 'teams meeting', 'teams call', 'teams down', 'teams is down', 'teams outage', 'teams not working', 'teams is not working', 'teams crashing', 'teams crashed', 'teams keeps crashing', 'teams is slow', 'teams client', 'teams chat', 'teams channel'],
  hardware: ['new laptop', 'replacement laptop', 'laptop replacement', 'laptop broken', 'broken laptop', 'printer', 'printers', 'keyboard', 'mouse', 'headset', 'webcam', 'new monitor', 'second monitor', 'external monitor', 'extra monitor', 'docking station', 'desktop pc'],
});

/** Contractions expanded before synonym folding. */
export const CONTRACTIONS: Readonly<Record<string, string>> = Object.freeze({
  "won't": 'will not', "can't": 'cannot', "don't": 'do not', "doesn't": 'does not', "didn't": 'did not',
  "isn't": 'is not', "aren't": 'are not', "wasn't": 'was not', "weren't": 'were not', "haven't": 'have not',
  "hasn't": 'has not', "i'm": 'i am', "it's": 'it is', "what's": 'what is', "i've": 'i have', "i'd": 'i would',
  "shouldn't": 'should not', "wouldn't": 'would not', "couldn't": 'could not', "let's": 'let us',
  dont: 'do not', doesnt: 'does not', didnt: 'did not', isnt: 'is not', wont: 'will not', im: 'i am',
});
