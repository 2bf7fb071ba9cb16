/**
 * `api-version` checks with ARM's own 400 errors, so a client pinned to an unknown version fails
 * the way it would in Azure instead of getting a silently different shape.
 */
import { armError } from './errors.js';
import type { EmulatorReply, EmulatorRequest } from './http-types.js';

/** Versions each route family accepts (azure-facts §8.3, plus older GA versions of each API). */
export const API_VERSIONS = Object.freeze({
  keyVault: [
    '2026-02-01',
    '2025-05-01',
    '2024-11-01',
    '2023-07-01',
    '2023-02-01',
    '2022-07-01',
    '2021-10-01',
    '2019-09-01',
  ],
  resources: ['2015-11-01', '2021-04-01', '2022-09-01'],
  authorization: ['2022-04-01', '2020-10-01-preview', '2020-04-01-preview', '2018-01-01-preview', '2015-07-01'],
  diagnosticSettings: ['2017-05-01-preview', '2021-05-01-preview'],
  metrics: ['2018-01-01', '2019-07-01', '2021-05-01', '2023-10-01', '2024-02-01'],
} as const);

/** Undefined when the request's api-version is one of `supported`; otherwise ARM's 400. */
export function checkApiVersion(req: EmulatorRequest, supported: readonly string[]): EmulatorReply | undefined {
  const v = req.query.get('api-version');
  if (!v)
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  if (supported.includes(v)) return undefined;
  return armError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`,
  );
}
