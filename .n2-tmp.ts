import { contentTokens } from './src/core/knowledge/text-normalizer.js';
for (const q of ["added the MI to an entra group, vault still denies it, how long does it take","managed identity added to an AD group does not get access","how long until group membership applies to key vault","i'm in the group that has access but still can't get secrets"]) console.log(contentTokens(q).join(' '));
