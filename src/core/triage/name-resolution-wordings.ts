/**
 * The wordings of a host name that did not resolve (DESIGN.md §3 `name-resolution`): the request never
 * left the machine. Node, Python (socket, urllib3, aiohttp), Java (java.net, NIO, Netty), .NET on Windows
 * (Winsock's WSAHOST_NOT_FOUND, WSATRY_AGAIN, WSANO_RECOVERY, WSANO_DATA texts) and Linux (glibc, musl),
 * Go's resolver, Rust's hyper/reqwest, curl and PowerShell.
 */

/** Any of these in a paste says a host name did not resolve. */
export const NAME_RESOLUTION_WORDINGS: readonly RegExp[] = Object.freeze([
  /\bENOTFOUND\b/,
  /\bEAI_AGAIN\b/,
  /No such host is known/i,
  /\bno such host\b/i,
  /Name or service not known/i,
  /\bUnknownHostException\b/,
  /Temporary failure in name resolution/i,
  /nodename nor servname provided/i,
  /Failed to resolve '/i,
  /\bNameResolutionError\b/,
  /remote name could not be resolved/i,
  // Python's socket error as some tools reword it ("Errno -2. Name could not be resolved.").
  /\bName could not be resolved\b/i,
  /getaddrinfo failed/i,
  /\bDNS (?:name )?resolution failed\b/i,
  // Winsock's other lookup failures, as .NET prints them.
  /\bA non-recoverable error occurred during a database lookup\b/i,
  /\bno data of the requested type was found\b/i,
  /\btemporary error during hostname resolution\b/i,
  // musl (Alpine images), Android/bionic and .NET on Linux, Rust, curl, Java NIO, raw DNS answers.
  /\bName does not resolve\b/i,
  /\bNo address associated with hostname\b/i,
  /\bdns error\b/i,
  /\bfailed to lookup address information\b/i,
  /\bCould not resolve host\b/i,
  /\bUnresolvedAddressException\b/,
  /NXDOMAIN\b/,
  // A client that retried and gave up, telling the user to flush the DNS cache (the name did not resolve).
  /\bflush (?:your|the) DNS cache\b/i,
  // Go's resolver: the DNS server failed or timed out on the lookup itself.
  /\bserver misbehaving\b/i,
  /\blookup [\w.-]{1,255} on [\w.:[\]]{3,60}: [^\n]{0,100}?i\/o timeout/i,
  // nslookup's own answer: "*** UnKnown can't find kv.vault.azure.net: Non-existent domain" (or "No response from server").
  /\bcan't find [\w.-]{1,255}: (?:Non-existent domain|No response from server|Server failed|Query refused)\b/i,
]);
