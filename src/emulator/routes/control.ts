/**
 * The emulator's own control API under `/_emulator/`, so a test in another process can inspect and
 * steer a separately started `kvbot emulator`: request log, faults, live state.
 */
import type { FaultSpec } from '../fixture-types.js';
import { FaultSpecError, type FaultRegistry } from '../faults.js';
import type { EmulatorReply, EmulatorRequest } from '../http-types.js';
import type { RequestLogEntry } from '../request-log.js';

/** What the control routes act on. */
export interface ControlTargets {
  faults: FaultRegistry;
  requestLog: RequestLogEntry[];
}

const error = (status: number, message: string): EmulatorReply => ({
  status,
  body: { error: { code: 'EmulatorControl', message } },
});

/** Answers `/_emulator/*`; the caller checked the prefix. */
export function controlRoute(req: EmulatorRequest, t: ControlTargets): EmulatorReply {
  const sub = req.path.replace(/^\/_emulator\/?/i, '').toLowerCase();
  if (sub === 'requests' && req.method === 'GET') return { status: 200, body: { value: t.requestLog } };
  if (sub === 'requests' && req.method === 'DELETE') {
    t.requestLog.length = 0;
    return { status: 204 };
  }
  if (sub === 'state' && req.method === 'GET') return { status: 200, body: req.state.snapshot() };
  if (sub === 'faults' && req.method === 'GET') return { status: 200, body: { value: t.faults.list() } };
  if (sub === 'faults' && req.method === 'DELETE') {
    t.faults.clear();
    return { status: 204 };
  }
  if (sub === 'faults' && req.method === 'POST') {
    const specs = Array.isArray(req.body) ? req.body : [req.body];
    try {
      const ids = (specs as FaultSpec[]).map((s) => t.faults.add(s));
      return { status: 201, body: { ids } };
    } catch (e) {
      if (e instanceof FaultSpecError) return error(400, e.message);
      throw e;
    }
  }
  const del = /^faults\/(\d+)$/.exec(sub);
  if (del && req.method === 'DELETE')
    return t.faults.remove(Number(del[1])) ? { status: 204 } : error(404, `no fault ${del[1]}`);
  return error(404, `unknown control route ${req.method} ${req.path}; see docs/emulator.md`);
}
